"""Interviews' pages: the list (and its empty state), the Prepare button on job and match pages, the
prep's sections, practice mode saving to the server, re-planning and deleting; others' preps are 404."""

import re

import pytest

from interviews.models import InterviewPrep, PracticeAnswer
from tests.factories import InterviewPrepFactory, MatchFactory

pytestmark = pytest.mark.django_db


def test_the_empty_list_says_how_to_start(logged_in_client):
    body = logged_in_client.get("/interviews/").content.decode()
    assert "open a job and press Prepare for interview" in body


def test_the_job_page_offers_prepare_and_then_links_to_the_prep(logged_in_client, db_profile, posting_job):
    page = logged_in_client.get(f"/jobs/{posting_job.pk}/").content.decode()
    assert "data-prepare-button" in page and 'action="/interviews/prepare/"' in page
    response = logged_in_client.post("/interviews/prepare/", {"job": posting_job.pk})
    prep = InterviewPrep.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/interviews/{prep.pk}/"
    page = logged_in_client.get(f"/jobs/{posting_job.pk}/").content.decode()
    assert f'data-interview-prep="{prep.pk}"' in page and "data-prepare-button" not in page


def test_the_match_page_prepares_with_the_matchs_profile(logged_in_client, db_profile, posting_job):
    match = MatchFactory(profile=db_profile, job=posting_job, score=70)
    page = logged_in_client.get(f"/matches/{match.pk}/").content.decode()
    assert re.search(rf'name="profile" value="{db_profile.pk}"', page) and "data-prepare-button" in page


def test_a_generating_prep_shows_its_progress(logged_in_client, db_profile, posting_job):
    logged_in_client.post("/interviews/prepare/", {"job": posting_job.pk})
    prep = InterviewPrep.objects.get()
    page = logged_in_client.get(f"/interviews/{prep.pk}/").content.decode()
    assert "data-prep-progress" in page and f'data-background-job="{prep.background_job_id}"' in page


def test_the_detail_page_shows_every_section(logged_in_client, ready_prep):
    page = logged_in_client.get(f"/interviews/{ready_prep.pk}/").content.decode()
    for section in ("technical", "behavioural", "gaps", "asking", "study-plan"):
        assert f'data-section="{section}"' in page
    first = ready_prep.content["technical"][0]
    assert f'data-question="{first["question_id"]}"' in page and "data-difficulty" in page
    star = next(item["star"] for item in ready_prep.content["behavioural"] if item["star"])
    assert f'data-star-bullet="{star["bullet_id"]}"' in page
    assert 'data-gap="Kubernetes"' in page and 'data-gap="Go"' in page
    assert page.count("data-study-day=") == 7
    assert f"/api/interview-preps/{ready_prep.pk}/export.pdf" in page


def test_practice_mode_shows_one_question_and_saves_notes_and_rating(logged_in_client, ready_prep):
    url = f"/interviews/{ready_prep.pk}/practice/"
    first, second = ready_prep.content["technical"][:2]
    page = logged_in_client.get(url).content.decode()
    assert page.count("data-practice-question=") == 1 and f'data-practice-question="{first["question_id"]}"' in page
    response = logged_in_client.post(url, {"question": first["question_id"], "notes": "Defaults bind once",
                                           "rating": "2", "seconds": "95", "go": "next"})
    assert response.status_code == 302 and response["Location"] == f"{url}?q=2"
    answer = PracticeAnswer.objects.get()
    assert (answer.question_id, answer.notes, answer.rating, answer.seconds_spent) == (first["question_id"], "Defaults bind once", 2, 95)
    page = logged_in_client.get(f"{url}?q=2").content.decode()
    assert f'data-practice-question="{second["question_id"]}"' in page
    back = logged_in_client.get(f"{url}?q=1").content.decode()
    assert "Defaults bind once" in back and re.search(r'value="2"\s+checked', back)


def test_a_bad_practice_post_saves_nothing(logged_in_client, ready_prep):
    url = f"/interviews/{ready_prep.pk}/practice/"
    logged_in_client.post(url, {"question": ready_prep.content["technical"][0]["question_id"], "rating": "9"})
    assert not PracticeAnswer.objects.exists()
    assert logged_in_client.post(url, {"question": "not-in-this-prep", "notes": "x"}).status_code == 404


def test_replan_and_delete_from_the_page(logged_in_client, ready_prep):
    response = logged_in_client.post(f"/interviews/{ready_prep.pk}/replan/")
    assert response.status_code == 302 and response["Location"].endswith("#study-plan")
    assert logged_in_client.post(f"/interviews/{ready_prep.pk}/delete/").status_code == 302
    assert not InterviewPrep.objects.exists()


def test_another_users_prep_pages_are_404(logged_in_client, other_user):
    theirs = InterviewPrepFactory(profile__owner=other_user, status="ready", content={"technical": [], "behavioural": []})
    for url in (f"/interviews/{theirs.pk}/", f"/interviews/{theirs.pk}/practice/"):
        assert logged_in_client.get(url).status_code == 404
    for url in (f"/interviews/{theirs.pk}/replan/", f"/interviews/{theirs.pk}/delete/"):
        assert logged_in_client.post(url).status_code == 404
    assert InterviewPrep.objects.filter(pk=theirs.pk).exists()


def test_pages_need_a_login(client):
    response = client.get("/interviews/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
