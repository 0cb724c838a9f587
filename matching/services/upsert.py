"""Store normalised postings: dedupe against the stored ones, insert in one statement per batch.

Who may touch which row:
- A feed's posting (no submitter) matches public rows: by content hash (unchanged), else by
  canonical URL (re-published with new text: updated, but only by the feed that first brought it;
  another feed carrying the same posting is linked to it and changes nothing, so the text never
  flips with fetch order). A private row with identical content becomes public (the feed
  publishes that text anyway).
- A user's posting (pasted or uploaded) matches public rows by content hash (returned as it is),
  and that user's own private rows by hash or URL. It never updates a public row or another user's
  row: a public posting at the same URL with other text gets a private row of its own.
Inserts are a COPY into a temporary table and one `INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING`
statement per batch on PostgreSQL (rows in content-hash order, so concurrent runs neither deadlock nor
duplicate); other databases
use `bulk_create(ignore_conflicts=True)` and read the ids back.
"""

import json
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from matching import read_cache
from matching.models import Job
from matching.services.triggers import after_postings_upserted

JOB_FIELDS = [
    "title", "company", "location", "remote_type", "salary_min", "salary_max", "salary_currency", "salary_period",
    "employment_type", "seniority", "description_html", "description_text", "canonical_url", "external_id",
    "posted_at", "source", "skills", "required_skills", "preferred_skills", "content_hash", "raw_hash",
]
JSON_FIELDS = {"skills", "required_skills", "preferred_skills"}
INSERT_BATCH = 1000
# Where a batch is copied before the insert: this session's own table, dropped at commit.
_STAGING = "matching_job_staging"
# last_seen_at is kept to this precision: a row seen more recently is not written again.
TOUCH_AFTER = timedelta(hours=1)


def upsert_postings(*, postings, feed=None, submitted_by=None, now=None, seen_ids=()):
    """Insert new postings, update changed ones, touch unchanged ones, in one transaction.

    `seen_ids` are rows the caller already found unchanged (same guid and raw digest): touched and
    linked like the others. Returns {"counts", "reasons", "posting_ids"}; matching is triggered after
    commit for new and updated postings.
    """
    now = now or timezone.now()
    unique, duplicates = _unique_in_batch(postings)
    counts = {"new": 0, "updated": 0, "unchanged": len(seen_ids), "skipped": duplicates}
    reasons = {"duplicate_in_feed": duplicates} if duplicates else {}
    with transaction.atomic():
        plan = _plan(unique, feed=feed, submitted_by=submitted_by)
        new_ids, existing_ids = _insert(plan["insert"], feed=feed, submitted_by=submitted_by, now=now)
        counts["new"] += len(new_ids)
        counts["unchanged"] += len(existing_ids) + len(plan["unchanged"])
        if plan["kept_first_source"]:
            reasons["seen_in_another_feed"] = len(plan["kept_first_source"])
        _update(plan["update"], feed=feed, now=now)
        counts["updated"] += len(plan["update"])
        touched = sorted({*seen_ids, *plan["unchanged"], *existing_ids})
        touch_postings(touched, now)
        if plan["publish"]:
            Job.objects.filter(pk__in=sorted(plan["publish"])).update(submitted_by=None, origin_feed=feed, last_seen_at=now)
        changed_ids = [*new_ids, *(job.pk for job, _ in plan["update"])]
        posting_ids = [*changed_ids, *touched, *plan["publish"]]
        linked = _link(feed, sorted(set(posting_ids))) if feed is not None and posting_ids else 0
        changed = bool(new_ids or plan["update"] or plan["publish"])
        if changed:
            read_cache.postings_changed(submitted_by.pk if submitted_by is not None else None)
        if linked and not (changed and submitted_by is None):  # postings joined a feed: its filtered lists change
            read_cache.postings_changed()
        if plan["update"]:
            read_cache.postings_rewritten()
    # Published rows are new to everyone but their submitter: they are matched too.
    after_postings_upserted(counts={**counts, "new": counts["new"] + len(plan["publish"])},
                            posting_ids=[*changed_ids, *plan["publish"]])
    return {"counts": counts, "reasons": reasons, "posting_ids": posting_ids}


def _link(feed, job_ids):
    """Link the postings to the feed: one statement, rows already linked left as they are. Returns how many
    links are new (on SQLite, how many were asked for: it cannot tell)."""
    through = Job.feeds.through
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(through._meta.db_table)
        with server_bound_cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} (job_id, feed_id) SELECT unnest(%s::bigint[]), %s "
                           "ON CONFLICT (job_id, feed_id) DO NOTHING", [job_ids, feed.pk])
            return cursor.rowcount
    through.objects.bulk_create([through(job_id=pk, feed_id=feed.pk) for pk in job_ids], ignore_conflicts=True)
    return len(job_ids)


