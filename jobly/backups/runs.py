"""Backups as a whole: create (dump + media tar + manifest), list, prune by daily/weekly counts,
and restore (verify every checksum first, refuse a non-empty database unless forced).

A backup is a folder `NAME/` in the `backups` storage (BACKUP_DIR, or `backups/` in the bucket)
holding `database.dump` (or `database.sqlite3`), `media.tar` and, written last, `manifest.json`:
a folder without a manifest is an unfinished backup and is never listed or restored.
"""

import hashlib
import json
import logging
import secrets
import tempfile
from datetime import datetime, timezone as dt_timezone
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage, storages
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from jobly.backups import database, media
from jobly.backups.errors import BackupError

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
NAME_FORMAT = "%Y%m%dT%H%M%SZ"
logger = logging.getLogger("jobly.backups")


def backup_storage():
    return storages["backups"]


def _sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _new_name(store, now):
    base = now.astimezone(dt_timezone.utc).strftime(NAME_FORMAT)
    name = base
    while store.exists(f"{name}/{MANIFEST}") or store.exists(f"{name}/media.tar"):
        name = f"{base}-{secrets.token_hex(2)}"
    return name


def _save(store, name, path):
    with open(path, "rb") as handle:
        saved = store.save(name, File(handle, name=Path(name).name))
    if saved != name:
        store.delete(saved)
        raise BackupError(f"The backups storage would not keep the name {name}.", code="backup_name_taken")


def create_backup(*, db_alias="default", media_storage=None, store=None, now=None):
    """Dump the database and the media files into a new backup; returns its manifest."""
    store = store or backup_storage()
    media_storage = media_storage or default_storage
    db = connections[db_alias].settings_dict
    now = now or timezone.now()
    name = _new_name(store, now)
    written = []
    try:
        with tempfile.TemporaryDirectory(prefix="jobly-backup-") as work:
            dump_file = "database.dump" if database.vendor_of(db) == "postgresql" else "database.sqlite3"
            dump_path, tar_path = Path(work) / dump_file, Path(work) / "media.tar"
            described = database.dump(db, dump_path)
            media_index = media.write_tar(media_storage, tar_path)
            files = []
            for path in (dump_path, tar_path):
                _save(store, f"{name}/{path.name}", path)
                written.append(f"{name}/{path.name}")
                files.append({"name": path.name, "size": path.stat().st_size, "sha256": _sha256_file(path)})
            manifest = {
                "format": FORMAT_VERSION,
                "name": name,
                "created_at": now.isoformat(),
                "database": {key: described[key] for key in ("vendor", "format", "server_version", "tool")},
                "database_file": dump_file,
                "migrations": described["migrations"],
                "tables": described["tables"],
                "files": files,
                "media": media_index,
            }
            store.save(f"{name}/{MANIFEST}", ContentFile(json.dumps(manifest, indent=1, sort_keys=True).encode()))
    except BaseException:
        for partial in written:
            store.delete(partial)
        raise
    logger.info("backup written", extra={"backup": name, "media_files": len(media_index), "bytes": sum(f["size"] for f in files)})
    return manifest


def read_manifest(name, *, store=None):
    store = store or backup_storage()
    if "/" in name or name.startswith(".") or not store.exists(f"{name}/{MANIFEST}"):
        raise BackupError(f"There is no backup named {name!r} (see `manage.py list_backups`).", code="backup_not_found", status=404)
    with store.open(f"{name}/{MANIFEST}", "rb") as handle:
        try:
            manifest = json.loads(handle.read())
        except ValueError:
            raise BackupError(f"The manifest of {name} is not valid JSON.", code="backup_corrupt") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Backup {name} has format {manifest.get('format')!r}; this Jobly reads {FORMAT_VERSION}.", code="backup_format")
    return manifest


def list_backups(*, store=None):
    """Finished backups (those with a manifest), oldest first."""
    store = store or backup_storage()
    try:
        folders, _ = store.listdir("")
    except FileNotFoundError:
        return []
    manifests = []
    for folder in folders:
        if store.exists(f"{folder}/{MANIFEST}"):
            try:
                manifests.append(read_manifest(folder, store=store))
            except BackupError as error:
                logger.warning("skipping an unreadable backup", extra={"backup": folder, "code": error.code})
    return sorted(manifests, key=lambda manifest: manifest["created_at"])


