"""The pages: board, table, detail, entering a posting by hand, analytics, calendar settings, the Track
button on job and match pages, the dashboard card and the admin's site-wide numbers."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import ActivityFactory, ApplicationFactory, MatchFactory, UserFactory
from tracking.models import Application

pytestmark = pytest.mark.django_db


def test_the_board_shows_each_card_in_its_status_column(logged_in_client, user):
    saved = ApplicationFactory(owner=user, status="saved", title="Saved one")
    interviewing = ApplicationFactory(owner=user, status="interviewing", title="Interviewing one")
    ApplicationFactory(owner=UserFactory(), title="Their secret card")
    body = logged_in_client.get("/applications/").content.decode()
    assert "Their secret card" not in body
    saved_column = body.split('data-cards="saved"')[1].split("</ol>")[0]
    interviewing_column = body.split('data-cards="interviewing"')[1].split("</ol>")[0]
    assert f'data-card="{saved.pk}"' in saved_column and f'data-card="{interviewing.pk}"' in interviewing_column
    assert 'id="board-transitions"' in body and 'data-pipeline-count="interviewing">1<' in body


def test_the_table_filters_with_the_shared_form(logged_in_client, user):
    ApplicationFactory(owner=user, status="applied", title="Applied one", source="referral")
    ApplicationFactory(owner=user, status="saved", title="Saved one")
    body = logged_in_client.get("/applications/table/?status=applied").content.decode()
    assert "Applied one" in body and "Saved one" not in body
    assert "Some filters were not understood" in logged_in_client.get("/applications/table/?min_score=200").content.decode()


def test_the_detail_page_shows_timeline_moves_and_snapshot(logged_in_client, user, tracked):
    application = tracked["application"]
    logged_in_client.post(f"/applications/{application.pk}/status/", {"to": "applied", "expect": "saved"})
    logged_in_client.post(f"/applications/{application.pk}/notes/", {"text": "Sent via the careers page"})
    body = logged_in_client.get(f"/applications/{application.pk}/").content.decode()
    assert "Sent via the careers page" in body and "saved → applied" in body
    assert "What you applied with" in body and "We build Python APIs." in body and "Kubernetes" in body
    assert 'value="screening"' in body and 'value="saved"' not in body.split("data-status-moves")[1].split("</form>")[0]


def test_a_refused_move_from_the_page_says_why_and_changes_nothing(logged_in_client, user):
    application = ApplicationFactory(owner=user, status="interviewing")
    response = logged_in_client.post(f"/applications/{application.pk}/status/", {"to": "screening"}, follow=True)
    assert "cannot move from interviewing to screening" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "interviewing"


def test_the_edit_form_saves_fields_and_contacts(logged_in_client, user):
    application = ApplicationFactory(owner=user)
    response = logged_in_client.post(f"/applications/{application.pk}/edit/", {
        "title": "Renamed", "company": "Acme", "url": "", "source": "referral", "priority": "3", "salary_discussed": "€70k",
        "next_action": "Call back", "next_action_due": "2026-07-01T10:00", "notes": "",
        "contact-0-name": "Ada", "contact-0-role": "Recruiter", "contact-0-email": "ada@example.com", "contact-0-link": "",
    })
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.title == "Renamed" and application.contacts == [
        {"name": "Ada", "role": "Recruiter", "email": "ada@example.com", "link": ""}]
    bad = logged_in_client.post(f"/applications/{application.pk}/edit/", {
        "title": "Renamed", "priority": "2", "contact-0-email": "not-an-email"}, follow=True)
    assert "invalid e-mail or link" in bad.content.decode()


def test_the_track_button_on_job_and_match_pages(logged_in_client, user, tracked):
    tracked["application"].delete()
    job, match = tracked["job"], tracked["match"]
    assert "data-track-button" in logged_in_client.get(f"/jobs/{job.pk}/").content.decode()
    page = logged_in_client.get(f"/matches/{match.pk}/").content.decode()
    assert "data-track-button" in page and f'name="profile" value="{match.profile_id}"' in page
    response = logged_in_client.post("/applications/track/", {"job": job.pk, "profile": match.profile_id})
    application = Application.objects.get(owner=user, job=job)
    assert response["Location"] == f"/applications/{application.pk}/"
    assert f'data-tracked-application="{application.pk}"' in logged_in_client.get(f"/jobs/{job.pk}/").content.decode()
    assert logged_in_client.post("/applications/track/", {"job": job.pk})["Location"] == f"/applications/{application.pk}/"
    assert Application.objects.filter(owner=user).count() == 1


def test_tracking_a_posting_the_user_cannot_see_is_404(logged_in_client, other_user):
    theirs = MatchFactory(profile__owner=other_user, job__submitted_by=other_user, job__content_hash="d" * 64)
    assert logged_in_client.post("/applications/track/", {"job": theirs.job_id}).status_code == 404
    assert logged_in_client.post("/applications/track/", {"job": "abc"}).status_code == 404


def test_entering_a_posting_by_hand(logged_in_client, user):
    assert logged_in_client.get("/applications/new/").status_code == 200
    response = logged_in_client.post("/applications/new/", {"title": "Platform Engineer", "company": "Far Away",
                                                             "status": "saved", "priority": "2"})
    application = Application.objects.get(owner=user)
    assert response["Location"] == f"/applications/{application.pk}/" and application.job.submitted_by == user
    assert logged_in_client.post("/applications/new/", {"title": "", "status": "saved", "priority": "2"}).status_code == 400


def test_the_analytics_and_calendar_pages(logged_in_client, user):
    body = logged_in_client.get("/applications/analytics/").content.decode()
    assert "vendor/chartjs/chart.umd.min.js" in body and 'data-chart="pipeline"' in body
    page = logged_in_client.post("/applications/calendar/", {"action": "rotate"}).content.decode()
    assert "/applications/calendar/cal_" in page
    assert "/applications/calendar/cal_" not in logged_in_client.get("/applications/calendar/").content.decode()


def test_the_dashboard_card_and_nav(logged_in_client, user):
    assert "Nothing tracked yet" in logged_in_client.get("/").content.decode()
    ActivityFactory(application=ApplicationFactory(owner=user, status="applied"))
    body = logged_in_client.get("/").content.decode()
    assert 'data-card="applications"' in body and "Open the board" in body and 'href="/applications/"' in body


def test_the_admin_changelist_shows_site_wide_numbers(client):
    ApplicationFactory.create_batch(3, status="applied")
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "boss-pass-123"))
    body = client.get("/admin/tracking/application/").content.decode()
    assert "data-site-aggregates" in body and "3 applications by 3 users" in body


def test_pages_need_a_login(client):
    for url in ("/applications/", "/applications/table/", "/applications/analytics/", "/applications/calendar/",
                "/applications/new/"):
        assert client.get(url)["Location"].startswith("/accounts/login/")