def server_bound_cursor():
    """A psycopg cursor on Django's connection that sends parameters apart from the SQL (Django's own
    cursor quotes every value into the statement text: a third of the insert's time for 1,000 rows)."""
    import psycopg

    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


def touch_postings(ids, now):
    """last_seen_at = now for rows not seen within TOUCH_AFTER (an unchanged feed fetched every few
    minutes writes nothing: each row update rewrites the tuple and every index, the full-text one too),
    locking rows in id order (two runs touching the same rows wait, never deadlock)."""
    if not ids:
        return
    stale = now - TOUCH_AFTER
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Job._meta.db_table)
        with server_bound_cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET last_seen_at = %s WHERE id IN (SELECT id FROM {table} WHERE id = ANY(%s) "
                "AND last_seen_at < %s ORDER BY id FOR NO KEY UPDATE)", [now, list(ids), stale])
        return
    Job.objects.filter(pk__in=ids, last_seen_at__lt=stale).update(last_seen_at=now)


def _unique_in_batch(postings):
    """The batch without repeats of a canonical URL or content hash; and how many were dropped."""
    unique, seen_urls, seen_hashes = [], set(), set()
    for posting in postings:
        if (posting.canonical_url and posting.canonical_url in seen_urls) or posting.content_hash in seen_hashes:
            continue
        seen_urls.add(posting.canonical_url)
        seen_hashes.add(posting.content_hash)
        unique.append(posting)
    return unique, len(postings) - len(unique)


def _visible(submitted_by):
    """Rows this writer may match: public ones, plus the submitter's own private ones."""
    return Q(submitted_by__isnull=True) | Q(submitted_by=submitted_by) if submitted_by is not None else Q(submitted_by__isnull=True)


def _plan(unique, *, feed, submitted_by):
    """Decide per posting: insert, update (row, posting), unchanged (id), publish (id), or keep the first source."""
    hashes = [p.content_hash for p in unique]
    urls = [p.canonical_url for p in unique if p.canonical_url]
    by_hash, by_url, private_by_hash = {}, {}, {}
    visible = "(submitted_by_id IS NULL OR submitted_by_id = %s)" if submitted_by is not None else "submitted_by_id IS NULL"
    scope = [submitted_by.pk] if submitted_by is not None else []
    for row in _candidate_rows("content_hash", hashes, visible, scope):
        # A public row wins over the submitter's own copy: identical content, one posting.
        if row[1] not in by_hash or row[3] is None:
            by_hash[row[1]] = row
    if urls:
        for row in _candidate_rows("canonical_url", urls, visible, scope):
            if submitted_by is not None and row[3] is None:
                continue  # a user's paste never rewrites a public posting
            by_url.setdefault(row[2], row)
    if submitted_by is None:
        missing = [h for h in hashes if h not in by_hash]
        for row in _candidate_rows("content_hash", missing, "submitted_by_id IS NOT NULL", []):
            private_by_hash.setdefault(row[1], row)
    plan = {"insert": [], "update": [], "unchanged": [], "publish": [], "kept_first_source": []}
    for posting in unique:
        row = by_hash.get(posting.content_hash)
        if row is not None:
            plan["unchanged"].append(row[0])
            continue
        row = private_by_hash.get(posting.content_hash)
        if row is not None:
            plan["publish"].append(row[0])
            continue
        row = by_url.get(posting.canonical_url) if posting.canonical_url else None
        if row is None:
            plan["insert"].append(posting)
        elif feed is not None and row[4] not in (None, feed.pk):
            plan["kept_first_source"].append(row[0])
            plan["unchanged"].append(row[0])
        else:
            plan["update"].append((Job(pk=row[0]), posting))
    return plan


_PLAN_COLUMNS = ("id", "content_hash", "canonical_url", "submitted_by_id", "origin_feed_id")


def _candidate_rows(column, values, scope_sql, scope_params):
    """Stored rows (the _PLAN_COLUMNS) whose `column` is one of `values`, within the scope, in id order."""
    if not values:
        return []
    if connection.vendor == "postgresql":  # one array parameter: thousands of IN (…) literals cost seconds
        with server_bound_cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(_PLAN_COLUMNS)} FROM {connection.ops.quote_name(Job._meta.db_table)} "
                           f"WHERE {column} = ANY(%s) AND {scope_sql} ORDER BY id", [list(values), *scope_params])
            return cursor.fetchall()
    query = Job.objects.filter(**{f"{column}__in": values})
    query = query.filter(submitted_by__isnull=False) if scope_sql == "submitted_by_id IS NOT NULL" else query.filter(
        _visible(scope_params[0] if scope_params else None))
    return list(query.order_by("id").values_list(*_PLAN_COLUMNS))


