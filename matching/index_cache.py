"""The posting index for ranking, built from Job rows and cached on disk (and in memory) by version.

`current_index()` compares each Job's fingerprint with the cached index and only re-encodes the
postings that are new or changed (and drops the deleted ones), so a warm call costs one
`values_list` query, not a rebuild. Files are `<MATCH_INDEX_DIR>/index-<version>.npz`, written
atomically; any process may load the newest one.
"""

import hashlib
import json
import logging
import os
import tempfile
import threading
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import F, TextField, Value
from django.db.models.functions import MD5, Cast, Coalesce, Concat

from matching.scoring import PostingIndex, posting_features_from_job_fields, semantic

logger = logging.getLogger("matching.index")

# What makes a posting's index row stale: the content hash does not cover salary, remote type, date or skills.
FINGERPRINT_FIELDS = ("remote_type", "salary_min", "salary_max", "salary_currency", "salary_period", "posted_at", "skills")
FEATURE_FIELDS = (
    "id", "title", "company", "location", "remote_type", "salary_min", "salary_max", "salary_currency",
    "salary_period", "description_text", "skills", "required_skills", "preferred_skills", "posted_at", "content_hash",
)
# A changed index is written to disk only after this many postings were (re-)encoded since the last
# write, or when it was built cold: other processes bring a slightly older file up to date themselves.
SAVE_AFTER_CHANGES = 2000
KEEP_FILES = 2
ENCODE_BATCH = 2000

_lock = threading.Lock()
_memory = {"index": None}  # the last index this process built or loaded


def _fingerprint_expression():
    """Computed by the database (MD5 over the fields), so the warm check reads two short columns per Job."""
    parts = []
    for name in FINGERPRINT_FIELDS:
        parts += [Coalesce(Cast(name, TextField()), Value(""), output_field=TextField()), Value("|")]
    return Concat(F("content_hash"), Value(":"), MD5(Concat(*parts, output_field=TextField())), output_field=TextField())


def current_fingerprints():
    """{job id: fingerprint} for every Job: content hash prefix + a digest of the other indexed fields."""
    from matching.models import Job

    fingerprints = {}
    if connection.vendor == "postgresql":
        rows = Job.objects.annotate(fingerprint=_fingerprint_expression()).values_list("id", "fingerprint")
        for pk, value in rows.iterator(5000):
            content_hash, _, fields = value.rpartition(":")
            fingerprints[pk] = f"{content_hash[:24]}:{fields[:12]}"
        return fingerprints
    # SQLite (the zero-setup default) cannot parse the long CONCAT chain: digest in Python instead.
    for pk, content_hash, *fields in Job.objects.values_list("id", "content_hash", *FINGERPRINT_FIELDS).iterator(5000):
        text = "|".join("" if v is None else (v.isoformat() if hasattr(v, "isoformat") else json.dumps(v) if isinstance(v, list) else str(v))
                        for v in fields)
        fingerprints[pk] = f"{content_hash[:24]}:{hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()[:12]}"
    return fingerprints


def _features(job):
    fields = dict(job)
    return posting_features_from_job_fields(
        id=fields["id"], title=fields["title"], company=fields["company"], location=fields["location"],
        remote_type=fields["remote_type"], salary_min=fields["salary_min"], salary_max=fields["salary_max"],
        salary_currency=fields["salary_currency"], salary_period=fields["salary_period"] or "year",
        text=fields["description_text"], skills=fields["skills"] or None, posted_at=fields["posted_at"],
        fingerprint=fields["_fingerprint"], required_skills=fields.get("required_skills"),
        preferred_skills=fields.get("preferred_skills"),
    )


def _embedder():
    return semantic.embed if semantic.available() else None