def backups_to_keep(manifests, *, keep_daily, keep_weekly):
    """Names kept: the newest backup of each of the newest `keep_daily` days, and of each of the
    newest `keep_weekly` ISO weeks (grandfather-father-son, by counts); the newest always."""
    newest_first = sorted(manifests, key=lambda manifest: manifest["created_at"], reverse=True)
    keep, days, weeks = set(), [], []
    for manifest in newest_first:
        created = datetime.fromisoformat(manifest["created_at"])
        day, week = created.date(), tuple(created.isocalendar())[:2]
        if day not in days and len(days) < keep_daily:
            days.append(day)
            keep.add(manifest["name"])
        if week not in weeks and len(weeks) < keep_weekly:
            weeks.append(week)
            keep.add(manifest["name"])
    if newest_first:
        keep.add(newest_first[0]["name"])
    return keep


def delete_backup(name, *, store=None):
    store = store or backup_storage()
    _, files = store.listdir(name)
    for file_name in sorted(files, key=lambda file_name: file_name == MANIFEST, reverse=True):
        store.delete(f"{name}/{file_name}")  # the manifest first: a half-deleted backup is never listed
    try:
        store.delete(name)  # the empty folder on local disk; S3 has no folders
    except OSError:
        pass


def prune_backups(*, store=None, keep_daily=None, keep_weekly=None):
    """Delete the backups the daily/weekly counts do not keep; returns their names."""
    store = store or backup_storage()
    manifests = list_backups(store=store)
    keep = backups_to_keep(
        manifests,
        keep_daily=settings.BACKUP_KEEP_DAILY if keep_daily is None else keep_daily,
        keep_weekly=settings.BACKUP_KEEP_WEEKLY if keep_weekly is None else keep_weekly,
    )
    pruned = [manifest["name"] for manifest in manifests if manifest["name"] not in keep]
    for name in pruned:
        delete_backup(name, store=store)
    return pruned


def _download_verified(store, name, entry, work):
    path = Path(work) / entry["name"]
    digest, size = hashlib.sha256(), 0
    with store.open(f"{name}/{entry['name']}", "rb") as source, open(path, "wb") as target:
        while chunk := source.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    if digest.hexdigest() != entry["sha256"] or size != entry["size"]:
        raise BackupError(f"{entry['name']} of backup {name} does not match its checksum: not restoring.", code="backup_corrupt")
    return path


def _unknown_migrations(manifest):
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(f"{app}.{migration}" for app, names in manifest["migrations"].items() for migration in names
                  if (app, migration) not in known)


def restore_backup(name, *, force=False, db_alias="default", media_storage=None, store=None):
    """Restore backup `name` into the configured database and media storage; returns a report.

    Every file is checked against the manifest before anything is touched. The database must be
    empty (no tables) and no media file may differ from the backup's, unless `force`, which drops
    everything in the database first and replaces clashing media files.
    """
    store = store or backup_storage()
    media_storage = media_storage or default_storage
    manifest = read_manifest(name, store=store)
    db = connections[db_alias].settings_dict
    unknown = _unknown_migrations(manifest)
    if unknown and not force:
        raise BackupError(f"The backup has migrations this code does not know ({', '.join(unknown[:5])}): "
                          "restore it with the Jobly version that made it.", code="backup_newer_than_code")
    with tempfile.TemporaryDirectory(prefix="jobly-restore-") as work:
        paths = {entry["name"]: _download_verified(store, name, entry, work) for entry in manifest["files"]}
        empty = database.is_empty(db)
        if not empty and not force:
            raise BackupError("The database is not empty: restore into a new, empty database, or pass --force "
                              "to drop everything in it first.", code="database_not_empty")
        clashing = media.conflicts(media_storage, manifest["media"])
        if clashing and not force:
            raise BackupError(f"{len(clashing)} media file(s) exist with other contents (e.g. {clashing[0]}): "
                              "restore into empty media storage, or pass --force to replace them.", code="media_not_empty")
        connections[db_alias].close()  # no open transaction or SQLite handle on the database being replaced
        counts = database.restore(db, paths[manifest["database_file"]], vendor=manifest["database"]["vendor"], replace=not empty)
        written = media.restore_tar(media_storage, paths["media.tar"], manifest["media"])
    differing = {table: (rows, counts.get(table)) for table, rows in manifest["tables"].items() if counts.get(table) != rows}
    if differing:
        raise BackupError(f"The restored row counts differ from the backup's: {differing}.", code="restore_mismatch")
    return {"name": name, "tables": len(counts), "rows": sum(counts.values()), "media_files": len(manifest["media"]),
            "media_written": written, "unknown_migrations": unknown}