def _row_values(posting, *, feed, submitted_by, now):
    values = {name: getattr(posting, name) for name in JOB_FIELDS}  # asdict() would deep-copy every list
    values.update(first_seen_at=now, last_seen_at=now, submitted_by_id=getattr(submitted_by, "pk", None),
                  origin_feed_id=feed.pk if feed is not None else None)
    return values


def _insert(postings, *, feed, submitted_by, now):
    """Insert rows; (ids inserted, ids of rows a concurrent run inserted first)."""
    if not postings:
        return [], []
    rows = sorted((_row_values(p, feed=feed, submitted_by=submitted_by, now=now) for p in postings),
                  key=lambda values: values["content_hash"])
    inserted, existing = [], []
    for start in range(0, len(rows), INSERT_BATCH):
        batch = rows[start:start + INSERT_BATCH]
        if connection.vendor == "postgresql":
            new, old = _insert_postgresql(batch, private=submitted_by is not None)
        else:
            new, old = _insert_portable(batch, submitted_by=submitted_by)
        inserted += new
        existing += old
    return inserted, existing


def _insert_postgresql(batch, *, private):
    """COPY the batch into a temporary table (psycopg's C row writer), then one INSERT … SELECT … ON CONFLICT."""
    table = connection.ops.quote_name(Job._meta.db_table)
    names = list(batch[0])
    columns = ", ".join(connection.ops.quote_name(name) for name in names)
    target = ("(content_hash, submitted_by_id) WHERE submitted_by_id IS NOT NULL" if private
              else "(content_hash) WHERE submitted_by_id IS NULL")
    with server_bound_cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGING} ON COMMIT DROP AS "
                       f"SELECT {columns} FROM {table} WITH NO DATA")
        with cursor.copy(f"COPY {_STAGING} ({columns}) FROM STDIN") as copy:
            for row in batch:
                copy.write_row([json.dumps(row[name]) if name in JSON_FIELDS else row[name] for name in names])
        # DO NOTHING, not DO UPDATE: a conflict then locks no existing row, so a concurrent run touching
        # rows in id order can never deadlock with this one (rows another run inserted first are read back).
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {_STAGING} ORDER BY content_hash "
                       f"ON CONFLICT {target} DO NOTHING RETURNING id, content_hash")
        inserted = dict((content_hash, pk) for pk, content_hash in cursor.fetchall())
        cursor.execute(f"TRUNCATE {_STAGING}")
    missing = [row["content_hash"] for row in batch if row["content_hash"] not in inserted]
    existing = []
    if missing:
        submitter = batch[0]["submitted_by_id"]
        scope = Job.objects.filter(content_hash__in=missing)
        scope = scope.filter(submitted_by_id=submitter) if private else scope.filter(submitted_by__isnull=True)
        existing = list(scope.values_list("id", flat=True))
    return list(inserted.values()), existing


def _insert_portable(batch, *, submitted_by):
    hashes = [row["content_hash"] for row in batch]
    scope = Job.objects.filter(content_hash__in=hashes, submitted_by=submitted_by) if submitted_by is not None else \
        Job.objects.filter(content_hash__in=hashes, submitted_by__isnull=True)
    before = set(scope.values_list("id", flat=True))
    Job.objects.bulk_create([Job(**row) for row in batch], ignore_conflicts=True)
    after = dict(scope.values_list("content_hash", "id"))
    ids = [after[h] for h in hashes if h in after]
    return [pk for pk in ids if pk not in before], [pk for pk in ids if pk in before]


def _update(pairs, *, feed, now):
    """Rewrite rows re-published with new text (same URL), claiming them for this feed if unclaimed."""
    if not pairs:
        return
    jobs = []
    for job, posting in sorted(pairs, key=lambda pair: pair[0].pk):
        for name in JOB_FIELDS:
            setattr(job, name, getattr(posting, name))
        job.last_seen_at = now
        if feed is not None:
            job.origin_feed_id = feed.pk
        jobs.append(job)
    Job.objects.bulk_update(jobs, [*JOB_FIELDS, "last_seen_at", "origin_feed"], batch_size=500)
