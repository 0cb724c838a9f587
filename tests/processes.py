"""Real processes for integration tests: the web server and Celery workers as subprocesses.

They run against the test database that pytest-django created, and the test Redis. The chaos
tests use `kill()` on a ManagedProcess (SIGKILL) or on its pool children.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, *, timeout=30.0, interval=0.1, message="condition"):
    """Poll until predicate() is truthy; fail the test after `timeout` seconds (a liveness deadline)."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as error:  # the thing we wait for may not be up yet
            last_error = error
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message} (last error: {last_error!r})")


def test_database_url():
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def database_url_named(name):
    """The test server's URL for another database on it (a fresh one to restore into, say)."""
    return test_database_url().rsplit("/", 1)[0] + f"/{name}"


def manage(*args, timeout=300, **env):
    """Run `manage.py ARGS` as its own process against the test database (overridable in env)."""
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=process_env(**env),
                          capture_output=True, text=True, timeout=timeout)


def process_env(**overrides):
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "DJANGO_SETTINGS_MODULE": "jobly.settings",
            "PYTHONUNBUFFERED": "1",
            "JOBLY_HEARTBEAT_FILE": "",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "BACKUP_DIR": str(settings.BACKUP_DIR),
        }
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set only around browser tests, never for servers
    env.update({key: str(value) for key, value in overrides.items()})
    return env


class ManagedProcess:
    def __init__(self, name, args, env, log_dir):
        self.name = name
        self.log_path = Path(log_dir) / f"{name}.log"
        self.log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True
        )

    @property
    def pid(self):
        return self.proc.pid

    def children(self):
        try:
            return psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def kill(self, sig=signal.SIGKILL):
        """Signal the whole process group (main process and pool children)."""
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass

    def stop(self, timeout=15):
        """A graceful stop: SIGTERM to the main process only (Celery's warm shutdown lets running tasks
        finish; gunicorn stops its workers), SIGKILL to the whole group past `timeout`, and whatever of the
        group outlived its main process is killed. SIGTERM to the group would kill Celery's pool children
        mid-task (WorkerLostError in the log) on a loaded machine."""
        if self.proc.poll() is None:
            try:
                os.kill(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill(signal.SIGKILL)
                self.proc.wait(timeout=5)
        self.kill(signal.SIGKILL)  # stragglers only: the main process has exited
        self.log_file.close()
        return self.proc.returncode

    def log(self):
        return self.log_path.read_text(errors="replace")


def start_web(log_dir, *, port=None, workers=1, **env):
    """The product's web server (gunicorn + uvicorn workers, deploy/gunicorn.conf.py) on its own port."""
    port = port or free_port()
    process = ManagedProcess(
        f"web-{port}",
        [
            str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--bind", f"127.0.0.1:{port}", "jobly.asgi:application",
        ],
        process_env(WEB_CONCURRENCY=workers, **env),
        log_dir,
    )
    process.port = port
    process.url = f"http://127.0.0.1:{port}"
    wait_until(lambda: httpx.get(f"{process.url}/health", timeout=1).status_code == 200, timeout=60, message=f"web on {port}")
    return process


def start_worker(log_dir, *, name=None, concurrency=2, queues="default,io,render", **env):
    name = name or f"worker{free_port()}"
    process = ManagedProcess(
        name,
        [
            str(BIN / "celery"), "-A", "jobly", "worker", "-Q", queues, "-c", str(concurrency),
            "-n", f"{name}@%h", "-E", "-l", "info", "--without-mingle", "--without-gossip",
        ],
        process_env(**env),
        log_dir,
    )
    process.hostname_prefix = f"{name}@"
    return process


def worker_is_ready(process):
    from jobly.celery import app

    replies = app.control.inspect(timeout=1.0).ping() or {}
    return any(name.startswith(process.hostname_prefix) for name in replies)
