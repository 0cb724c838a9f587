"""recompute_matches and its triggers against the real engine, database and on-disk index cache."""

import pytest

from jobly import background
from jobly.events import publish
from jobly.models import BackgroundJob, Event
from matching import index_cache
from matching.services import matches as services, triggers
from matching.models import Match
from tests.matching.matches_helpers import NURSE_POSTING, make_job, make_profile, match_index_dir  # noqa: F401

pytestmark = pytest.mark.django_db


def scores(profile):
    return dict(Match.objects.filter(profile=profile).values_list("job_id", "score"))


def test_full_recompute_ranks_and_stores_reasons(user):
    backend = make_job()
    nurse = make_job(title="Night Nurse", company="Hospital", description=NURSE_POSTING, remote_type="onsite")
    profile = make_profile(user)

    summary = services.recompute_matches(profile=profile)

    assert summary["scored"] == 2 and summary["new"] == 2 and summary["removed"] == 0
    by_job = {m.job_id: m for m in Match.objects.filter(profile=profile)}
    assert by_job[backend.pk].score > by_job[nurse.pk].score + 20
    best = by_job[backend.pk]
    assert best.summary.startswith(("Strong fit", "Good fit"))
    assert {"Python", "Django"} <= set(best.reasons["matched_skills"])
    assert set(best.components) >= {"required_skills", "text", "title", "location", "salary"}
    assert best.components["salary"]["value"] is None  # unknown salary is left out, not a penalty
    assert "components" not in best.reasons  # stored once, in `components`
    assert best.index_version == summary["index_version"]


def test_full_recompute_updates_scores_and_drops_excluded_companies_and_deleted_postings(user):
    kept = make_job(company="Good Co")
    excluded = make_job(title="Backend Engineer II", company="Evil Corp")
    deleted = make_job(title="Python Developer", company="Gone Inc")
    profile = make_profile(user)
    services.recompute_matches(profile=profile)
    assert set(scores(profile)) == {kept.pk, excluded.pk, deleted.pk}
    first = Match.objects.get(profile=profile, job=kept)

    profile.excluded_companies = ["evil corp"]
    profile.skills = [{"name": "Python"}]
    profile.save()
    Match.objects.filter(job=deleted).update(score=99.0)  # a stale row must not survive either
    deleted_id = deleted.pk
    deleted.delete()
    summary = services.recompute_matches(profile=profile)

    assert set(scores(profile)) == {kept.pk}
    assert summary["removed"] == 1  # the excluded company (the deleted posting's row went with it)
    again = Match.objects.get(profile=profile, job=kept)
    assert again.pk == first.pk and again.computed_at > first.computed_at
    assert again.score != first.score  # fewer skills on the profile: a new score
    assert not Match.objects.filter(job_id=deleted_id).exists()


def test_incremental_recompute_scores_only_the_given_postings(user):
    old = make_job()
    profile = make_profile(user)
    services.recompute_matches(profile=profile)
    old_match = Match.objects.get(profile=profile, job=old)

    new = make_job(title="Django Engineer", company="New Co")
    excluded = make_job(title="Backend Engineer", company="Evil Corp")
    profile.excluded_companies = ["Evil Corp"]
    profile.save()
    summary = services.recompute_matches(profile=profile, posting_ids=[new.pk, excluded.pk])

    assert summary["new"] == 1
    assert set(scores(profile)) == {old.pk, new.pk}
    unchanged = Match.objects.get(profile=profile, job=old)
    assert unchanged.computed_at == old_match.computed_at  # not part of this run

    # A changed posting (new content hash) is re-indexed and re-scored; one dropping out loses its match.
    old.description_text = NURSE_POSTING
    old.title = "Night Nurse"
    old.content_hash = "changed" + old.content_hash[7:]
    old.save()
    new.company = "Evil Corp"
    new.content_hash = "moved" + new.content_hash[5:]
    new.save()
    services.recompute_matches(profile=profile, posting_ids=[old.pk, new.pk])
    assert set(scores(profile)) == {old.pk}
    assert Match.objects.get(profile=profile, job=old).score < old_match.score - 20


