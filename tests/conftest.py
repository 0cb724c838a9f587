import socket

import pytest
import redis as redis_lib
from django.conf import settings
from django.test.utils import override_settings
from rest_framework.test import APIClient

from tests import processes
from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True, scope="session")
def _private_media_and_backups(tmp_path_factory):
    """Stored files and backups go to this run's own folders; servers and workers that the tests
    start get the same ones (tests/processes.py passes MEDIA_ROOT and BACKUP_DIR on)."""
    media, backups = tmp_path_factory.mktemp("media"), tmp_path_factory.mktemp("backups")
    storages = {**settings.STORAGES, "backups": {**settings.STORAGES["backups"], "OPTIONS": {**settings.STORAGES["backups"]["OPTIONS"], "location": str(backups)}}}
    with override_settings(MEDIA_ROOT=media, BACKUP_DIR=backups, STORAGES=storages):
        yield


@pytest.fixture(autouse=True)
def _clean_redis_rate_limits():
    """Rate-limit counters and read-cache entries live in Redis; each test starts with none (user ids
    come back after a --create-db, and a cached number must not outlive its test)."""
    client = redis_lib.Redis.from_url(settings.REDIS_URL)
    patterns = ("jobly:ratelimit:*", "jobly:*:cache:*", "jobly:*:cachever:*")  # not jobly:metrics:cache
    keys = [key for pattern in patterns for key in client.scan_iter(pattern)]
    if keys:
        client.delete(*keys)
    yield


_session_workers = []  # the live_worker, once a test on this xdist worker has started it


def _session_workers_go_idle(timeout=20):
    """Wait until the broker queues are empty and the session worker runs and holds no task: a task a
    test's commit sent (an event's webhook or e-mail fan-out, say) still writing when the flush starts
    deadlocks the TRUNCATE against its row locks."""
    from jobly.celery import app

    broker = redis_lib.Redis.from_url(settings.CELERY_BROKER_URL)
    names = [f"{worker.hostname_prefix}{socket.gethostname()}" for worker in _session_workers]

    def idle():
        if any(broker.llen(queue) for queue in ("default", "io", "render")):
            return False
        inspect = app.control.inspect(destination=names, timeout=1.0)
        busy = [*(inspect.active() or {}).values(), *(inspect.reserved() or {}).values()]
        return not any(busy)

    try:
        processes.wait_until(idle, timeout=timeout, interval=0.05, message="the session worker to go idle")
    except AssertionError:
        pass  # a task on a long countdown: the flush retries a deadlock (below) rather than wait for it


@pytest.fixture(autouse=True, scope="session")
def _flush_retries_a_deadlock():
    """The TRUNCATE of a transactional test's teardown is retried when PostgreSQL picks it as a deadlock
    victim against a worker's transaction, which ends meanwhile; other flush errors are raised at once."""
    import time

    from django.core.management.base import CommandError
    from django.core.management.commands import flush

    original = flush.Command.handle

    def handle(self, *args, **options):
        for attempt in range(4):
            try:
                return original(self, *args, **options)
            except CommandError as error:
                if attempt == 3 or "deadlock" not in str(error.__cause__ or "").lower():
                    raise
                time.sleep(0.5 * (attempt + 1))

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


@pytest.fixture(autouse=True)
def _background_jobs_settle_before_the_flush(request):
    """A transactional test's queued or running background jobs are cancelled, and running ones waited
    for, before pytest-django truncates the tables: the session's live worker may be running one, and
    its row locks would deadlock the TRUNCATE."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or bool(marker and marker.kwargs.get("transaction"))
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")  # so the flush runs after this fixture's teardown
    yield
    from jobly import background
    from jobly.models import BackgroundJob

    active = BackgroundJob.Status.QUEUED, BackgroundJob.Status.RUNNING
    for job in BackgroundJob.objects.filter(status__in=active).select_related("owner"):
        try:
            background.request_cancel(user=job.owner, job_id=job.pk)
        except Exception:  # it ended meanwhile
            pass
    alive = BackgroundJob.objects.filter(status=BackgroundJob.Status.RUNNING, heartbeat_at__gte=background.stale_heartbeat_before())
    try:  # only jobs a live worker is running hold locks; rows a test made "running" by hand have no heartbeat
        processes.wait_until(lambda: not alive.exists(), timeout=30, message="running background jobs to stop")
    except AssertionError:
        pass  # a job that ignores cancel: the flush may still succeed, and a deadlock there names the test
    if _session_workers:  # the task may be this test's or an earlier one's
        _session_workers_go_idle()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def auth_client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def logged_in_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture(scope="session")
def process_logs(tmp_path_factory):
    return tmp_path_factory.mktemp("process-logs")


@pytest.fixture(scope="session")
def live_web(django_db_setup, django_db_blocker, process_logs):
    """The real web server (gunicorn + one uvicorn worker) serving jobly.asgi against the test database."""
    with django_db_blocker.unblock():
        web = processes.start_web(process_logs)
    yield web
    web.stop()


@pytest.fixture(scope="session")
def live_worker(django_db_setup, django_db_blocker, process_logs):
    """A real Celery worker (prefork, 2 processes) on the test database and Redis."""
    with django_db_blocker.unblock():
        worker = processes.start_worker(process_logs, name="sessionworker")
        processes.wait_until(lambda: processes.worker_is_ready(worker), timeout=60, message="celery worker ping")
    _session_workers.append(worker)
    yield worker
    _session_workers.remove(worker)
    worker.stop()


JSON_SCALARS = (int, float, str, bool, type(None))


def _is_plain_json(value, depth=0):
    if isinstance(value, JSON_SCALARS):
        return not isinstance(value, str) or len(value) <= 500
    if depth > 3:
        return False
    if isinstance(value, (list, tuple)):
        return all(_is_plain_json(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _is_plain_json(item, depth + 1) for key, item in value.items())
    return False


@pytest.fixture(autouse=True, scope="session")
def _tasks_take_ids_not_objects():
    """Every task message published during the suite carries small JSON values (ids), never objects
    or secrets (RELIABILITY.md row 29): a failing publish raises inside the test that caused it."""
    from celery.signals import before_task_publish

    def check(sender=None, body=None, **kwargs):
        args, task_kwargs = (body[0], body[1]) if isinstance(body, (list, tuple)) else ((), {})
        for value in [*args, *task_kwargs.values()]:
            assert _is_plain_json(value), f"task {sender} was sent a non-id argument: {type(value).__name__}"

    before_task_publish.connect(check, weak=False)
    yield
    before_task_publish.disconnect(check)
