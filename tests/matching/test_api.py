"""Feeds and jobs API: CRUD scoped to the owner, filters, ingest/paste/import, error format."""

import hashlib
import itertools
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from jobly import background
from jobly.models import BackgroundJob
from matching.models import Feed, Job
from tests.matching.feeds import item, rss
from tests.factories import FeedFactory, JobFactory

pytestmark = pytest.mark.django_db
_counter = itertools.count()


def make_job(**fields):
    n = next(_counter)
    values = {
        "title": f"Engineer {n}", "company": "Acme", "description_text": "Work.",
        "canonical_url": f"https://example.com/jobs/{n}", "posted_at": timezone.now(),
        "content_hash": hashlib.sha256(f"job-{n}-{fields}".encode()).hexdigest(),
    }
    values.update(fields)
    feeds = values.pop("feeds", [])
    job = JobFactory(**values)
    job.feeds.set(feeds)
    return job


@pytest.fixture
def other_client(other_user):
    client = APIClient()
    client.force_authenticate(other_user)
    return client


@pytest.fixture
def own_feed(user):
    return FeedFactory(owner=user, url="https://example.com/mine.rss", title="Mine")


@pytest.fixture
def others_feed(other_user):
    return FeedFactory(owner=other_user, url="https://example.com/theirs.rss", title="Theirs")


@pytest.fixture
def shared_feed():
    return FeedFactory(owner=None, is_shared=True, url="https://example.com/shared.rss", title="Shared")


# --- feeds ------------------------------------------------------------------------------------


def test_feed_list_shows_own_and_shared_feeds_only(auth_client, own_feed, others_feed, shared_feed):
    response = auth_client.get("/api/feeds")
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {own_feed.pk, shared_feed.pk}


