"""Shared benchmark helpers: timing statistics, result rows, and a description of the machine.

Numbers from `python -m bench` are for comparing commits on one machine, not promises.
"""

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(sorted_samples, fraction):
    """Linear-interpolated percentile of already sorted samples (fraction in 0..1)."""
    if not sorted_samples:
        return None
    position = (len(sorted_samples) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(sorted_samples) - 1)
    return sorted_samples[lower] + (sorted_samples[upper] - sorted_samples[lower]) * (position - lower)


def summarize(samples):
    """median, p5, p95, min and max of a list of numbers."""
    ordered = sorted(samples)
    return {
        "median": statistics.median(ordered),
        "p5": percentile(ordered, 0.05),
        "p95": percentile(ordered, 0.95),
        "min": ordered[0],
        "max": ordered[-1],
    }


def time_calls(function, n, *, warmup=1):
    """Run `function()` `warmup` times untimed, then `n` times; return summarize() of the seconds."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return summarize(samples) | {"samples": samples}


def row(measure, samples, unit, notes="", *, scale=1.0, digits=3):
    """A result row for the tables: statistics of `samples` (multiplied by `scale`, e.g. 1000 for ms)."""
    stats = summarize([sample * scale for sample in samples])
    return {
        "measure": measure,
        "n": len(samples),
        "median": round(stats["median"], digits),
        "p5": round(stats["p5"], digits),
        "p95": round(stats["p95"], digits),
        "unit": unit,
        "notes": notes,
    }


def single_row(measure, value, unit, n=1, notes="", digits=1):
    """A row for one aggregate measurement (e.g. throughput), where spread is not meaningful."""
    return {"measure": measure, "n": n, "median": round(value, digits), "p5": None, "p95": None, "unit": unit, "notes": notes}


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _postgres_version():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return "not used (DATABASE_URL is not PostgreSQL)"
    try:
        from urllib.parse import urlsplit, urlunsplit

        import psycopg

        # The server's maintenance database: the named one may not exist yet (benchmarks create theirs).
        server = urlunsplit(urlsplit(url)._replace(path="/postgres")).replace("postgres://", "postgresql://", 1)
        with psycopg.connect(server, connect_timeout=3) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]
    except Exception as error:
        return f"unknown ({type(error).__name__})"


def _redis_version():
    try:
        import redis

        client = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), socket_connect_timeout=2)
        return client.info("server")["redis_version"]
    except Exception as error:
        return f"unknown ({type(error).__name__})"


def machine():
    """What the numbers were measured on."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=5).stdout.strip()
    except Exception:
        commit = ""
    return {
        "CPU": _cpu_model(),
        "Cores": os.cpu_count(),
        "RAM (GiB)": _ram_gib(),
        "OS": platform.platform(),
        "Python": sys.version.split()[0],
        "PostgreSQL": _postgres_version(),
        "Redis": _redis_version(),
        "Commit": commit or "unknown",
    }
