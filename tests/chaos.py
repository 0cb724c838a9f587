"""Chaos harness: private PostgreSQL and Redis servers that a test may stop and restart.

The suite's own services are shared with every other test, so a test that kills a database or
broker gets its own: the same binaries (Debian's PostgreSQL 15 and redis-server) started on spare
ports in a temporary directory, stopped and started with pg_ctl and redis-cli like DESIGN.md's
commands. Web and worker processes from tests/processes.py are pointed at them by environment.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import redis as redis_lib

from tests.processes import ROOT, free_port, wait_until

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(args, **kwargs):
    """PostgreSQL refuses to run as root; run its tools as the `postgres` user when we are root."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120, **kwargs)


class PrivateRedis:
    def __init__(self, workdir):
        self.port = free_port()
        self.dir = Path(workdir) / f"redis-{self.port}"
        self.dir.mkdir(parents=True)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.dir), "--logfile", str(self.dir / "redis.log")],
        )
        wait_until(self.is_up, timeout=15, message=f"private redis on {self.port}")
        return self

    def is_up(self):
        try:
            return redis_lib.Redis.from_url(self.url, socket_connect_timeout=0.5).ping()
        except redis_lib.RedisError:
            return False

    def stop(self):
        """Like `redis-cli shutdown nosave` on the development Redis: everything in memory is lost."""
        try:
            redis_lib.Redis.from_url(self.url).shutdown(nosave=True)
        except redis_lib.RedisError:
            pass  # shutdown closes the connection it was sent on
        if self.proc:
            self.proc.wait(timeout=15)

    def restart(self):
        self.stop()
        return self.start()


class PrivatePostgres:
    def __init__(self, workdir):
        if not (PG_BIN / "initdb").exists():
            raise RuntimeError("PostgreSQL 15 server binaries not found under /usr/lib/postgresql/15/bin")
        self.port = free_port()
        # Its own directory outside pytest's (root-only) tmp tree, so the postgres user can enter it.
        self.dir = Path(tempfile.mkdtemp(prefix=f"jobly-pg-{self.port}-"))
        os.chmod(self.dir, 0o755)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/jobly_chaos"
        _as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"])

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.dir / "pg.log"), "-w", "start"])
        return self

    def stop(self):
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])

    def restart(self):
        self.stop()
        return self.start()

    def create_database(self):
        _as_postgres([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "jobly_chaos"])

    def destroy(self):
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


def manage(*args, env, timeout=180):
    """Run a management command against the private services."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout
