"""Ingestion end to end against real feeds served locally: counts, splits, salaries, dedupe, ETags."""

import pytest

from jobly.models import BackgroundJob, Event
from matching.services import ingest as ingestion
from matching.models import Feed, Job
from tests.factories import FeedFactory, UserFactory
from tests.matching.feeds import REMOTEOK, WWR_FEEDS, item, read, rss

pytestmark = pytest.mark.django_db


def make_feed(owner, url, **fields):
    return FeedFactory(owner=owner, url=url, **fields)


def serve_wwr(feed_server):
    for name in WWR_FEEDS:
        feed_server.add(f"/{name}", read(name))
    return [feed_server.url(f"/{name}") for name in WWR_FEEDS]


def test_we_work_remotely_feeds_give_99_postings_and_a_second_run_adds_none(user, feed_server):
    feeds = [make_feed(user, url) for url in serve_wwr(feed_server)]
    summaries = [ingestion.ingest_feed(feed_id=feed.pk) for feed in feeds]

    assert [s["status"] for s in summaries] == ["ok", "ok", "ok"]
    assert [s["entries"] for s in summaries] == [25, 59, 22]
    assert sum(s["counts"]["new"] for s in summaries) == 99  # 106 items, 99 distinct guids
    assert Job.objects.count() == 99
    overlap = Job.objects.filter(feeds=feeds[0]).filter(feeds=feeds[1]).count()
    assert overlap == 25 + 59 + 22 - 99 - Job.objects.filter(feeds=feeds[2]).filter(feeds__in=feeds[:2]).count()

    # Second run: the server answers 304 to the stored ETag; nothing is parsed or written.
    again = [ingestion.ingest_feed(feed_id=feed.pk) for feed in feeds]
    assert [s["status"] for s in again] == ["not_modified"] * 3
    assert all("If-None-Match" in request["headers"] for request in feed_server.requests[3:])
    assert Job.objects.count() == 99

    # Third run without validators: everything is "unchanged", still no duplicates.
    Feed.objects.update(etag="", last_modified="")
    third = [ingestion.ingest_feed(feed_id=feed.pk) for feed in feeds]
    assert sum(s["counts"]["new"] for s in third) == 0
    assert sum(s["counts"]["unchanged"] for s in third) == 106
    assert Job.objects.count() == 99


def test_we_work_remotely_titles_split_into_company_and_title(user, feed_server):
    feeds = [make_feed(user, url) for url in serve_wwr(feed_server)]
    for feed in feeds:
        ingestion.ingest_feed(feed_id=feed.pk)
    samples = {
        "https://weworkremotely.com/remote-jobs/madeo-web-developer-drupal-or-wordpress": ("Madeo", "Web Developer (Drupal or Wordpress)", "USA Only"),
    }
    for url, (company, title, location) in samples.items():
        job = Job.objects.get(canonical_url=url)
        assert (job.company, job.title, job.location) == (company, title, location)
    written_down = [
        ("Fleetio", "Senior Ruby on Rails Engineer"),
        ("Kinsta", "Senior JavaScript Developer"),
        ("SystemOne, LLC", "Windows Forms (C#) Engineer (REMOTE)"),
        ("FinDox Inc", "Senior C# and PostgreSQL Backend Developer"),
        ("Kyero", "Midweight Ruby Developer"),
        ("TryHackMe", "Lead UI/UX Designer"),
        ("TestGorilla", "Web Designer"),
    ]
    for company, title in written_down:
        assert Job.objects.filter(company=company, title=title).exists(), (company, title)
    assert not Job.objects.filter(title__contains=": ").filter(company="").exists()
    assert set(Job.objects.values_list("remote_type", flat=True)) == {"remote"}
    assert Job.objects.get(company="FinDox Inc").seniority == "senior"
    assert Job.objects.get(company="FinDox Inc").employment_type == "full-time"
    # Skills come from the shared vocabulary (jobly.skills), the same one profiles use.
    assert {"C#", "PostgreSQL"} <= set(Job.objects.get(company="FinDox Inc").skills)
    assert Job.objects.exclude(skills=[]).count() >= 90


def test_we_work_remotely_salaries_are_parsed_where_stated(user, feed_server):
    for feed in [make_feed(user, url) for url in serve_wwr(feed_server)]:
        ingestion.ingest_feed(feed_id=feed.pk)
    expected = {
        ("Kyero", "Midweight Ruby Developer"): (40000, 60000, "EUR", "year"),
        ("TryHackMe", "Lead UI/UX Designer"): (70000, 90000, "GBP", "year"),
        ("EventMobi", None): (60000, 90000, "CAD", "year"),
        ("Lemon.io", None): (5000, 10000, "USD", "month"),
        ("Ivy", None): (2500, 4000, "USD", "month"),
    }
    for (company, title), salary in expected.items():
        jobs = Job.objects.filter(company=company)
        if title:
            jobs = jobs.filter(title=title)
        job = jobs.first()
        assert job is not None, company
        assert (job.salary_min, job.salary_max, job.salary_currency, job.salary_period) == salary, company
    # Funding rounds and one-off stipends in the text are not salaries.
    assert not Job.objects.filter(salary_max__gte=1_000_000).exists()


def test_remote_ok_api_gives_96_postings_with_fixed_mojibake_and_stated_salaries(user, feed_server):
    feed_server.add("/api", read(REMOTEOK), content_type="application/json")
    feed = make_feed(user, feed_server.url("/api"))
    summary = ingestion.ingest_feed(feed_id=feed.pk)

    assert summary["status"] == "ok"
    assert summary["entries"] == 97  # element 0, the legal notice, is not a job
    assert summary["counts"]["new"] == 96
    assert summary["reasons"] == {"no_title": 1}
    assert Job.objects.count() == 96
    graphcore = Job.objects.get(company="Graphcore")
    assert graphcore.location == "Gdańsk"
    assert (graphcore.salary_min, graphcore.salary_max, graphcore.salary_currency) == (350700, 474400, "USD")
    blackpoint = Job.objects.get(company="Blackpoint Cyber")
    assert blackpoint.title == "VP Corporate Marketing Brand & Communications"
    assert (blackpoint.salary_min, blackpoint.salary_max, blackpoint.salary_period) == (180000, 210000, "year")
    assert set(Job.objects.values_list("remote_type", flat=True)) == {"remote"}
    assert not Job.objects.filter(description_text__contains="\u00e2\u0080").exists()
    assert not Job.objects.filter(title__contains="Ã").exists()


def test_greenhouse_and_lever_boards_are_read(user, feed_server):
    greenhouse = (
        b'{"jobs": [{"id": 42, "title": "Backend Engineer", "absolute_url": "https://boards.greenhouse.io/acme/jobs/42",'
        b' "location": {"name": "Berlin (Hybrid)"}, "updated_at": "2024-05-01T10:00:00-04:00",'
        b' "company_name": "Acme", "content": "&lt;p&gt;Python and PostgreSQL. Salary \xe2\x82\xac60.000 - \xe2\x82\xac75.000 a year&lt;/p&gt;"}],'
        b' "meta": {"total": 1}}'
    )
    lever = (
        b'[{"id": "abc", "text": "Data Engineer", "hostedUrl": "https://jobs.lever.co/example-co/abc",'
        b' "categories": {"location": "London", "commitment": "Full-time", "team": "Data"},'
        b' "workplaceType": "onsite", "createdAt": 1714557600000, "description": "<p>Spark</p>",'
        b' "lists": [{"text": "You have", "content": "<li>SQL</li>"}], "additional": "",'
        b' "salaryRange": {"min": 45000, "max": 55000, "currency": "GBP", "interval": "per-year-salary"}}]'
    )
    feed_server.add("/gh", greenhouse, content_type="application/json")
    feed_server.add("/lever", lever, content_type="application/json")
    for path in ("/gh", "/lever"):
        assert ingestion.ingest_feed(feed_id=make_feed(user, feed_server.url(path)).pk)["status"] == "ok"
    gh = Job.objects.get(title="Backend Engineer")
    assert (gh.company, gh.location, gh.remote_type) == ("Acme", "Berlin (Hybrid)", "hybrid")
    assert (gh.salary_min, gh.salary_max, gh.salary_currency, gh.salary_period) == (60000, 75000, "EUR", "year")
    assert "<p>" in gh.description_html
    lv = Job.objects.get(title="Data Engineer")
    assert (lv.company, lv.location, lv.remote_type, lv.employment_type) == ("Example Co", "London", "onsite", "full-time")
    assert (lv.salary_min, lv.salary_max, lv.salary_currency) == (45000, 55000, "GBP")
    assert "SQL" in lv.description_text


def test_a_changed_posting_under_the_same_url_is_updated_not_duplicated(user, feed_server):
    feed_server.add("/f", rss([item("Acme: Engineer", description="First text.")]))
    feed = make_feed(user, feed_server.url("/f"))
    ingestion.ingest_feed(feed_id=feed.pk)
    feed_server.add("/f", rss([item("Acme: Engineer", description="Second, longer text.")]))
    summary = ingestion.ingest_feed(feed_id=feed.pk)
    assert summary["counts"]["updated"] == 1
    assert Job.objects.get().description_text == "Second, longer text."


