"""One Beat, no bursts (RELIABILITY.md row 10), with real `celery beat` processes.

Two Beats run jobly.beat.LockedDatabaseScheduler against a private PostgreSQL and Redis
(tests/chaos.py). A 2-second `jobly.ping` row is written straight into the schedule tables; no
worker runs, so every message Beat sends stays in the Redis `default` list, where the test counts
them and reads each one's send time from its `expires` header (sent at + expire_seconds).
"""

import json
import signal
import time
from datetime import datetime, timedelta

import pytest
import redis as redis_lib

from tests import chaos, processes

pytestmark = [pytest.mark.integration, pytest.mark.slow]

INTERVAL = 2
TASK_NAME = "test ping every 2 s"
SCHEDULE_PING = f"""
from django_celery_beat.models import IntervalSchedule, PeriodicTask, PeriodicTasks
every, _ = IntervalSchedule.objects.get_or_create(every={INTERVAL}, period=IntervalSchedule.SECONDS)
PeriodicTask.objects.update_or_create(
    name="{TASK_NAME}",
    defaults={{"task": "jobly.ping", "interval": every, "queue": "default", "expire_seconds": {INTERVAL}, "enabled": True}},
)
PeriodicTasks.update_changed()
"""
# Closer than this, two sends of one interval task can only come from two schedulers (or a burst):
# a Beat sets the next run to last send + INTERVAL, and load only delays sends.
MIN_GAP = INTERVAL * 0.75


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("beat")
    postgres = chaos.PrivatePostgres(workdir).start()
    postgres.create_database()
    broker = chaos.PrivateRedis(workdir).start()
    env = {
        "DATABASE_URL": postgres.url,
        "REDIS_URL": broker.url,
        "JOBLY_VAR_DIR": str(workdir),
        "BEAT_LOCK_RETRY_SECONDS": "0.5",
    }
    chaos.manage("migrate", "--noinput", env=env)
    chaos.manage("shell", "-c", SCHEDULE_PING, env=env)
    yield {"env": env, "workdir": workdir, "redis": redis_lib.Redis.from_url(broker.url)}
    broker.stop()
    postgres.destroy()


def start_beat(services, name):
    return processes.ManagedProcess(
        name,
        [str(processes.BIN / "celery"), "-A", "jobly", "beat", "-l", "info", "--pidfile="],
        processes.process_env(**services["env"]),
        services["workdir"],
    )


def sent_pings(services):
    """Send times of every jobly.ping message in the broker, oldest first."""
    times = []
    for raw in services["redis"].lrange("default", 0, -1):
        headers = json.loads(raw)["headers"]
        if headers["task"] == "jobly.ping":
            assert headers["expires"], "periodic messages must expire (jobly/periodic.py)"
            times.append(datetime.fromisoformat(headers["expires"]) - timedelta(seconds=INTERVAL))
    return sorted(times)


def sends_logged(beat):
    return beat.log().count(f"Sending due task {TASK_NAME}")


def gaps(times):
    return [(later - earlier).total_seconds() for earlier, later in zip(times, times[1:])]


def test_two_beats_send_once_and_the_second_takes_over_without_a_burst(services):
    first = start_beat(services, "beat-first")
    second = None
    try:
        processes.wait_until(lambda: "acquired the PostgreSQL advisory lock" in first.log(), timeout=60, message="first Beat holds the lock")
        second = start_beat(services, "beat-second")
        processes.wait_until(lambda: "standing by" in second.log(), timeout=60, message="second Beat on stand-by")
        sent_before_window = len(sent_pings(services))  # the first Beat sent alone while the second started
        observed_from = time.monotonic()
        time.sleep(10 * INTERVAL)  # an observation window: both Beats run side by side
        window = time.monotonic() - observed_from

        sends = sent_pings(services)
        sent_in_window = len(sends) - sent_before_window
        assert sends_logged(second) == 0, second.log()
        assert "acquired" not in second.log()
        assert len(sends) == sends_logged(first)
        # About one send per interval (10), not two (20); at least half so we know it was running.
        assert window / INTERVAL / 2 <= sent_in_window <= window / INTERVAL + 2, sends
        assert min(gaps(sends)) >= MIN_GAP, gaps(sends)
        assert second.log().count("standing by") == 1, "stand-by is logged once, not on every retry"

        # The holder dies: the database drops its session and lock, the stand-by takes over.
        first.kill(signal.SIGKILL)
        first.proc.wait(timeout=10)
        before_takeover = len(sends)
        processes.wait_until(lambda: "acquired the PostgreSQL advisory lock" in second.log(), timeout=30, message="second Beat takes over")
        processes.wait_until(lambda: sends_logged(second) >= 3, timeout=30, message="second Beat sends")
        sends = sent_pings(services)
        assert len(sends) == before_takeover + sends_logged(second)
        # The takeover continues the interval from the last saved run: no burst, no double send.
        assert min(gaps(sends)) >= MIN_GAP, gaps(sends)
    finally:
        first.stop()
        if second:
            second.stop()


def test_a_restarted_beat_runs_each_task_at_most_once_to_catch_up(services):
    beat = start_beat(services, "beat-before-restart")
    try:
        processes.wait_until(lambda: sends_logged(beat) >= 1, timeout=60, message="Beat sends")
    finally:
        stopped = beat.stop()
    assert stopped == 0, f"Beat did not stop on SIGTERM (exit {stopped})\n{beat.log()}"
    assert "released the PostgreSQL advisory lock" in beat.log()
    stopped_at = len(sent_pings(services))
    time.sleep(4 * INTERVAL)  # missed runs while Beat is down

    restarted = start_beat(services, "beat-after-restart")
    try:
        processes.wait_until(lambda: sends_logged(restarted) >= 3, timeout=60, message="restarted Beat sends")
    finally:
        restarted.stop()
    after_restart = sent_pings(services)[stopped_at:]
    assert len(after_restart) == sends_logged(restarted)
    # One catch-up run for the missed ones, then the normal interval: never a burst of missed runs.
    assert min(gaps(after_restart)) >= MIN_GAP, gaps(after_restart)


# The lock itself, in-process: fast checks of the paths the process tests above do not reach.

def test_lock_file_is_exclusive_until_released(tmp_path):
    from jobly.beat import FileLock

    holder, other = FileLock(tmp_path / "beat.lock"), FileLock(tmp_path / "beat.lock")
    assert holder.acquire()
    assert not other.acquire()
    holder.release()
    assert other.acquire()
    other.release()


def test_a_holder_that_loses_its_database_session_stands_down_and_the_other_takes_over(transactional_db, settings):
    # transactional_db: the scheduler commits and closes Django connections as in a real Beat.
    from django.db import connection

    from jobly.beat import LockedDatabaseScheduler
    from jobly.celery import app

    settings.BEAT_LOCK_RETRY_SECONDS = 0  # check the lock's session on every tick
    holder = LockedDatabaseScheduler(app=app, lazy=True)
    standby = LockedDatabaseScheduler(app=app, lazy=True)
    try:
        holder.tick()
        assert holder._holding
        standby.tick()
        assert not standby._holding

        # A PostgreSQL restart or a network cut ends the holder's session, and its lock with it.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [holder._lock.wrapper.connection.info.backend_pid])
        holder.tick()
        assert not holder._holding, "a Beat whose lock session died must stop sending"
        standby.tick()
        assert standby._holding
        holder.tick()
        assert not holder._holding
    finally:
        holder.close()
        standby.close()
