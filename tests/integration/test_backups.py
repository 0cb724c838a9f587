"""Backups that restore: a populated PostgreSQL database and its media are backed up, then restored
by `manage.py restore_backup` (a real process) into a fresh database and empty media; row counts
per table, a sample of rows from every table and every file's sha256 are compared. The same on SQLite."""

import hashlib
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from django.core.files.storage import default_storage, storages
from psycopg import sql

from jobly import audit
from jobly.backups import create_backup
from jobly.events import publish
from tests import processes
from tests.factories import BackgroundJobFactory, ProfileFactory, ResumeUploadFactory, UserFactory
from tests.matching.matches_helpers import make_job
from tests.jobly.profiles.conftest import DATA

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def stored_resume(user, profile):
    """An upload stored as the upload path stores it, without queueing its import: a session
    worker running that job would change the rows while the test compares them."""
    data = (DATA / "Alice Clark CV.docx").read_bytes()
    return ResumeUploadFactory(profile=profile, filename="Alice Clark CV.docx", kind="docx", data=data)


def populate():
    """Users, profiles, feeds, postings, matches, background jobs, events, audit rows and uploaded resumes."""
    from matching.models import Match
    from matching.models import Feed

    users = [UserFactory() for _ in range(3)]
    for n, user in enumerate(users):
        profile = ProfileFactory(owner=user, skills=[{"name": "Python", "normalized": "Python", "level": "", "years": 3}])
        feed = Feed.objects.create(owner=user, url=f"https://example.com/feed-{n}.rss", title=f"Feed {n}")
        for k in range(4):
            job = make_job(title=f"Engineer {n}-{k}", company=f"Company {k}")
            job.feeds.add(feed)
            Match.objects.create(profile=profile, job=job, score=50.0 + k, summary=f"Match {n}-{k}")
        BackgroundJobFactory(owner=user, status="succeeded")
        publish(user, "job.progress", {"n": n, "text": "Zoë – ünïcode"})
        stored_resume(user, profile)
        audit.record("profile.exported", actor=user, target=profile)


def pg_tables(conn):
    return [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]


def pg_snapshot(conn):
    """Per table: its row count, and its first and last five rows by the first column."""
    snapshot = {}
    for table in pg_tables(conn):
        ident = sql.Identifier(table)
        count = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(ident)).fetchone()[0]
        head = conn.execute(sql.SQL("SELECT * FROM {} ORDER BY 1 LIMIT 5").format(ident)).fetchall()
        tail = conn.execute(sql.SQL("SELECT * FROM {} ORDER BY 1 DESC LIMIT 5").format(ident)).fetchall()
        snapshot[table] = (count, head, tail)
    return snapshot


