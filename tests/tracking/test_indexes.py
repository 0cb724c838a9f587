"""The analytics queries use the indexes (owner with status / created / updated / applied; activity by
owner and time): every query the analytics run for one user is EXPLAINed on a table big enough that
PostgreSQL's planner would rather scan it whole if no index served."""

import random
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tracking import analytics, pipeline
from tracking.models import Activity, Application, Interview

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's"),
]
USERS, PER_USER, ACTIVITY_PER_APPLICATION = 60, 80, 8
TABLES = ("tracking_application", "tracking_activity", "tracking_interview")
INDEXES = ("application_owner_status", "application_owner_created", "application_owner_updated",
           "application_owner_applied", "activity_owner_created", "interview_owner_scheduled")


@pytest.fixture
def big_history():
    rng = random.Random(7)
    now = timezone.now()
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"explain{n}") for n in range(USERS)])
    statuses = list(pipeline.LABELS)
    applications = []
    for user in users:
        for _ in range(PER_USER):
            created = now - timedelta(days=rng.randint(0, 200))
            applied = created + timedelta(days=1) if rng.random() < 0.8 else None
            answered = applied + timedelta(days=rng.randint(1, 20)) if applied and rng.random() < 0.3 else None
            applications.append(Application(
                owner=user, title="Engineer", status=rng.choice(statuses), source=rng.choice(["feed", "referral"]),
                match_score=rng.uniform(20, 95), created_at=created, updated_at=created, saved_at=created,
                applied_at=applied, first_response_at=answered, status_changed_at=created,
                next_action_due=now + timedelta(days=rng.randint(-10, 10)) if rng.random() < 0.3 else None))
    Application.objects.bulk_create(applications, batch_size=2000)
    Interview.objects.bulk_create([
        Interview(owner_id=application.owner_id, application=application, scheduled_at=now + timedelta(days=rng.randint(-60, 30)))
        for application in applications[::4]], batch_size=2000)
    Activity.objects.bulk_create([
        Activity(owner_id=application.owner_id, application=application, kind="note",
                 created_at=application.created_at + timedelta(hours=hour))
        for application in applications for hour in range(ACTIVITY_PER_APPLICATION)], batch_size=5000)
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"ANALYZE {table}")
    return users


def _plans(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if not any(table in query["sql"] for table in TABLES):
                continue
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append((query["sql"], "\n".join(row[0] for row in cursor.fetchall())))
    return plans


MEASURES = {
    "overview": lambda user, now: analytics.overview(user, now=now),
    "pipeline": lambda user, now: analytics.pipeline_summary(user),
    "timeline": lambda user, now: analytics.activity_over_time(user, now=now),
    "trends": lambda user, now: analytics.weekly_trends(user, now=now),
    "metrics": lambda user, now: analytics.success_metrics(user, by="score_band"),
    "health": lambda user, now: analytics.health_score(user, now=now),
    "quick_stats": lambda user, now: analytics.quick_stats(user, now=now),
    "anomalies": lambda user, now: analytics.anomalies(user, now=now),
}


def test_every_query_of_every_measure_reads_through_an_owner_index(big_history):
    """One history for all measures (building it is the slow part); every failing plan is listed."""
    user, bad, checked = big_history[17], [], 0
    for measure in sorted(MEASURES):
        plans = _plans(lambda: MEASURES[measure](user, timezone.now()))
        assert plans, f"{measure} ran no query on the tracking tables"
        for sql, plan in plans:
            checked += 1
            whole = [table for table in TABLES if f"Seq Scan on {table}" in plan]
            indexed = any(name in plan for name in INDEXES)
            if whole or not indexed:
                bad.append(f"{measure}:\n{sql}\n{plan}")
    assert not bad, "\n\n".join(bad)
    assert checked >= 14


def test_the_index_names_the_issue_asks_for_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)", [list(TABLES)])
        indexes = dict(cursor.fetchall())
    assert "(owner_id, status)" in indexes["application_owner_status"]
    assert "(owner_id, created_at)" in indexes["application_owner_created"]
    assert "(owner_id, updated_at)" in indexes["application_owner_updated"]
    assert "(owner_id, applied_at)" in indexes["application_owner_applied"]
    assert "(owner_id, created_at)" in indexes["activity_owner_created"]
