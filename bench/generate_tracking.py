"""Data for bench_tracking: users, applications and activity entries written with PostgreSQL COPY.

Deterministic (seeded). Each user gets the same number of applications, spread over the last year,
with a realistic mix: about 80 % applied, a third of those answered within 1–30 days, some interviews
and offers, next actions (some overdue), five sources and match scores from 20 to 98. Activity entries
are spread over each application's life. Ids are written explicitly (fast COPY) and the sequences
moved past them afterwards.
"""

import random
from datetime import timedelta

STATUSES_AFTER_APPLY = [("applied", 40), ("screening", 12), ("interviewing", 8), ("offer", 2), ("accepted", 1),
                        ("rejected", 25), ("withdrawn", 4), ("ghosted", 8)]
SOURCES = ["remoteok.com", "referral", "linkedin", "company site", "manual"]
KINDS = ["note", "status_change", "reminder", "edit", "interview", "email"]
APPLICATION_COLUMNS = [
    "id", "owner_id", "title", "company", "url", "status", "source", "priority", "match_score", "salary_discussed",
    "notes", "contacts", "next_action", "next_action_due", "saved_at", "applied_at", "first_response_at",
    "last_response_at", "reached_interview_at", "reached_offer_at", "accepted_at", "closed_at", "status_changed_at",
    "created_at", "updated_at", "packet_design",
]
ACTIVITY_COLUMNS = ["id", "owner_id", "application_id", "kind", "text", "data", "created_at"]


def _weighted(rng, pairs):
    total = sum(weight for _, weight in pairs)
    pick = rng.uniform(0, total)
    for value, weight in pairs:
        pick -= weight
        if pick <= 0:
            return value
    return pairs[-1][0]


def application_rows(user_ids, per_user, *, now, seed=16, first_id=1):
    rng = random.Random(seed)
    next_id = first_id
    for owner_id in user_ids:
        for _ in range(per_user):
            created = now - timedelta(days=rng.uniform(0, 365))
            status, applied, answered, interview, offer, accepted, closed = "saved", None, None, None, None, None, None
            if rng.random() < 0.8:
                applied = created + timedelta(hours=rng.uniform(1, 72))
                status = _weighted(rng, STATUSES_AFTER_APPLY)
                if status not in ("applied", "withdrawn", "ghosted"):
                    answered = applied + timedelta(days=rng.uniform(1, 30))
                if status in ("interviewing", "offer", "accepted"):
                    interview = answered + timedelta(days=rng.uniform(1, 10))
                if status in ("offer", "accepted"):
                    offer = interview + timedelta(days=rng.uniform(3, 20))
                if status == "accepted":
                    accepted = offer + timedelta(days=2)
                if status in ("accepted", "rejected", "withdrawn", "ghosted"):
                    closed = (accepted or answered or applied) + timedelta(days=1)
            changed = max(moment for moment in (created, applied, answered, interview, offer, accepted, closed) if moment)
            due = now + timedelta(days=rng.uniform(-15, 15)) if status not in ("accepted", "rejected", "withdrawn") and rng.random() < 0.4 else None
            yield (next_id, owner_id, "Backend Engineer", f"Company {rng.randint(1, 5000)}", "", status,
                   rng.choice(SOURCES), rng.choice((1, 2, 2, 3)), round(rng.uniform(20, 98), 1), "", "", "[]",
                   "Follow up" if due else "", due, created, applied, answered, answered, interview, offer, accepted,
                   closed, changed, created, changed, rng.choice(["classic", "modern", ""]))
            next_id += 1


def activity_rows(applications, per_application, *, now, seed=61, first_id=1):
    """`applications`: (id, owner_id, created_at) tuples."""
    rng = random.Random(seed)
    next_id = first_id
    for application_id, owner_id, created in applications:
        span = max((now - created).total_seconds(), 60)
        for _ in range(per_application):
            yield (next_id, owner_id, application_id, rng.choice(KINDS), "", "{}",
                   created + timedelta(seconds=rng.uniform(0, span)))
            next_id += 1


def copy_rows(cursor, table, columns, rows):
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def generate(*, users, per_user, activity_per_application, now, prefix="bench-tracking"):
    """Create `users` users with `per_user` applications each and the activity entries. Returns the user ids."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    User = get_user_model()
    created = User.objects.bulk_create(
        [User(username=f"{prefix}-{n}", password="!unusable") for n in range(users)], batch_size=1000)
    user_ids = [user.pk for user in created]
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM tracking_application")
        first_application = cursor.fetchone()[0] + 1
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM tracking_activity")
        first_activity = cursor.fetchone()[0] + 1
        applications = []

        def remembered():
            for row in application_rows(user_ids, per_user, now=now, first_id=first_application):
                applications.append((row[0], row[1], row[23]))
                yield row

        copy_rows(cursor, "tracking_application", APPLICATION_COLUMNS, remembered())
        copy_rows(cursor, "tracking_activity", ACTIVITY_COLUMNS,
                  activity_rows(applications, activity_per_application, now=now, first_id=first_activity))
        for table in ("tracking_application", "tracking_activity"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tracking_application")
        cursor.execute("ANALYZE tracking_activity")
    return user_ids