@pytest.fixture
def own_media(settings, tmp_path):
    """This test's media alone: other tests leave their uploads in the session's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def file_hashes(root):
    root = Path(root)
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(root.rglob("*")) if path.is_file()}


def test_a_postgres_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(transactional_db, fresh_database, own_media, tmp_path):
    populate()
    manifest = create_backup()
    assert manifest["database"]["vendor"] == "postgresql" and manifest["database"]["server_version"].startswith("15")
    assert manifest["tables"]["jobly_resumeupload"] == 3 and len(manifest["media"]) == 3
    assert manifest["migrations"]["jobly"][0] == "0001_initial"
    stored = storages["backups"]
    assert {entry["name"] for entry in manifest["files"]} == {"database.dump", "media.tar"}
    assert json.loads(stored.open(f"{manifest['name']}/manifest.json").read())["files"] == manifest["files"]

    name, info = fresh_database
    media = tmp_path / "restored-media"
    done = processes.manage("restore_backup", manifest["name"], DATABASE_URL=processes.database_url_named(name), MEDIA_ROOT=media)
    assert done.returncode == 0, done.stderr
    assert "Restored" in done.stdout

    with closing(psycopg.connect(processes.test_database_url())) as source, closing(psycopg.connect(**info)) as restored:
        original, copy = pg_snapshot(source), pg_snapshot(restored)
    assert sorted(copy) == sorted(original) and len(original) > 20
    for table in original:
        assert copy[table] == original[table], f"{table} differs after the restore"
    assert sum(count for count, _, _ in original.values()) == sum(manifest["tables"].values())
    assert file_hashes(media) == file_hashes(own_media) and len(file_hashes(media)) == 3

    again = processes.manage("restore_backup", manifest["name"], DATABASE_URL=processes.database_url_named(name), MEDIA_ROOT=media)
    assert again.returncode != 0 and "database_not_empty" in again.stderr


def test_a_backup_whose_file_was_changed_is_refused_before_anything_is_touched(transactional_db, fresh_database, own_media, tmp_path):
    populate()
    manifest = create_backup()
    store = storages["backups"]
    path = Path(store.path(f"{manifest['name']}/media.tar"))
    data = bytearray(path.read_bytes())
    data[600] ^= 0xFF
    path.write_bytes(bytes(data))
    name, info = fresh_database
    target_media = tmp_path / "restored-media"
    refused = processes.manage("restore_backup", manifest["name"], DATABASE_URL=processes.database_url_named(name), MEDIA_ROOT=target_media)
    assert refused.returncode != 0 and "backup_corrupt" in refused.stderr
    with closing(psycopg.connect(**info)) as restored:
        assert pg_tables(restored) == []
    assert not target_media.exists() or not any(target_media.rglob("*"))
    missing = processes.manage("restore_backup", "20000101T000000Z", DATABASE_URL=processes.database_url_named(name))
    assert missing.returncode != 0 and "backup_not_found" in missing.stderr


def sqlite_snapshot(path):
    with closing(sqlite3.connect(path)) as conn:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY 1")]
        return {table: (conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0],
                        conn.execute(f'SELECT * FROM "{table}" ORDER BY 1 LIMIT 5').fetchall(),
                        conn.execute(f'SELECT * FROM "{table}" ORDER BY 1 DESC LIMIT 5').fetchall()) for table in tables}


SQLITE_POPULATE = """
from django.contrib.auth import get_user_model
from jobly import resume_files
from jobly.models import Profile, ResumeUpload
user = get_user_model().objects.create_user("sqlite-person", password="a-long-pass-for-sqlite-1")
profile = Profile.objects.create(owner=user, name="Backend", full_name="Zoë Example")
name = resume_files.store(owner=user, filename="cv.txt", data=b"Zoe Example, Python developer")
ResumeUpload.objects.create(owner=user, profile=profile, filename="cv.txt", kind="text", size=29, sha256="0" * 64, file=name)
"""


def test_a_sqlite_backup_made_with_the_online_backup_api_restores(tmp_path):
    source, target = tmp_path / "source.sqlite3", tmp_path / "restored.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{source}", "MEDIA_ROOT": tmp_path / "media", "BACKUP_DIR": tmp_path / "backups"}
    for step in (("migrate", "--noinput", "-v", "0"), ("shell", "-c", SQLITE_POPULATE), ("backup",)):
        done = processes.manage(*step, **env)
        assert done.returncode == 0, done.stderr
    name = next((tmp_path / "backups").iterdir()).name
    manifest = json.loads((tmp_path / "backups" / name / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == "sqlite" and manifest["tables"]["auth_user"] == 1
    restored = processes.manage("restore_backup", name, **{**env, "DATABASE_URL": f"sqlite:///{target}", "MEDIA_ROOT": tmp_path / "media2"})
    assert restored.returncode == 0, restored.stderr
    assert sqlite_snapshot(target) == sqlite_snapshot(source)
    assert file_hashes(tmp_path / "media2") == file_hashes(tmp_path / "media") and len(file_hashes(tmp_path / "media")) == 1
    assert default_storage.location != str(tmp_path / "media")  # the test process's own storage was not used
