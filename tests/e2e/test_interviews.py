"""Interview prep in the browser: press Prepare for interview on a job page, watch the prep be generated
on a real worker, practise two questions with notes and ratings, reload and see them saved."""

from pathlib import Path

import yaml

from interviews.models import InterviewPrep, PracticeAnswer
from tests.factories import JobFactory, ProfileFactory

PROFILE = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "interviews" / "profile.yaml").read_text())
POSTING = """Responsibilities
Build and run the Python services behind our booking API, and mentor other engineers.

Requirements
Python, Go and PostgreSQL."""


def test_prepare_from_a_job_page_then_practise_two_questions(transactional_db, live_web, live_worker, login, user):
    ProfileFactory(owner=user, is_default=True, name="Backend", headline=PROFILE["headline"], skills=PROFILE["skills"],
                   experience=PROFILE["experience"], languages=PROFILE["languages"])
    job = JobFactory(title="Backend Engineer", company="Example Shipping", description_text=POSTING,
                     skills=["Python", "Go", "PostgreSQL"], required_skills=["Python", "Go", "PostgreSQL"])
    page = login(user)
    page.goto(f"{live_web.url}/jobs/{job.pk}/")
    page.click("[data-prepare-button]")
    page.wait_for_url(f"{live_web.url}/interviews/*/")
    prep = InterviewPrep.objects.get(owner=user)
    assert page.url.endswith(f"/interviews/{prep.pk}/")

    # The page follows the job and reloads itself when the prep is ready.
    page.wait_for_selector("[data-practice-link]", timeout=60_000)
    assert page.locator("[data-section=technical] [data-question]").count() > 0
    assert page.locator("[data-gap=Go]").count() == 1

    page.click("[data-practice-link]")
    page.wait_for_selector("[data-practice-form][data-ready=true]")
    first = page.get_attribute("[data-practice-question]", "data-practice-question")
    page.wait_for_function("document.querySelector('[data-seconds]').value !== '0'")  # the timer runs
    page.fill("[data-notes]", "A default is evaluated once, when the def runs.")
    page.check("[data-rating] input[value='2']")
    page.click("[data-next]")
    page.wait_for_url("**/practice/?q=2")
    second = page.get_attribute("[data-practice-question]", "data-practice-question")
    assert second != first
    page.fill("[data-notes]", "Threads share the GIL; processes do not.")
    page.check("[data-rating] input[value='4']")
    page.click("[data-save]")
    page.wait_for_url("**/practice/?q=2")

    page.reload()
    assert page.input_value("[data-notes]") == "Threads share the GIL; processes do not."
    assert page.is_checked("[data-rating] input[value='4']")
    page.click(".practice-steps a >> text='1'")
    page.wait_for_url("**/practice/?q=1")
    assert page.input_value("[data-notes]") == "A default is evaluated once, when the def runs."
    assert page.is_checked("[data-rating] input[value='2']")
    assert "2 practised, 2 rated" in page.inner_text("[data-practice] header")

    answers = {a.question_id: a for a in PracticeAnswer.objects.filter(prep=prep)}
    assert (answers[first].rating, answers[second].rating) == (2, 4)
    assert answers[first].seconds_spent >= 1