def test_incremental_runs_keep_only_the_best_top_k(user, settings):
    settings.MATCH_TOP_K = 2
    jobs = [make_job(), make_job(title="Django Engineer"), make_job(title="Night Nurse", description=NURSE_POSTING)]
    profile = make_profile(user)
    services.recompute_matches(profile=profile, posting_ids=[job.pk for job in jobs])
    assert set(scores(profile)) == {jobs[0].pk, jobs[1].pk}


def test_another_users_private_posting_is_never_matched(user, other_user):
    public = make_job()
    private = make_job(title="Backend Engineer (private)", submitted_by=other_user)
    mine = make_job(title="Backend Engineer (mine)", submitted_by=user)
    profile = make_profile(user)
    full = services.recompute_matches(profile=profile)
    assert set(scores(profile)) == {public.pk, mine.pk}
    assert private.pk not in {entry["job_id"] for entry in full["new_above_threshold"]}
    services.recompute_matches(profile=profile, posting_ids=[private.pk])
    assert set(scores(profile)) == {public.pk, mine.pk}


def test_one_match_new_event_per_run_listing_new_matches_above_the_threshold(user, settings):
    settings.MATCH_NEW_THRESHOLD = 50
    strong = make_job()
    make_job(title="Night Nurse", company="Hospital", description=NURSE_POSTING, remote_type="onsite")
    first, second = make_profile(user), make_profile(user, name="Second")

    summary = services.recompute_for_user(user_id=user.pk)

    events = list(Event.objects.filter(owner=user, type="match.new"))
    assert len(events) == 1
    data = events[0].data
    assert summary["new_above_threshold"] == data["count"] == 2  # the strong posting, for both profiles
    assert {m["profile_id"] for m in data["matches"]} == {first.pk, second.pk}
    assert {m["job_id"] for m in data["matches"]} == {strong.pk}
    assert all(m["score"] >= 50 for m in data["matches"])

    services.recompute_for_user(user_id=user.pk)  # nothing new: no second event
    assert Event.objects.filter(owner=user, type="match.new").count() == 1


def test_no_event_when_nothing_passes_the_threshold(user, settings):
    settings.MATCH_NEW_THRESHOLD = 100.1
    make_job()
    services.recompute_matches(profile=make_profile(user))
    assert Match.objects.count() == 1
    assert not Event.objects.filter(type="match.new").exists()


def test_index_cache_is_incremental_and_survives_a_restart(user, match_index_dir):
    first = make_job()
    second = make_job(title="Django Engineer")
    index, changed = index_cache.current_index()
    assert sorted(changed) == sorted([first.pk, second.pk])
    assert (match_index_dir / f"index-{index.version}.npz").exists()

    assert index_cache.current_index()[1] == []  # warm: nothing re-encoded

    index_cache.forget_memory()  # a new process loads the file instead of rebuilding
    loaded, changed = index_cache.current_index()
    assert changed == [] and loaded.version == index.version

    second.salary_min, second.salary_max, second.salary_currency = 90000, 120000, "USD"  # not in the content hash
    second.save()
    third = make_job(title="Python Developer")
    first.delete()
    updated, changed = index_cache.current_index()
    assert sorted(changed) == sorted([second.pk, third.pk])
    assert sorted(updated.ids.tolist()) == sorted([second.pk, third.pk])
    assert updated.version != index.version
    assert len(list(match_index_dir.glob("index-*.npz"))) <= index_cache.KEEP_FILES


def test_a_corrupt_index_file_is_rebuilt(user, match_index_dir):
    job = make_job()
    index, _ = index_cache.current_index()
    (match_index_dir / f"index-{index.version}.npz").write_bytes(b"not a zip file")
    index_cache.forget_memory()
    rebuilt, changed = index_cache.current_index()
    assert changed == [job.pk] and rebuilt.version == index.version


