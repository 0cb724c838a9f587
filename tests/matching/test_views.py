"""Pages: feeds (add, fetch now, import, health), jobs (search, filters, empty states), job detail."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from jobly.models import BackgroundJob
from matching.models import Feed, Job
from tests.factories import FeedFactory, JobFactory

pytestmark = pytest.mark.django_db


def make_job(**fields):
    fields.setdefault("content_hash", hashlib.sha256(repr(sorted(fields.items())).encode()).hexdigest())
    return JobFactory(**fields)


def test_feeds_page_has_an_empty_state_and_an_add_form(logged_in_client):
    response = logged_in_client.get(reverse("matching:feeds"))
    assert response.status_code == 200
    assert "No feeds yet" in response.content.decode()
    assert 'name="url"' in response.content.decode()


def test_adding_a_feed_from_the_page(logged_in_client, user):
    response = logged_in_client.post(reverse("matching:feeds"), {"url": "https://example.com/jobs.rss", "kind": "rss"})
    assert response.status_code == 302
    assert Feed.objects.get(owner=user).kind == "rss"


def test_adding_a_private_feed_url_shows_the_error(logged_in_client):
    response = logged_in_client.post(reverse("matching:feeds"), {"url": "http://192.168.1.1/feed"})
    assert response.status_code == 400
    assert "not public" in response.content.decode()
    assert not Feed.objects.exists()


def test_fetch_now_starts_a_background_job(logged_in_client, user):
    feed = FeedFactory(owner=user, url="https://example.com/f.rss", title="F")
    response = logged_in_client.post(reverse("matching:fetch-feed", args=[feed.pk]))
    assert response.status_code == 302
    assert BackgroundJob.objects.get(owner=user).type == "feeds.ingest"


def test_another_users_feed_cannot_be_fetched_or_deleted(logged_in_client, other_user):
    feed = FeedFactory(owner=other_user, url="https://example.com/f.rss")
    assert logged_in_client.post(reverse("matching:fetch-feed", args=[feed.pk])).status_code == 404
    assert logged_in_client.post(reverse("matching:delete-feed", args=[feed.pk])).status_code == 404
    assert Feed.objects.filter(pk=feed.pk).exists()
    assert "example.com/f.rss" not in logged_in_client.get(reverse("matching:feeds")).content.decode()


def test_feed_health_is_shown(logged_in_client, user):
    FeedFactory(owner=user, url="https://example.com/f.rss", title="Broken", consecutive_failures=2,
                        last_error_code="http_500", last_error_message="The server answered HTTP 500.")
    page = logged_in_client.get(reverse("matching:feeds")).content.decode()
    assert "failing" in page and "http_500" in page and "2 failures in a row" in page


def test_uploading_an_opml_file_queues_its_import_and_the_worker_adds_the_feeds(logged_in_client, user):
    from jobly import background
    from jobly.models import BackgroundJob

    opml = b'<opml version="2.0"><body><outline text="A" xmlUrl="https://example.com/a.rss"/></body></opml>'
    response = logged_in_client.post(reverse("matching:import-feeds"), {"file": SimpleUploadedFile("a.opml", opml)})
    assert response.status_code == 302
    assert not Feed.objects.filter(owner=user).exists()  # nothing parsed in the request
    job = BackgroundJob.objects.get(owner=user, type="feeds.import_file")
    background.run(job.pk)
    assert Feed.objects.filter(owner=user, url="https://example.com/a.rss").exists()


def test_jobs_page_empty_states(logged_in_client):
    page = logged_in_client.get(reverse("matching:jobs")).content.decode()
    assert "No postings yet" in page
    page = logged_in_client.get(reverse("matching:jobs"), {"q": "nothing"}).content.decode()
    assert "No postings match these filters" in page


def test_jobs_page_searches_filters_and_paginates(logged_in_client, django_assert_max_num_queries):
    for n in range(30):
        make_job(title=f"Django developer {n}", company="Acme", remote_type="remote", description_text="Python")
    make_job(title="Rails developer", company="Beta", remote_type="onsite", description_text="Ruby")
    with django_assert_max_num_queries(8):
        response = logged_in_client.get(reverse("matching:jobs"), {"q": "django", "remote": "remote"})
    page = response.content.decode()
    assert "30 postings" in page and "Rails developer" not in page
    assert "page=2" in page and "q=django" in page
    page2 = logged_in_client.get(reverse("matching:jobs"), {"q": "django", "remote": "remote", "page": 2}).content.decode()
    assert page2.count("Django developer") == 5


def test_jobs_page_treats_empty_form_fields_as_no_filter(logged_in_client):
    make_job(title="Rails developer", description_text="Ruby")
    make_job(title="Go developer", description_text="Go")
    empty_fields = {"q": "rails", "location": "", "salary_min": "", "posted_since": "", "feed": "", "skill": "", "ordering": ""}
    page = logged_in_client.get(reverse("matching:jobs"), empty_fields).content.decode()
    assert "Rails developer" in page and "Go developer" not in page
    assert "not understood" not in page


def test_jobs_page_reports_bad_filters_instead_of_failing(logged_in_client):
    response = logged_in_client.get(reverse("matching:jobs"), {"salary_min": "lots"})
    assert response.status_code == 200
    assert "salary_min" in response.content.decode()


def test_job_detail_shows_clean_description_skills_and_link(logged_in_client):
    job = make_job(title="Platform Engineer", company="Acme", description_html="<p>Run <strong>Kubernetes</strong></p>",
                   skills=["Kubernetes", "Go"], canonical_url="https://example.com/jobs/9", remote_type="remote")
    page = logged_in_client.get(reverse("matching:job-detail", args=[job.pk])).content.decode()
    assert "<strong>Kubernetes</strong>" in page
    assert "?skill=Go" in page
    assert 'href="https://example.com/jobs/9"' in page and 'rel="noopener noreferrer nofollow"' in page


def test_pasting_a_posting_from_the_page(logged_in_client, user):
    response = logged_in_client.post(reverse("matching:paste-job"), {"text": "Acme: Data Engineer\n\nSQL and dbt."})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("matching:job-detail", args=[job.pk])
    assert job.submitted_by == user and job.company == "Acme"


def test_another_users_pasted_posting_is_404(logged_in_client, other_user):
    job = make_job(title="Secret", submitted_by=other_user)
    assert logged_in_client.get(reverse("matching:job-detail", args=[job.pk])).status_code == 404
    assert "Secret" not in logged_in_client.get(reverse("matching:jobs")).content.decode()


def test_pages_need_login(client):
    for name in ("matching:feeds", "matching:jobs"):
        assert client.get(reverse(name)).status_code == 302


def test_load_demo_postings_is_idempotent(settings):
    call_command("load_demo_postings")
    first = Job.objects.count()
    call_command("load_demo_postings")
    # The two WWR feeds share 7 postings (same guid): 25 + 52 new + 36 Google.
    assert Job.objects.count() == first == 25 + 52 + 36
    demo_feeds = Feed.objects.filter(owner__username=settings.DEMO_USERNAME)
    assert demo_feeds.count() == 3
    assert Job.objects.filter(company__in=["Google", "YouTube"]).count() == 36  # the dataset has 2 YouTube postings
    assert all(feed.last_success_at for feed in demo_feeds)


def test_admin_lists_feeds_and_jobs(client, user):
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    FeedFactory(owner=user, url="https://example.com/f.rss")
    make_job(title="Engineer", salary_min=1, salary_max=2, salary_currency="USD", salary_period="year")
    for path in ("/admin/matching/feed/", "/admin/matching/job/", f"/admin/matching/job/{Job.objects.get().pk}/change/"):
        assert client.get(path).status_code == 200, path
