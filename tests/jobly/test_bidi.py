"""Bidi controls in user text (U+202E RIGHT-TO-LEFT OVERRIDE) are kept as typed but isolated on the
pages: every one sits inside a <bdi> (or a form value, attribute or <title>), so it cannot reverse the
page text after it; inside our own sentences (flash messages) the value is wrapped in U+2068…U+2069."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from jobly.bidi import FSI, PDI
from matching.services import matches as match_services
from matching.models import Feed
from tests.factories import ProfileFactory
from tests.matching.matches_helpers import make_job, make_profile, match_index_dir  # noqa: F401

pytestmark = pytest.mark.django_db
RLO = "\u202e"
# Elements whose text is not laid out inline with the page's sentences.
CONTAINED = {"bdi", "title", "option", "textarea", "script", "style"}


class ExposedOverrides(HTMLParser):
    """Collects text runs that carry an RLO outside any isolating element."""

    def __init__(self):
        super().__init__()
        self.open, self.exposed, self.seen = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag not in {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col"}:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass

    def handle_data(self, data):
        if RLO in data:
            self.seen += 1
            if not CONTAINED & set(self.open):
                self.exposed.append((list(self.open[-3:]), data.strip()[:60]))


def exposed(html):
    parser = ExposedOverrides()
    parser.feed(html)
    assert parser.seen, "the override character should be kept as text"
    return parser.exposed


@pytest.fixture
def hostile(user):
    job = make_job(title=f"Engineer {RLO}reganaM", company=f"{RLO}Evil Corp", location=f"Berlin {RLO}nilreB")
    profile = make_profile(user, is_default=True, name=f"Backend {RLO}dnekcaB", headline=f"Python {RLO}nohtyP")
    feed = Feed.objects.create(owner=user, url="https://example.com/jobs.rss", title=f"Jobs {RLO}sboJ",
                               last_error_code="http_500", last_error_message=f"Down {RLO}nwoD", consecutive_failures=1)
    job.feeds.add(feed)
    match_services.recompute_matches(profile=profile)
    return {"job": job, "profile": profile, "feed": feed}


def test_user_text_with_an_override_is_isolated_on_every_main_page(logged_in_client, hostile):
    match = hostile["profile"].matches.first()
    pages = [
        reverse("matching:jobs"), reverse("matching:job-detail", args=[hostile["job"].pk]), reverse("matching:feeds"),
        reverse("matching:matches"), reverse("matching:match-detail", args=[match.pk]), reverse("profiles:list"),
        reverse("profiles:edit", args=[hostile["profile"].pk]), reverse("dashboard"),
    ]
    for path in pages:
        response = logged_in_client.get(path)
        assert response.status_code == 200, path
        assert exposed(response.content.decode()) == [], path


def test_flash_messages_isolate_the_name_inside_the_sentence(logged_in_client, user):
    profile = ProfileFactory(owner=user, name=f"Data {RLO}ataD")
    response = logged_in_client.post(reverse("profiles:make-default", args=[profile.pk]), follow=True)
    assert f"“{FSI}Data {RLO}ataD{PDI}” is now your default profile." in response.content.decode()
