"""Generating a prep from the saved Profile and Job: the row, the job, the sections' promises, the events."""

from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.errors import NoProfile
from interviews.models import InterviewPrep
from interviews.planning import profile_snapshot
from interviews.services.generate import JOB_TYPE, generate_prep, on_generation_finished, start_generation
from interviews.services.snapshots import snapshot_of_job, snapshot_of_profile
from jobly.background import JobCancelled
from jobly.errors import NotFound, PermanentError
from jobly.models import BackgroundJob, Event
from tests.factories import JobFactory, PracticeAnswerFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_starting_creates_a_queued_prep_and_its_job_after_commit(django_capture_on_commit_callbacks, db_profile, posting_job):
    with django_capture_on_commit_callbacks() as callbacks:
        prep, job, created = start_generation(user=db_profile.owner, job_id=posting_job.pk,
                                              interview_date=timezone.localdate() + timedelta(days=5))
    assert created and callbacks, "the Celery message is sent on commit"
    assert (prep.status, prep.profile, prep.job, prep.title, prep.company) == (
        "queued", db_profile, posting_job, "Backend Engineer", "Example Shipping")
    assert (job.type, job.params, job.status, prep.background_job_id) == (JOB_TYPE, {"prep_id": prep.pk}, "queued", job.pk)


def test_preparing_again_while_queued_returns_the_same_prep_and_job(db_profile, posting_job):
    first, job, _ = start_generation(user=db_profile.owner, job_id=posting_job.pk)
    again, same_job, created = start_generation(user=db_profile.owner, job_id=posting_job.pk)
    assert (again.pk, same_job.pk, created) == (first.pk, job.pk, False)
    assert InterviewPrep.objects.count() == 1 and BackgroundJob.objects.filter(type=JOB_TYPE).count() == 1


def test_another_users_posting_or_profile_is_404_and_no_profile_is_409(user, other_user, posting_job):
    theirs = JobFactory(submitted_by=other_user, title="Private posting")
    ProfileFactory(owner=user, is_default=True)
    with pytest.raises(NotFound):
        start_generation(user=user, job_id=theirs.pk)
    with pytest.raises(NotFound):
        start_generation(user=user, job_id=posting_job.pk, profile_id=ProfileFactory(owner=other_user).pk)
    with pytest.raises(NoProfile):
        start_generation(user=UserFactory(), job_id=posting_job.pk)
    assert not InterviewPrep.objects.exists()


def test_the_generated_prep_is_ready_with_every_section_and_announced(ready_prep, posting_job):
    assert ready_prep.status == "ready" and ready_prep.planner_version == 1 and ready_prep.generated_at
    assert set(ready_prep.content) >= {"technical", "behavioural", "gaps", "questions_to_ask", "study_plan"}
    assert ready_prep.content["technical"] and ready_prep.content["behavioural"]
    event = Event.objects.get(type="interview_prep.ready")
    assert event.owner_id == ready_prep.owner_id
    assert event.data["prep_id"] == ready_prep.pk and event.data["job_id"] == posting_job.pk
    assert ready_prep.writer == "", "the embedded writer adds nothing and asks no server"


def test_every_technical_question_concerns_a_skill_of_the_posting(ready_prep, posting_job):
    posting = snapshot_of_job(posting_job)
    skills = {item["skill"] for item in ready_prep.content["technical"]}
    assert skills and skills <= set(posting.skills)
    assert {"Python", "Go"} <= skills  # required skills the bank covers are asked about (it has no Kubernetes file)


def test_every_star_outline_cites_a_real_bullet_of_the_profile(ready_prep, db_profile):
    bullets = {text for item in db_profile.experience for text in item["bullets"]}
    snapshot = snapshot_of_profile(db_profile)
    stars = [item["star"] for item in ready_prep.content["behavioural"] if item["star"]]
    assert stars
    for star in stars:
        found = snapshot.find_bullet(star["bullet_id"])
        assert found is not None and found[1].text == star["bullet_text"] and star["bullet_text"] in bullets
        for part in ("situation", "task", "action", "result"):
            quoted = star[part]["from_profile"]
            if part != "situation":
                assert quoted in star["bullet_text"], (part, quoted)
    assert len({star["bullet_id"] for star in stars}) == len(stars), "no bullet tells two stories"


def test_gaps_are_exactly_the_required_skills_the_profile_lacks(ready_prep):
    # profile.yaml lists Python and Postgres; it has neither Kubernetes nor Go.
    assert [gap["skill"] for gap in ready_prep.content["gaps"]] == ["Kubernetes", "Go"]
    assert all(gap["learning_steps"] and gap["talking_point"] for gap in ready_prep.content["gaps"])


def test_the_study_plan_fits_the_days_until_the_interview(db_profile, posting_job):
    today = timezone.localdate()
    prep, _, _ = start_generation(user=db_profile.owner, job_id=posting_job.pk, interview_date=today + timedelta(days=4),
                                  daily_minutes=45)
    generate_prep(prep_id=prep.pk, today=today)
    plan = InterviewPrep.objects.get(pk=prep.pk).content["study_plan"]
    assert [day["date"] for day in plan["days"]] == [(today + timedelta(days=n)).isoformat() for n in range(4)]
    assert all(day["minutes"] == 45 == sum(s["minutes"] for s in day["sessions"]) for day in plan["days"])
    assert plan["interview_date"] == (today + timedelta(days=4)).isoformat()


def test_without_an_interview_date_the_plan_is_a_week(ready_prep):
    assert len(ready_prep.content["study_plan"]["days"]) == 7