def test_create_feed_ignores_owner_and_shared_flags(auth_client, user, other_user, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = ["feeds.example"]
    response = auth_client.post(
        "/api/feeds", {"url": "https://example.com/jobs.rss", "title": "Jobs", "owner": other_user.pk, "is_shared": True,
                       "consecutive_failures": 99}, format="json",
    )
    assert response.status_code == 201, response.json()
    feed = Feed.objects.get(pk=response.json()["id"])
    assert feed.owner == user and feed.is_shared is False and feed.consecutive_failures == 0


@pytest.mark.parametrize(
    "url, code",
    [
        ("http://127.0.0.1/feed", "url_not_allowed"),
        ("http://169.254.169.254/latest/meta-data/", "url_not_allowed"),
        ("http://[::1]/feed", "url_not_allowed"),
        ("http://localhost/feed", "url_not_allowed"),
        ("http://10.0.0.1/feed", "url_not_allowed"),
        ("https://example.com:6379/", "port_not_allowed"),
    ],
)
def test_create_feed_with_a_private_url_is_422(auth_client, url, code):
    response = auth_client.post("/api/feeds", {"url": url}, format="json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code
    assert not Feed.objects.exists()


def test_create_feed_with_a_non_url_is_400_with_field_details(auth_client):
    response = auth_client.post("/api/feeds", {"url": "not a url", "fetch_interval_minutes": 0}, format="json")
    assert response.status_code == 400
    details = response.json()["error"]["details"]
    assert "url" in details and "fetch_interval_minutes" in details


def test_following_the_same_feed_twice_is_409(auth_client, own_feed):
    response = auth_client.post("/api/feeds", {"url": own_feed.url}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "feed_exists"


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("get", "/api/feeds/{id}", None),
        ("patch", "/api/feeds/{id}", {"title": "x"}),
        ("put", "/api/feeds/{id}", {"url": "https://example.com/x.rss"}),
        ("delete", "/api/feeds/{id}", None),
        ("post", "/api/feeds/{id}/fetch", None),
    ],
)
def test_another_users_feed_is_404_on_every_endpoint(auth_client, others_feed, method, path, body):
    response = getattr(auth_client, method)(path.format(id=others_feed.pk), body, format="json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "Theirs" not in response.content.decode()
    others_feed.refresh_from_db()
    assert others_feed.title == "Theirs"


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_shared_feeds_are_read_only_for_users(auth_client, shared_feed, method):
    assert auth_client.get(f"/api/feeds/{shared_feed.pk}").status_code == 200
    response = getattr(auth_client, method)(f"/api/feeds/{shared_feed.pk}", {"title": "x"}, format="json")
    assert response.status_code == 404
    assert Feed.objects.filter(pk=shared_feed.pk, title="Shared").exists()


def test_update_and_delete_own_feed(auth_client, own_feed):
    response = auth_client.patch(f"/api/feeds/{own_feed.pk}", {"title": "Renamed", "enabled": False}, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == "Renamed" and response.json()["health"] == "disabled"
    assert auth_client.delete(f"/api/feeds/{own_feed.pk}").status_code == 204
    assert not Feed.objects.filter(pk=own_feed.pk).exists()


def test_renaming_a_feed_to_a_url_already_followed_is_409_and_the_transaction_goes_on(auth_client, user, own_feed):
    other = FeedFactory(owner=user, url="https://other.example/jobs.rss")
    response = auth_client.patch(f"/api/feeds/{other.pk}", {"url": own_feed.url}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "feed_exists"
    assert Feed.objects.get(pk=other.pk).url == "https://other.example/jobs.rss"  # still queryable: a savepoint


def test_fetch_action_starts_an_ingest_job(auth_client, own_feed):
    response = auth_client.post(f"/api/feeds/{own_feed.pk}/fetch")
    assert response.status_code == 202
    body = response.json()
    assert body["type"] == "feeds.ingest" and body["status"] == "queued"
    assert BackgroundJob.objects.get(pk=body["job_id"]).params == {"feed_ids": [own_feed.pk]}


# --- ingest -----------------------------------------------------------------------------------


def test_ingest_one_feed_answers_202_and_an_identical_request_returns_the_same_job(auth_client, own_feed):
    first = auth_client.post("/api/jobs/ingest", {"feed_id": own_feed.pk}, format="json")
    second = auth_client.post("/api/jobs/ingest", {"feed_ids": [own_feed.pk]}, format="json")
    assert first.status_code == 202
    assert second.status_code == 200
    assert first.json()["job_id"] == second.json()["job_id"]


def test_ingest_all_takes_every_enabled_feed_of_the_user(auth_client, user, own_feed, others_feed, shared_feed):
    FeedFactory(owner=user, url="https://example.com/off.rss", enabled=False)
    response = auth_client.post("/api/jobs/ingest", {}, format="json")
    assert response.status_code == 202
    assert BackgroundJob.objects.get(pk=response.json()["job_id"]).params == {"feed_ids": [own_feed.pk]}


def test_ingest_with_another_users_feed_is_404(auth_client, others_feed):
    response = auth_client.post("/api/jobs/ingest", {"feed_ids": [others_feed.pk]}, format="json")
    assert response.status_code == 404
    assert not BackgroundJob.objects.exists()


def test_ingest_without_feeds_is_400(auth_client):
    response = auth_client.post("/api/jobs/ingest", {}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "no_feeds"


def test_ingest_with_bad_ids_is_400_with_details(auth_client):
    response = auth_client.post("/api/jobs/ingest", {"feed_ids": ["x", -1]}, format="json")
    assert response.status_code == 400
    assert "feed_ids" in response.json()["error"]["details"]


# --- jobs list and detail ---------------------------------------------------------------------


def test_full_text_search_ranks_matching_postings(auth_client):
    make_job(title="Senior Django Developer", description_text="Python, Django and PostgreSQL.")
    make_job(title="Rails Engineer", description_text="Ruby on Rails.")
    make_job(title="Backend Engineer", company="Djangonauts", description_text="We build APIs with django.")
    response = auth_client.get("/api/jobs", {"q": "django"})
    assert response.status_code == 200
    titles = [row["title"] for row in response.json()["results"]]
    assert set(titles) == {"Senior Django Developer", "Backend Engineer"}
    assert titles[0] == "Senior Django Developer"


def test_search_reads_the_stored_document_and_never_recomputes_it(db):
    """The GIN index is on the stored `search_document` column, which holds document_sql() for every row,
    and no plan of a ranked search calls to_tsvector (it did per row: 1.5 s per request at 3,000 postings)."""
    from django.db import connection

    from matching.search import document_sql, search

    job = make_job(title="Senior Python Developer", company="Acme", description_text="Django and PostgreSQL.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'job_fulltext_gin'")
        (definition,) = cursor.fetchone()
        cursor.execute(f"SELECT search_document = {document_sql()} FROM matching_job WHERE id = %s", [job.pk])
        (same,) = cursor.fetchone()
        queryset = search(Job.objects.all(), "python developer").order_by("-search_rank")
        sql, params = queryset.query.sql_with_params()
        for seqscan in ("on", "off"):  # whichever plan PostgreSQL picks
            cursor.execute(f"SET LOCAL enable_seqscan = {seqscan}")
            cursor.execute(f"EXPLAIN (VERBOSE) {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "to_tsvector" not in plan, plan
            assert "search_document" in plan
    assert "gin (search_document)" in definition
    assert same is True
    assert [found.pk for found in queryset] == [job.pk]


def test_filters_combine(auth_client, own_feed, others_feed):
    now = timezone.now()
    wanted = make_job(title="Wanted", remote_type="remote", location="Berlin, Germany", salary_min=90000,
                      salary_max=120000, salary_currency="EUR", salary_period="year", skills=["Python", "Django"],
                      feeds=[own_feed])
    make_job(title="On site", remote_type="onsite", location="Berlin", feeds=[own_feed])
    make_job(title="Too cheap", remote_type="remote", location="Berlin", salary_min=30000, salary_max=40000,
             salary_period="year", feeds=[own_feed])
    make_job(title="Old", remote_type="remote", location="Berlin", posted_at=now - timedelta(days=90))
    make_job(title="Other feed", remote_type="remote", location="Berlin", feeds=[others_feed])

    def titles(**params):
        response = auth_client.get("/api/jobs", params)
        assert response.status_code == 200, response.json()
        return {row["title"] for row in response.json()["results"]}

    assert titles(remote="remote", location="berlin", salary_min=80000) == {"Wanted"}
    assert titles(feed=own_feed.pk) == {"Wanted", "On site", "Too cheap"}
    assert titles(feed=others_feed.pk) == set()  # another user's feed filters to nothing
    assert "Old" not in titles(posted_since=(now - timedelta(days=7)).date().isoformat())
    assert titles(skill="Python") == {"Wanted"}
    ordered = [row["title"] for row in auth_client.get("/api/jobs", {"ordering": "salary"}).json()["results"]]
    assert ordered[:2] == ["Wanted", "Too cheap"]


@pytest.mark.parametrize("params", [{"salary_min": "lots"}, {"posted_since": "2024-02-30"}, {"remote": "hired!"},
                                    {"ordering": "random"}, {"feed": "x"}])
def test_invalid_filters_are_400_with_field_details(auth_client, params):
    response = auth_client.get("/api/jobs", params)
    assert response.status_code == 400
    assert set(params) <= set(response.json()["error"]["details"])


def test_job_detail_shows_only_feeds_the_user_can_see(auth_client, own_feed, others_feed):
    job = make_job(description_html="<p>Hi</p>", feeds=[own_feed, others_feed])
    response = auth_client.get(f"/api/jobs/{job.pk}")
    assert response.status_code == 200
    assert response.json()["feeds"] == [own_feed.pk]
    assert response.json()["description_html"] == "<p>Hi</p>"


def test_a_pasted_posting_is_private_to_its_author(auth_client, other_client):
    response = auth_client.post("/api/jobs/paste", {"text": "Acme: Platform Engineer\n\nKubernetes and Go. Salary $120k–$150k."},
                                format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["company"], body["title"]) == ("Acme", "Platform Engineer")
    assert (body["salary_min"], body["salary_max"], body["salary_currency"]) == (120000, 150000, "USD")
    assert other_client.get(f"/api/jobs/{body['id']}").status_code == 404
    assert body["id"] not in {row["id"] for row in other_client.get("/api/jobs").json()["results"]}
    again = auth_client.post("/api/jobs/paste", {"text": "Acme: Platform Engineer\n\nKubernetes and Go. Salary $120k–$150k."},
                             format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]


def test_paste_of_a_private_url_is_422(auth_client):
    response = auth_client.post("/api/jobs/paste", {"url": "http://127.0.0.1:8000/admin/"}, format="json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "url_not_allowed"


def test_paste_of_a_url_fetches_it_safely(auth_client, feed_server):
    feed_server.add("/job", b"<html><head><title>Data Engineer at Beta</title></head><body><main><h1>Data Engineer</h1>"
                            b"<p>Spark and SQL. Fully remote.</p><script>alert(1)</script></main></body></html>",
                    content_type="text/html; charset=utf-8")
    response = auth_client.post("/api/jobs/paste", {"url": feed_server.url("/job")}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["title"], body["company"], body["remote_type"]) == ("Data Engineer", "Beta", "remote")
    assert "<script" not in body["description_html"]


def test_empty_paste_is_400(auth_client):
    response = auth_client.post("/api/jobs/paste", {"text": ""}, format="json")
    assert response.status_code == 400
    assert "text" in response.json()["error"]["details"]


# --- import -----------------------------------------------------------------------------------


def upload(client, name, body):
    """POST a file to /api/feeds/import, then run its background job here as a worker would."""
    response = client.post("/api/feeds/import", {"file": SimpleUploadedFile(name, body)}, format="multipart")
    assert response.status_code == 202, response.json()
    assert response.json()["type"] == "feeds.import_file"
    background.run(response.json()["job_id"])
    return BackgroundJob.objects.get(pk=response.json()["job_id"])


def test_opml_import_creates_feeds_and_skips_private_ones(auth_client, user):
    opml = (
        b'<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>'
        b'<outline text="WWR" title="WWR" type="rss" xmlUrl="https://weworkremotely.com/categories/remote-programming-jobs.rss"/>'
        b'<outline text="Group"><outline text="RemoteOK" xmlUrl="https://remoteok.com/api"/></outline>'
        b'<outline text="Internal" xmlUrl="http://10.0.0.5/feed"/></body></opml>'
    )
    job = upload(auth_client, "feeds.opml", opml)
    assert job.status == "succeeded", job.error
    body = job.result
    assert len(body["feeds_created"]) == 2
    assert body["skipped"] == [{"url": "http://10.0.0.5/feed", "code": "url_not_allowed"}]
    assert set(Feed.objects.filter(owner=user).values_list("title", flat=True)) == {"WWR", "RemoteOK"}


def test_opml_with_entities_is_refused_or_unexpanded(auth_client, canary):
    opml = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">'
        f'<!ENTITY y SYSTEM "http://localhost:{canary.port}/y">]><opml version="2.0"><body>'
        f'<outline text="&x;&y;" xmlUrl="https://example.com/feed.rss"/></body></opml>'
    ).encode()
    job = upload(auth_client, "x.opml", opml)
    assert job.status in ("succeeded", "failed")
    assert "root:" not in "".join(Feed.objects.values_list("title", flat=True))
    assert canary.total_hits == 0


def test_feed_file_import_adds_private_postings(auth_client, other_client):
    body = rss([item("Acme: Engineer", link="https://example.com/jobs/77")])
    background_job = upload(auth_client, "feed.xml", body)
    assert background_job.result["counts"]["new"] == 1
    job = Job.objects.get()
    assert job.source == "upload" and job.submitted_by is not None
    assert other_client.get(f"/api/jobs/{job.pk}").status_code == 404


def test_import_of_garbage_fails_its_job_with_not_a_feed(auth_client):
    job = upload(auth_client, "x.xml", b"<html><body>x</body></html>")
    assert job.status == "failed"
    assert job.error["code"] == "not_a_feed"


def test_anonymous_requests_are_refused(api_client, own_feed):
    assert api_client.get("/api/feeds").status_code in (401, 403)
    assert api_client.get("/api/jobs").status_code in (401, 403)


def test_paste_of_an_unreachable_url_is_422_not_a_server_error(auth_client, settings):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.OUTBOUND_ALLOWED_HOSTS = [f"localhost:{port}"]
    response = auth_client.post("/api/jobs/paste", {"url": f"http://localhost:{port}/job"}, format="json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "connection_failed"


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
        '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ],
    ids=["entity-expansion", "xxe-file"],
)
def test_hostile_xml_uploaded_as_a_feed_file_is_not_expanded(auth_client, doctype):
    body = rss([item("Acme: Engineer &d;&x;", description="&d;&x;")], doctype=doctype)
    job = upload(auth_client, "feed.xml", body)
    assert job.status in ("succeeded", "failed")
    stored = " ".join(" ".join(row) for row in Job.objects.values_list("title", "description_text", "description_html"))
    assert "aaaaaaaaaaaaaaaaaaaa" not in stored and "root:" not in stored


def test_uploads_over_5_mb_are_413(auth_client):
    big = SimpleUploadedFile("big.xml", b"<rss>" + b" " * (5 * 1024 * 1024 + 10) + b"</rss>")
    response = auth_client.post("/api/feeds/import", {"file": big}, format="multipart")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "file_too_large"


@pytest.mark.django_db
def test_a_pasted_posting_without_an_address_matches_the_schema(auth_client):
    # Found by the schema fuzzer: an empty canonical_url was declared as format "uri".
    from drf_spectacular.generators import SchemaGenerator

    response = auth_client.post("/api/jobs/paste", {"text": "Backend engineer\nWe use Python."}, format="json")
    assert response.status_code in (200, 201)
    assert response.json()["canonical_url"] == ""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "format" not in schema["components"]["schemas"]["JobDetail"]["properties"]["canonical_url"]


def test_an_unknown_salary_period_is_null_not_an_empty_string_the_enum_lacks(auth_client):
    unknown = make_job(title="No salary stated")
    known = make_job(title="Salaried", salary_min=50000, salary_max=60000, salary_currency="EUR", salary_period="year")
    rows = {row["id"]: row for row in auth_client.get("/api/jobs").json()["results"]}
    assert rows[unknown.pk]["salary_period"] is None and rows[known.pk]["salary_period"] == "year"
    assert auth_client.get(f"/api/jobs/{unknown.pk}").json()["salary_period"] is None
