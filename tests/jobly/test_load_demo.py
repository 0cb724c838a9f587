"""`manage.py load_demo`: a fictional back-end developer whose best demo matches are strong fits, with
applications across the pipeline, built through the services and idempotent."""

import json

import pytest
from django.core.management import call_command

from interviews.models import InterviewPrep
from jobly.models import BackgroundJob, Profile
from matching.models import Feed, Job, Match
from packets.models import Packet
from tracking import pipeline
from tracking.models import Activity, Application, Interview

pytestmark = pytest.mark.django_db

COUNTED = (Profile, Feed, Job, Match, Application, Activity, Interview, Packet, InterviewPrep, BackgroundJob)


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_the_demo_candidate_fits_the_demo_postings_and_has_a_pipeline(settings):
    call_command("load_demo")
    profile = Profile.objects.get(owner__username=settings.DEMO_USERNAME)
    assert profile.full_name == "Jordan Ellis"
    assert {"Python", "Django", "PostgreSQL", "Redis", "Celery", "Docker"} <= {skill["name"] for skill in profile.skills}
    assert len(profile.experience) >= 3 and all(role["bullets"] for role in profile.experience)
    best = list(Match.objects.filter(profile=profile).order_by("-score").values_list("score", flat=True)[:3])
    assert best[0] >= 75, best
    assert all(score >= 65 for score in best), best

    applications = Application.objects.filter(owner=profile.owner)
    statuses = set(applications.values_list("status", flat=True))
    assert {pipeline.SAVED, pipeline.APPLIED, pipeline.SCREENING, pipeline.INTERVIEWING, pipeline.REJECTED} <= statuses
    assert all(application.match_score for application in applications)
    # Built through the services: every move is on the timeline, the applied ones have their snapshot.
    moves = Activity.objects.filter(application__owner=profile.owner, kind=Activity.Kind.STATUS_CHANGE).count()
    assert moves == 1 + 2 + 3 + 2
    assert all(application.applied_at for application in applications.exclude(status=pipeline.SAVED))
    assert Interview.objects.filter(owner=profile.owner).count() == 1
    assert applications.exclude(next_action_due=None).count() == 4


def test_a_packet_and_an_interview_prep_are_queued_for_the_best_match(settings):
    call_command("load_demo")
    best = Match.objects.filter(profile__owner__username=settings.DEMO_USERNAME).order_by("-score", "job_id").first()
    packet = Packet.objects.get(owner=best.profile.owner)
    prep = InterviewPrep.objects.get(owner=best.profile.owner)
    assert (packet.match_id, packet.design) == (best.pk, "classic") and prep.job_id == best.job_id
    jobs = BackgroundJob.objects.filter(owner=best.profile.owner, status="queued")
    assert {job.type for job in jobs} >= {"packets.generate", "interviews.generate"}


def test_a_second_run_changes_nothing():
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first


def test_the_demo_resume_is_fictional():
    from jobly.management.commands.load_demo import DEMO_RESUME

    document = json.loads(DEMO_RESUME.read_text(encoding="utf-8"))
    addresses = [document["basics"]["email"], document["basics"]["url"]]
    addresses += [role.get("url", "") for role in document["work"]]
    assert all(".example.com" in address or address.endswith("@example.com") or not address for address in addresses)