def test_the_job_handler_runs_to_success_with_progress(user):
    job_row = make_job()
    profile = make_profile(user)
    job, created = services.schedule_recompute(user=user, profile_ids=[profile.pk])
    assert created and job.type == "matches.recompute" and job.queue == "default"

    background.run(job.pk)

    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert job.result["profiles"][0]["profile_id"] == profile.pk
    assert job.result["profiles"][0]["scored"] == 1
    assert Match.objects.filter(profile=profile, job=job_row).exists()
    messages = [e.data["message"] for e in Event.objects.filter(owner=user, type="job.progress")]
    assert any("Profile 1 of 1" in message for message in messages)


def test_the_job_handler_rejects_bad_params(user):
    job, _ = background.enqueue(user=user, type="matches.recompute", params={"profile_ids": "all", "posting_ids": None})
    background.run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error["code"] == "invalid_params"
    assert job.attempts == 1  # a permanent error is not retried


def test_schedule_recompute_refuses_another_users_profile(user, other_user):
    theirs = make_profile(other_user)
    from jobly.errors import NotFound

    with pytest.raises(NotFound):
        services.schedule_recompute(user=user, profile_ids=[theirs.pk])
    assert not BackgroundJob.objects.exists()


def test_a_profile_updated_event_starts_a_full_recompute_of_that_profile(user, django_capture_on_commit_callbacks):
    profile = make_profile(user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(user, "profile.updated", {"profile_id": profile.pk})
    for callback in callbacks[:1]:  # the fan-out (the job's own dispatch is not needed here)
        callback()
    job = BackgroundJob.objects.get(owner=user, type="matches.recompute")
    assert job.params == {"profile_ids": [profile.pk], "posting_ids": None}


def test_postings_changed_queue_one_incremental_job_per_user_who_can_see_them(user, other_user):
    from tests.factories import UserFactory

    make_profile(user)
    make_profile(other_user)
    UserFactory()  # no profile: nothing to rank for
    public = make_job()
    private = make_job(title="Pasted", submitted_by=other_user)

    scheduled = triggers.on_postings_changed(posting_ids=[public.pk])
    assert sorted(job.owner_id for job, _ in scheduled) == sorted([user.pk, other_user.pk])
    assert all(job.params == {"profile_ids": None, "posting_ids": [public.pk]} and created for job, created in scheduled)

    # A second ingestion while those jobs are queued joins them: no new job, the ids go into its params.
    scheduled = triggers.on_postings_changed(posting_ids=[private.pk])
    assert [(job.owner_id, created) for job, created in scheduled] == [(other_user.pk, False)]
    assert BackgroundJob.objects.filter(type="matches.recompute").count() == 2
    theirs = BackgroundJob.objects.get(type="matches.recompute", owner=other_user)
    assert theirs.params["posting_ids"] == sorted([public.pk, private.pk])
    assert BackgroundJob.objects.get(type="matches.recompute", owner=user).params["posting_ids"] == [public.pk]
    assert triggers.on_postings_changed(posting_ids=[]) == []


def test_postings_arriving_once_the_job_runs_start_a_new_one(user):
    make_profile(user)
    first, second = make_job(), make_job(title="Django Engineer")
    (job, _), = triggers.on_postings_changed(posting_ids=[first.pk])
    BackgroundJob.objects.filter(pk=job.pk).update(status="running")  # claimed: its params are fixed now

    (later, created), = triggers.on_postings_changed(posting_ids=[second.pk])

    assert created and later.pk != job.pk and later.params["posting_ids"] == [second.pk]
    job.refresh_from_db()
    assert job.params["posting_ids"] == [first.pk]


def test_a_queued_full_run_already_covers_new_postings(user):
    make_profile(user)
    full, _ = services.schedule_recompute(user=user)
    posting = make_job()
    (job, created), = triggers.on_postings_changed(posting_ids=[posting.pk])
    assert job.pk == full.pk and not created
    assert BackgroundJob.objects.get(pk=full.pk).params == {"profile_ids": None, "posting_ids": None}


def test_an_incremental_job_scores_every_merged_posting_and_announces_once(user, settings):
    settings.MATCH_NEW_THRESHOLD = 0
    profile = make_profile(user)
    first = make_job()
    (job, _), = triggers.on_postings_changed(posting_ids=[first.pk])
    second = make_job(title="Django Engineer")
    assert triggers.on_postings_changed(posting_ids=[second.pk])[0][0].pk == job.pk

    background.run(job.pk)

    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert job.result["profiles"][0]["scored"] == 2
    assert set(Match.objects.filter(profile=profile).values_list("job_id", flat=True)) == {first.pk, second.pk}
    events = Event.objects.filter(owner=user, type="match.new")
    assert events.count() == 1 and events.get().data["count"] == 2


def test_nightly_task_starts_one_full_run_per_user_with_profiles(user, other_user):
    from jobly import periodic
    from matching.tasks import recompute_all_profiles_task

    make_profile(user)
    make_profile(user, name="Second")
    make_profile(other_user)
    assert recompute_all_profiles_task() == {"jobs": 2}
    jobs = BackgroundJob.objects.filter(type="matches.recompute")
    assert sorted(jobs.values_list("owner_id", flat=True)) == sorted([user.pk, other_user.pk])
    assert all(job.params == {"profile_ids": None, "posting_ids": None} for job in jobs)
    spec = periodic.REGISTRY["matching.nightly-recompute"]
    assert spec.task == "matching.recompute_all_profiles" and spec.crontab == {"minute": "30", "hour": "2"}


def test_match_weights_setting_is_checked(settings):
    from matching.checks import check_match_weights

    settings.MATCH_WEIGHTS = {"salary": 0.2}
    assert check_match_weights() == []
    settings.MATCH_WEIGHTS = {"salry": 0.2}
    errors = check_match_weights()
    assert [error.id for error in errors] == ["matching.E001"] and "salry" in errors[0].msg


def test_a_profile_deleted_during_a_run_is_skipped(user):
    make_job()
    profile = make_profile(user)
    from jobly.models import Profile

    Profile.objects.filter(pk=profile.pk).delete()  # the run still holds the object it read before
    summary = services.recompute_matches(profile=profile)
    assert summary["skipped"] == "profile_deleted" and not Match.objects.exists()


def test_an_incremental_run_writes_every_profile_in_the_same_number_of_statements(user, settings):
    """100 profiles must not cost 100 times the queries: the writes of all a user's profiles share one
    transaction with a fixed number of statements (row locks, upsert, stale delete, trim, new ones)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.MATCH_TOP_K = 2
    settings.MATCH_NEW_THRESHOLD = 0
    make_job(title="Django Engineer")
    profiles = [make_profile(user, name=f"Profile {n}") for n in range(6)]
    services.recompute_for_user(user_id=user.pk)
    counts = []
    for profile_count in (2, 6):
        new_ids = [make_job(title=f"Python Developer {profile_count}{n}").pk for n in range(3)]
        with CaptureQueriesContext(connection) as queries:
            summary = services.recompute_for_user(
                user_id=user.pk, profile_ids=[p.pk for p in profiles[:profile_count]], posting_ids=new_ids)
        counts.append(len(queries))
        assert [s["profile_id"] for s in summary["profiles"]] == [p.pk for p in profiles[:profile_count]]
        for profile in profiles[:profile_count]:
            assert len(scores(profile)) == 2  # new postings entered and each top K was trimmed back to 2
        # Trimmed ones were new too, but only those still kept are announced.
        assert 0 < summary["new_above_threshold"] <= sum(s["new"] for s in summary["profiles"])
    assert counts[0] == counts[1], counts


def test_an_incremental_run_over_a_deleted_profile_skips_it_and_writes_the_others(user):
    first, second = make_profile(user), make_profile(user, name="Second")
    job = make_job()
    index, _ = index_cache.current_index()
    second_id = second.pk
    type(second).objects.filter(pk=second_id).delete()  # deleted while the run holds it
    summaries = services._recompute_new_postings([first, second], index, [job.pk], services._quiet)
    assert summaries[0]["scored"] == 1 and "skipped" not in summaries[0]
    assert summaries[1] == {**summaries[1], "profile_id": second_id, "scored": 0, "skipped": "profile_deleted"}
    assert set(scores(first)) == {job.pk}
