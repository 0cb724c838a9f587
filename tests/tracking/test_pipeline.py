"""The one status service: every allowed and every refused move, the row lock, dates, timeline, event."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobly.models import Event
from tests.concurrency import run_together
from tests.factories import ApplicationFactory, UserFactory
from tracking import pipeline
from tracking.errors import ApplicationNotFound, StatusChanged, TransitionNotAllowed
from tracking.models import Activity, Application
from tracking.services.pipeline import change_status

pytestmark = pytest.mark.django_db

ALL = list(pipeline.LABELS)
ALLOWED = [(a, b) for a in ALL for b in ALL if b in pipeline.TRANSITIONS[a]]
REFUSED = [(a, b) for a in ALL for b in ALL if a != b and b not in pipeline.TRANSITIONS[a]]


def test_the_transition_table_names_every_status_and_final_ones_go_nowhere():
    assert set(pipeline.TRANSITIONS) == set(ALL)
    assert all(not pipeline.TRANSITIONS[status] for status in pipeline.FINAL)
    assert len(ALLOWED) == 25 and len(REFUSED) == len(ALL) * (len(ALL) - 1) - 25


@pytest.mark.parametrize(("start", "target"), ALLOWED, ids=[f"{a}->{b}" for a, b in ALLOWED])
def test_every_allowed_move_is_saved_with_a_timeline_entry_and_one_event(user, start, target):
    application = ApplicationFactory(owner=user, status=start)
    moved, changed = change_status(user=user, application_id=application.pk, to=target, expect=start)
    assert changed and moved.status == target
    application.refresh_from_db()
    assert application.status == target
    entry = Activity.objects.filter(application=application, kind="status_change").get()
    assert entry.data == {"from": start, "to": target}
    events = Event.objects.filter(owner=user, type="application.status_change")
    assert [event.data["to"] for event in events] == [target]
    assert events[0].data["from"] == start and events[0].data["activity_id"] == entry.pk


@pytest.mark.parametrize(("start", "target"), REFUSED, ids=[f"{a}->{b}" for a, b in REFUSED])
def test_every_refused_move_is_409_and_writes_nothing(user, start, target):
    application = ApplicationFactory(owner=user, status=start)
    before = Application.objects.filter(pk=application.pk).values().get()
    with pytest.raises(TransitionNotAllowed) as refused:
        change_status(user=user, application_id=application.pk, to=target)
    assert refused.value.status == 409 and refused.value.code == "transition_not_allowed"
    assert refused.value.details["allowed"] == pipeline.allowed_moves(start)
    assert Application.objects.filter(pk=application.pk).values().get() == before
    assert not Activity.objects.exists() and not Event.objects.exists()


def test_moving_to_the_current_status_is_a_no_op(user):
    application = ApplicationFactory(owner=user, status="applied")
    _, changed = change_status(user=user, application_id=application.pk, to="applied")
    assert not changed and not Activity.objects.exists()


def test_a_stale_expected_status_is_409_status_changed(user):
    application = ApplicationFactory(owner=user, status="screening")
    with pytest.raises(StatusChanged) as stale:
        change_status(user=user, application_id=application.pk, to="interviewing", expect="applied")
    assert stale.value.status == 409 and stale.value.details == {"status": "screening"}
    application.refresh_from_db()
    assert application.status == "screening"


def test_an_unknown_status_is_400(user):
    application = ApplicationFactory(owner=user)
    with pytest.raises(TransitionNotAllowed) as bad:
        change_status(user=user, application_id=application.pk, to="hired!")
    assert bad.value.status == 400


def test_another_users_application_is_not_found_and_unchanged(user):
    theirs = ApplicationFactory(owner=UserFactory(), status="saved")
    with pytest.raises(ApplicationNotFound):
        change_status(user=user, application_id=theirs.pk, to="applied")
    theirs.refresh_from_db()
    assert theirs.status == "saved" and not Event.objects.exists()


def test_dates_are_stamped_once_and_later_stages_imply_earlier_ones(user):
    application = ApplicationFactory(owner=user)
    start = timezone.now() - timedelta(days=30)
    change_status(user=user, application_id=application.pk, to="applied", at=start)
    change_status(user=user, application_id=application.pk, to="offer", at=start + timedelta(days=5))
    change_status(user=user, application_id=application.pk, to="accepted", at=start + timedelta(days=9))
    application.refresh_from_db()
    assert application.applied_at == start
    assert application.first_response_at == start + timedelta(days=5)
    assert application.reached_interview_at == application.reached_offer_at == start + timedelta(days=5)
    assert application.accepted_at == application.closed_at == start + timedelta(days=9)
    assert application.last_response_at == start + timedelta(days=9)


def test_a_ghosted_application_that_gets_an_answer_is_open_again(user):
    application = ApplicationFactory(owner=user, status="applied", applied_at=timezone.now())
    change_status(user=user, application_id=application.pk, to="ghosted")
    application.refresh_from_db()
    assert application.closed_at is not None and application.first_response_at is None
    change_status(user=user, application_id=application.pk, to="interviewing")
    application.refresh_from_db()
    assert application.closed_at is None and application.first_response_at is not None


@pytest.mark.django_db(transaction=True)
def test_racing_moves_from_two_tabs_end_in_exactly_one_change():
    """Eight threads each move the same card from applied, to different columns: the row lock lets one
    win; the others see the new status and get status_changed (never two events, never a lost update)."""
    user = UserFactory()
    application = ApplicationFactory(owner=user, status="applied")
    targets = ["screening", "interviewing", "offer", "rejected", "withdrawn", "ghosted", "screening", "interviewing"]
    results = run_together([
        lambda target=target: change_status(user=user, application_id=application.pk, to=target, expect="applied")
        for target in targets])
    outcomes = [("stale" if isinstance(result, StatusChanged) else "moved", target) for result, target in zip(results, targets)]
    assert not [result for result in results if isinstance(result, Exception) and not isinstance(result, StatusChanged)]
    moved = [target for outcome, target in outcomes if outcome == "moved"]
    assert len(outcomes) == len(targets) and len(moved) == 1
    application.refresh_from_db()
    assert application.status == moved[0]
    assert Event.objects.filter(type="application.status_change").count() == 1
    assert Activity.objects.filter(kind="status_change").count() == 1
