"""Backups are pruned by counts: the newest of each of BACKUP_KEEP_DAILY days and of each of
BACKUP_KEEP_WEEKLY ISO weeks stay; unfinished backups (no manifest) are never listed."""

import json
from datetime import datetime, timedelta, timezone

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command

from jobly.backups import list_backups, prune_backups
from jobly.backups.runs import FORMAT_VERSION, backups_to_keep

START = datetime(2026, 3, 1, 3, 17, tzinfo=timezone.utc)  # a Sunday


@pytest.fixture(autouse=True)
def own_backups_storage(settings, tmp_path):
    """This module's backups alone (other tests leave theirs in the session's backups storage)."""
    backups = settings.STORAGES["backups"]
    settings.STORAGES = {**settings.STORAGES, "backups": {**backups, "OPTIONS": {**backups["OPTIONS"], "location": str(tmp_path)}}}


def _manifest(when):
    name = when.strftime("%Y%m%dT%H%M%SZ")
    return {"format": FORMAT_VERSION, "name": name, "created_at": when.isoformat(), "files": [], "media": [],
            "database": {"vendor": "postgresql"}, "tables": {}, "migrations": {}}


def test_daily_and_weekly_counts_keep_the_newest_of_each_period():
    manifests = [_manifest(START + timedelta(days=day)) for day in range(60)]  # one a day for 60 days
    manifests.append(_manifest(START + timedelta(days=59, hours=5)))  # a second backup on the last day
    keep = backups_to_keep(manifests, keep_daily=3, keep_weekly=2)
    newest = START + timedelta(days=59, hours=5)
    days = [newest.date() - timedelta(days=n) for n in range(3)]
    assert {datetime.fromisoformat(m["created_at"]).date() for m in manifests if m["name"] in keep} >= set(days)
    # the last day keeps only its newest backup; week 2 back keeps its Sunday (the newest of that week)
    assert _manifest(START + timedelta(days=59)).get("name") not in keep
    assert len(keep) == 4  # 3 days (the newest of this week among them) + the newest of the previous week


def test_the_newest_backup_is_kept_even_with_zero_counts():
    manifests = [_manifest(START), _manifest(START + timedelta(days=1))]
    assert backups_to_keep(manifests, keep_daily=0, keep_weekly=0) == {manifests[1]["name"]}


def _write(store, manifest, *, finished=True):
    store.save(f"{manifest['name']}/media.tar", ContentFile(b"tar"))
    if finished:
        store.save(f"{manifest['name']}/manifest.json", ContentFile(json.dumps(manifest).encode()))


def test_prune_deletes_whole_backups_and_ignores_unfinished_ones(settings):
    store = storages["backups"]
    for day in range(10):
        _write(store, _manifest(START + timedelta(days=day)))
    unfinished = _manifest(START + timedelta(days=11))
    _write(store, unfinished, finished=False)
    settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY = 2, 1
    pruned = prune_backups()
    assert len(pruned) == 8
    remaining = [manifest["name"] for manifest in list_backups()]
    assert remaining == [_manifest(START + timedelta(days=8))["name"], _manifest(START + timedelta(days=9))["name"]]
    for name in pruned:
        assert not store.exists(f"{name}/media.tar") and not store.exists(f"{name}/manifest.json")
    assert store.exists(f"{unfinished['name']}/media.tar")  # not ours to judge: it may still be being written
    assert prune_backups() == []


def test_list_backups_command_names_each_backup(capsys):
    store = storages["backups"]
    manifest = _manifest(START)
    _write(store, manifest)
    call_command("list_backups")
    assert manifest["name"] in capsys.readouterr().out
    store.delete(f"{manifest['name']}/manifest.json")
    store.delete(f"{manifest['name']}/media.tar")
    call_command("list_backups")
    assert "No backups yet" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_daily_task_backs_up_prunes_and_skips_while_another_runs(settings):
    from django.core.cache import cache

    from jobly.tasks import backup_task

    settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY = 1, 0
    _write(storages["backups"], _manifest(START))
    cache.set("backup:running", "another-host", 60)
    try:
        assert backup_task() == {"skipped": "a backup is already running"}
    finally:
        cache.delete("backup:running")
    report = backup_task()
    assert report["pruned"] == [_manifest(START)["name"]]
    assert [manifest["name"] for manifest in list_backups()] == [report["name"]]
    assert cache.get("backup:running") is None
