"""Settings are validated at start-up: a bad variable stops the process with one clear message."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "JOBLY_MODE": "production",
    "SECRET_KEY": "k" * 20 + "-production-secret-key-for-tests-0123456789",
    "ALLOWED_HOSTS": "jobly.example.com",
    "FLOWER_BASIC_AUTH": "ops:flower-secret-pass",
}


def run_manage(*args, **env):
    full_env = {key: value for key, value in os.environ.items() if key not in {"JOBLY_MODE", "SECRET_KEY", "PORT"}}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PORT": "eighty"}, "PORT must be a whole number"),
        ({"PORT": "99999"}, "PORT must be between 1 and 65535"),
        ({"DATABASE_URL": "mysql://db/jobly"}, "DATABASE_URL must be a postgres:// or sqlite:/// URL"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL must be a redis:// URL"),
        ({"JOB_RATE_LIMIT_PER_MINUTE": "0"}, "JOB_RATE_LIMIT_PER_MINUTE must be between 1"),
        ({"JOBLY_MODE": "staging"}, "JOBLY_MODE must be one of"),
        ({"CELERY_VISIBILITY_TIMEOUT": "100"}, "CELERY_VISIBILITY_TIMEOUT must exceed"),
        ({"METRICS_TOKEN": "short"}, "METRICS_TOKEN must be at least 16 characters"),
        ({"WEB_CONCURRENCY": "0"}, "WEB_CONCURRENCY must be between 1"),
        ({"OUTBOUND_ALLOWED_HOSTS": "feeds.local:http"}, "OUTBOUND_ALLOWED_HOSTS entries must be host or host:port"),
    ],
)
def test_bad_variable_stops_start_up_with_one_message(env, expected):
    result = run_manage("check", **env)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_production_without_secret_key_refuses_to_start():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    result = run_manage("check", **env)
    assert result.returncode == 2
    assert "SECRET_KEY must be set when JOBLY_MODE=production" in result.stderr


def test_secret_values_never_appear_in_the_error_message():
    result = run_manage("check", **{**PRODUCTION_ENV, "PORT": "nope"})
    assert result.returncode == 2
    assert PRODUCTION_ENV["SECRET_KEY"] not in result.stderr + result.stdout


def test_check_deploy_is_clean_in_production_mode():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_celery_worker_also_refuses_a_bad_setting():
    celery = Path(sys.executable).parent / "celery"
    env = {**os.environ, "PORT": "not-a-port"}
    result = subprocess.run([str(celery), "-A", "jobly", "report"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "PORT must be a whole number" in result.stderr


def test_web_server_refuses_a_bad_setting_before_starting_workers():
    gunicorn = Path(sys.executable).parent / "gunicorn"
    env = {**os.environ, "WEB_CONCURRENCY": "0"}
    result = subprocess.run(
        [str(gunicorn), "-c", "deploy/gunicorn.conf.py", "--bind", "127.0.0.1:0", "jobly.asgi:application"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert "WEB_CONCURRENCY must be between 1 and 64" in result.stderr
    assert "Booting worker" not in result.stderr