def index_dir():
    path = Path(settings.MATCH_INDEX_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _index_files():
    """Saved indexes, newest first."""
    def mtime(path):
        try:
            return path.stat().st_mtime
        except FileNotFoundError:  # another process pruned it meanwhile
            return 0.0

    return sorted(index_dir().glob("index-*.npz"), key=mtime, reverse=True)


def _newest_file():
    files = _index_files()
    return files[0] if files else None


def _load_newest():
    """The newest saved index that loads; None when there is none (another format, torn or pruned files)."""
    for path in _index_files()[:KEEP_FILES]:
        try:
            return PostingIndex.load(path)
        except (OSError, ValueError, KeyError) as error:
            logger.warning("posting index %s unusable (%s)", path.name, type(error).__name__)
    return None


def _save(index):
    directory = index_dir()
    target = directory / f"index-{index.version}.npz"
    if not target.exists():
        handle, temp = tempfile.mkstemp(dir=directory, prefix=".index-", suffix=".npz")
        os.close(handle)
        try:
            index.save(temp)
            os.replace(temp, target)  # atomic: readers never see half a file
        finally:
            if os.path.exists(temp):
                os.unlink(temp)
    else:
        target.touch()
    for old in _index_files()[KEEP_FILES:]:
        old.unlink(missing_ok=True)
    return target


def _job_features(ids, fingerprints, *, everything=False):
    """Feature records of these Jobs; `everything`: all rows through one server-side cursor (a cold build)."""
    from matching.models import Job

    if everything:
        rows = Job.objects.order_by("id").values(*FEATURE_FIELDS).iterator(chunk_size=ENCODE_BATCH)
        for row in rows:
            if row["id"] in fingerprints:
                yield _features({**row, "_fingerprint": fingerprints[row["id"]]})
        return
    ids = sorted(ids)
    for start in range(0, len(ids), ENCODE_BATCH):
        chunk = ids[start:start + ENCODE_BATCH]
        for row in Job.objects.filter(pk__in=chunk).values(*FEATURE_FIELDS):
            yield _features({**row, "_fingerprint": fingerprints[row["id"]]})


def _batches(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def current_index(*, progress=None, only_ids=None):
    """The index of every Job as it is now: the cached one, brought up to date incrementally.

    With `only_ids` (new postings an ingestion reported) and an index in memory, only those rows are
    checked and encoded: the full fingerprint scan (one query over every Job) is left to the next full
    run. Returns (index, changed_ids): the ids re-encoded in this call (new or changed postings).
    """
    progress = progress or (lambda percent, message: None)
    with _lock:
        if only_ids is not None and _memory["index"] is not None:
            return _append_only(_memory["index"], sorted(set(only_ids)), progress)
        wanted = current_fingerprints()
        embed = _embedder()
        index = _memory["index"]
        newest = _newest_file()
        if newest is not None and (index is None or newest.name != f"index-{index.version}.npz"):
            index = _load_newest() or index
        if index is not None and (index.embeddings is not None) != (embed is not None):
            index = None  # the semantic extra was installed or removed: rebuild once
        index = index if index is not None else PostingIndex()
        have = dict(zip(index.ids.tolist(), index.fingerprints.tolist(), strict=True))
        gone = [pk for pk in have if pk not in wanted]
        changed = [pk for pk, fp in wanted.items() if have.get(pk) != fp]
        if gone:
            index.remove(gone)
        if changed:
            progress(0, f"Indexing {len(changed)} posting{'s' if len(changed) != 1 else ''}")
            done = 0

            def encoded(count):
                nonlocal done
                done += count
                progress(100 * done / len(changed), f"Indexed {done} of {len(changed)} postings")

            cold = len(changed) == len(wanted) and not len(index)
            features = _job_features(changed, wanted, everything=cold)
            index.upsert_batches(_batches(features, ENCODE_BATCH), embed=embed, on_batch=encoded)
        _memory["unsaved"] = _memory.get("unsaved", 0) + len(changed) + len(gone)
        if newest is None or _memory["unsaved"] >= SAVE_AFTER_CHANGES or (gone and not changed):
            _save(index)
            _memory["unsaved"] = 0
        _memory["index"] = index
        return index, changed


def _fingerprints_of(ids):
    """{id: fingerprint} of some Jobs (the same values current_fingerprints gives them)."""
    from matching.models import Job

    if connection.vendor != "postgresql":
        return {pk: fp for pk, fp in current_fingerprints().items() if pk in set(ids)}
    rows = Job.objects.filter(pk__in=ids).annotate(fingerprint=_fingerprint_expression()).values_list("id", "fingerprint")
    fingerprints = {}
    for pk, value in rows:
        content_hash, _, fields = value.rpartition(":")
        fingerprints[pk] = f"{content_hash[:24]}:{fields[:12]}"
    return fingerprints


def _append_only(index, ids, progress):
    """Bring the given postings into the in-memory index (new rows appended, changed rows replaced)."""
    wanted = _fingerprints_of(ids)
    have = dict(zip(index.ids.tolist(), index.fingerprints.tolist(), strict=True))
    changed = [pk for pk in ids if pk in wanted and have.get(pk) != wanted[pk]]
    gone = [pk for pk in ids if pk not in wanted and pk in have]
    if gone:
        index.remove(gone)
    if changed:
        progress(0, f"Indexing {len(changed)} new posting{'s' if len(changed) != 1 else ''}")
        index.upsert(list(_job_features(changed, wanted)), embed=_embedder())
    _memory["unsaved"] = _memory.get("unsaved", 0) + len(changed)
    if _memory["unsaved"] >= SAVE_AFTER_CHANGES:
        _save(index)
        _memory["unsaved"] = 0
    return index, changed


def forget_memory():
    """Drop this process's in-memory copy (tests; the files stay)."""
    _memory["index"] = None
    _memory["unsaved"] = 0