def test_thousands_of_identical_entries_collapse_to_one_posting(user, feed_server, settings):
    settings.FEED_MAX_ENTRIES_PER_FETCH = 5000
    items = [item("Acme: Engineer", link=f"https://example.com/jobs/{n}", description="Same words.") for n in range(5000)]
    feed_server.add("/same", rss(items))
    summary = ingestion.ingest_feed(feed_id=make_feed(user, feed_server.url("/same")).pk)
    assert summary["status"] == "ok"
    assert Job.objects.count() == 1
    assert summary["counts"]["new"] == 1
    assert summary["reasons"]["duplicate_in_feed"] == 4999


def test_entries_past_the_cap_are_skipped_with_a_reason(user, feed_server, settings):
    settings.FEED_MAX_ENTRIES_PER_FETCH = 10
    feed_server.add("/f", read(WWR_FEEDS[0]))
    summary = ingestion.ingest_feed(feed_id=make_feed(user, feed_server.url("/f")).pk)
    assert summary["counts"]["new"] == 10
    assert summary["reasons"]["over_entry_cap"] == 15


def test_ingest_background_job_reports_progress_and_a_summary(user, feed_server, django_capture_on_commit_callbacks):
    from jobly import background

    feed = make_feed(user, serve_wwr(feed_server)[0])
    job, created = ingestion.start_ingest(user=user, feed_ids=[feed.pk])
    assert created and job.type == "feeds.ingest" and job.queue == "io"
    background.run(job.pk)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.SUCCEEDED
    assert job.result["totals"]["new"] == 25
    assert job.result["feeds"][0]["status"] == "ok"
    messages = [e.data.get("message", "") for e in Event.objects.filter(owner=user, type="job.progress")]
    assert any("Feed 1 of 1" in message for message in messages)


def test_ingest_job_fails_with_the_feed_error_code_when_every_feed_fails(user, feed_server):
    from jobly import background

    feed_server.add("/page", b"<!DOCTYPE html><html><body>Hi</body></html>", content_type="text/html")
    feed = make_feed(user, feed_server.url("/page"))
    job, _ = ingestion.start_ingest(user=user, feed_ids=[feed.pk])
    background.run(job.pk)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED
    assert job.error["code"] == "not_a_feed"
    assert job.attempts == 1


def test_start_ingest_refuses_another_users_feed(user):
    other_feed = make_feed(UserFactory(), "https://example.com/feed.rss")
    from jobly.errors import NotFound

    with pytest.raises(NotFound):
        ingestion.start_ingest(user=user, feed_ids=[other_feed.pk])


def test_dates_with_offsets_beyond_14_hours_are_dropped_and_recorded(user, feed_server):
    feed_server.add("/dated.rss", rss([
        item("Broken Offset Engineer at Acme", link="https://example.com/jobs/a", pub_date="Tue, 15 Nov 2022 12:00:00 +2300"),
        item("Far East Engineer at Acme", link="https://example.com/jobs/b", pub_date="Tue, 15 Nov 2022 12:00:00 +1400"),
        item("Bogus Minutes Engineer at Acme", link="https://example.com/jobs/c", pub_date="Tue, 15 Nov 2022 12:00:00 -0575"),
    ]))
    feed = make_feed(user, feed_server.url("/dated.rss"))
    summary = ingestion.ingest_feed(feed_id=feed.pk)
    assert summary["status"] == "ok" and summary["counts"]["new"] == 3
    assert any("beyond ±14:00" in warning and warning.startswith("2 ") for warning in summary["warnings"])
    dates = {job.canonical_url[-1]: job.posted_at for job in Job.objects.all()}
    assert dates["a"] is None and dates["c"] is None
    assert dates["b"].isoformat() == "2022-11-14T22:00:00+00:00"  # +14:00 is real (Kiribati) and applied


def test_json_board_dates_with_impossible_offsets_are_dropped(user, feed_server):
    import json

    board = {"jobs": [
        {"id": 1, "title": "Engineer", "absolute_url": "https://boards.greenhouse.io/acme/jobs/1", "content": "Work.",
         "updated_at": "2022-11-15T12:00:00+23:00", "location": {"name": "Remote"}},
        {"id": 2, "title": "Designer", "absolute_url": "https://boards.greenhouse.io/acme/jobs/2", "content": "Draw.",
         "updated_at": "2022-11-15T12:00:00-05:00", "location": {"name": "Remote"}},
    ]}
    feed_server.add("/board.json", json.dumps(board).encode(), content_type="application/json")
    feed = make_feed(user, feed_server.url("/board.json"), kind="greenhouse")
    summary = ingestion.ingest_feed(feed_id=feed.pk)
    assert summary["status"] == "ok" and summary["warnings"]
    dates = {job.title: job.posted_at for job in Job.objects.all()}
    assert dates["Engineer"] is None and dates["Designer"].isoformat() == "2022-11-15T17:00:00+00:00"
