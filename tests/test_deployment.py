"""Docker Compose stays correct and runs the same commands as `make run` (the Procfile)."""

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_ENV = {"SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "jobly.example.com", "POSTGRES_PASSWORD": "pw", "FLOWER_BASIC_AUTH": "a:b"}


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def procfile_commands():
    commands = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        commands[name] = shlex.split(command.replace(".venv/bin/", ""))
    return commands


def test_docker_compose_config_validates():
    binary = shutil.which("docker-compose") or shutil.which("docker")
    if binary is None or (binary.endswith("docker") and subprocess.run([binary, "compose", "version"], capture_output=True).returncode):
        if os.environ.get("CI"):
            pytest.fail("docker-compose is not installed (apt-get install docker-compose)")
        pytest.skip("docker-compose is not installed")
    args = [binary, "config", "-q"] if binary.endswith("docker-compose") else [binary, "compose", "config", "-q"]
    result = subprocess.run(args, cwd=ROOT, env={**os.environ, **COMPOSE_ENV}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_compose_has_every_service_with_health_checks_and_named_volumes():
    services = compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat", "flower"} <= set(services)
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert set(compose()["volumes"]) >= {"postgres-data", "redis-data", "media"}


@pytest.mark.parametrize("service", ["worker", "beat"])
def test_compose_worker_and_beat_run_the_procfile_commands(service):
    expected = procfile_commands()[service]
    actual = compose()["services"][service]["command"]
    assert actual[:3] == expected[:3]
    for flag in ("-Q", "--scheduler"):
        if flag in expected:
            assert actual[actual.index(flag) + 1] == expected[expected.index(flag) + 1]


def test_compose_web_runs_daphne_through_jobly_server_on_the_asgi_app():
    command = compose()["services"]["web"]["command"]
    assert command[:3] == ["python", "-m", "jobly.server"] == procfile_commands()["web"][:3]
    assert command[-1] == procfile_commands()["web"][-1] == "jobly.asgi:application"


def test_operator_surfaces_bind_to_loopback_only():
    services = compose()["services"]
    for name in ("web", "flower"):
        for mapping in services[name].get("ports", []):
            assert mapping.startswith("127.0.0.1:"), f"{name} publishes {mapping} beyond loopback"
    for name in ("postgres", "redis"):
        assert "ports" not in services[name], f"{name} must stay on the internal network"


def test_beat_runs_as_a_single_replica():
    assert compose()["services"]["beat"]["deploy"]["replicas"] == 1