def test_regenerating_keeps_practice_and_weighs_weak_topics(ready_prep):
    weak = [item["question_id"] for item in ready_prep.content["technical"] if item["skill"] == "Go"]
    assert weak
    for question_id in weak:
        PracticeAnswerFactory(prep=ready_prep, question_id=question_id, rating=1, notes="blank")
    prep, _, created = start_generation(user=ready_prep.owner, job_id=ready_prep.job_id)
    assert created and prep.pk == ready_prep.pk and prep.status == "queued"
    assert prep.content == ready_prep.content, "the old content stays readable while the new one is planned"
    generate_prep(prep_id=prep.pk)
    prep.refresh_from_db()
    assert prep.practice_answers.count() == len(weak)
    assert [area["topic_key"] for area in prep.content["study_plan"]["weak_areas"]] == ["skill:Go"]


def test_a_cancelled_generation_stops_between_sections_and_writes_nothing(db_profile, posting_job):
    prep, _, _ = start_generation(user=db_profile.owner, job_id=posting_job.pk)
    calls = []

    def check_cancelled():
        calls.append(1)
        if len(calls) == 2:
            raise JobCancelled()

    with pytest.raises(JobCancelled):
        generate_prep(prep_id=prep.pk, check_cancelled=check_cancelled)
    prep.refresh_from_db()
    assert prep.content == {} and not Event.objects.filter(type="interview_prep.ready").exists()


def test_progress_rises_through_the_sections(db_profile, posting_job):
    prep, _, _ = start_generation(user=db_profile.owner, job_id=posting_job.pk)
    seen = []
    generate_prep(prep_id=prep.pk, progress=lambda percent, message: seen.append((percent, message)))
    percents = [percent for percent, _ in seen]
    assert percents == sorted(percents) and len(seen) >= 6
    assert any("technical" in message for _, message in seen) and any("study plan" in message for _, message in seen)


def test_a_prep_deleted_while_it_is_generated_fails_permanently_and_announces_nothing(db_profile, posting_job):
    prep, _, _ = start_generation(user=db_profile.owner, job_id=posting_job.pk)

    def delete_midway(percent, message):
        if "study plan" in message:
            InterviewPrep.objects.filter(pk=prep.pk).delete()

    with pytest.raises(PermanentError) as failed:
        generate_prep(prep_id=prep.pk, progress=delete_midway)
    assert failed.value.code == "prep_not_found" and not Event.objects.filter(type="interview_prep.ready").exists()


def test_a_deleted_posting_fails_permanently(db_profile, posting_job):
    prep, _, _ = start_generation(user=db_profile.owner, job_id=posting_job.pk)
    posting_job.delete()
    with pytest.raises(PermanentError) as failed:
        generate_prep(prep_id=prep.pk)
    assert failed.value.code == "posting_gone"


def test_a_failed_job_marks_a_prep_without_content_failed_and_one_with_content_ready(ready_prep, db_profile):
    fresh, job, _ = start_generation(user=db_profile.owner, job_id=JobFactory(title="Data Engineer").pk)

    class FakeEvent:
        type = "job.failed"
        data = {"job_id": job.pk, "type": JOB_TYPE, "error": {"code": "worker_lost", "message": "The worker died."}}

    on_generation_finished(FakeEvent())
    fresh.refresh_from_db()
    assert (fresh.status, fresh.error["code"]) == ("failed", "worker_lost")

    again, job, _ = start_generation(user=db_profile.owner, job_id=ready_prep.job_id)
    FakeEvent.data = {**FakeEvent.data, "job_id": job.pk}
    on_generation_finished(FakeEvent())
    again.refresh_from_db()
    assert again.status == "ready" and again.content


def test_snapshots_take_matchings_required_split_when_it_made_one(posting_job):
    posting = snapshot_of_job(posting_job)
    assert posting.required_skills == ("Python", "Kubernetes", "Go", "PostgreSQL")
    assert posting.nice_to_have_skills == ("Terraform",)
    unsplit = snapshot_of_job(JobFactory(description_text="Requirements\nPython and Docker.", skills=["Python", "Docker"]))
    assert "Python" in unsplit.required_skills and "Docker" in unsplit.required_skills


def test_the_profile_snapshot_reads_the_saved_profile(db_profile, profile_data):
    assert snapshot_of_profile(db_profile) == profile_snapshot(**profile_data)


def test_a_ready_prep_is_logged_on_the_timeline_of_its_application(django_capture_on_commit_callbacks, db_profile,
                                                                    posting_job):
    from tests.factories import ApplicationFactory
    from tracking.models import Activity

    user = db_profile.owner
    for_the_posting = ApplicationFactory(owner=user, job=posting_job, profile=db_profile)
    named = ApplicationFactory(owner=user, profile=db_profile)  # the prep says which application it is for
    someone_elses = ApplicationFactory(job=posting_job)
    prep, job, _ = start_generation(user=user, job_id=posting_job.pk, application_id=named.pk)
    with django_capture_on_commit_callbacks(execute=True):
        generate_prep(prep_id=prep.pk, background_job_id=job.pk)
    entry = Activity.objects.get(kind="interview_prep")
    assert (entry.application_id, entry.owner_id, entry.data) == (named.pk, user.pk, {"prep_id": prep.pk})

    # Without a named application, the user's application for the posting gets the entry.
    InterviewPrep.objects.filter(pk=prep.pk).update(application_id=None)
    prep, job, _ = start_generation(user=user, job_id=posting_job.pk)
    with django_capture_on_commit_callbacks(execute=True):
        generate_prep(prep_id=prep.pk, background_job_id=job.pk)
    assert Activity.objects.filter(kind="interview_prep", application=for_the_posting).count() == 1
    assert not Activity.objects.filter(application=someone_elses).exists()
