"""Monitoring assets in deploy/: the alert rules and Prometheus config pass promtool (and the rules'
own unit tests), the Grafana dashboard loads with its documented panels, every query names a metric
Jobly really exports, and Compose runs Prometheus and Grafana only behind the "monitoring" profile."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parent.parent
PROMETHEUS_DIR = ROOT / "deploy" / "prometheus"
DASHBOARD = ROOT / "deploy" / "grafana" / "jobly.json"
DOCUMENTED_PANELS = {
    "Request rate", "Error rate", "p95 latency by route", "Background jobs by status",
    "Background job duration (p95 by type)", "Celery queue depth", "Celery workers", "Database and Redis",
    "Feed health", "Webhook and e-mail outcomes",
}
REQUIRED_ALERTS = {
    "JoblyHighErrorRate", "JoblySlowRoute", "JoblyNoWorker", "JoblyDatabaseDown", "JoblyRedisDown",
    "JoblyQueueGrowing", "JoblyCacheHitRateLow", "JoblyWebDown",
}


def promtool(*args):
    binary = shutil.which("promtool")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("promtool is not installed (apt-get install prometheus)")
        pytest.skip("promtool is not installed (apt-get install prometheus)")
    result = subprocess.run([binary, *args], cwd=PROMETHEUS_DIR, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_alert_rules_pass_promtool_check():
    assert "SUCCESS" in promtool("check", "rules", "alerts.yml")


def test_alert_rules_fire_as_their_unit_tests_expect():
    assert "SUCCESS" in promtool("test", "rules", "alerts_test.yml")


def test_prometheus_config_passes_promtool_check():
    # --syntax-only: the token file is written by the container at start; the rules are checked above.
    assert "SUCCESS" in promtool("check", "config", "--syntax-only", "prometheus.yml")


def alert_rules():
    groups = yaml.safe_load((PROMETHEUS_DIR / "alerts.yml").read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def test_every_required_alert_exists_with_a_severity_and_a_summary():
    rules = {rule["alert"]: rule for rule in alert_rules()}
    assert REQUIRED_ALERTS <= set(rules)
    for name, rule in rules.items():
        assert rule["labels"]["severity"] in {"warning", "critical"}, name
        assert rule["annotations"]["summary"], name


def dashboard_panels():
    return json.loads(DASHBOARD.read_text())["panels"]


def test_dashboard_loads_with_the_documented_panels():
    titles = [panel["title"] for panel in dashboard_panels()]
    assert set(titles) == DOCUMENTED_PANELS and len(titles) == len(set(titles))
    operations = (ROOT / "docs" / "OPERATIONS.md").read_text()
    missing = sorted(title for title in titles if f"**{title}**" not in operations)
    assert not missing, f"describe these panels in docs/OPERATIONS.md: {missing}"
    provisioned_uid = yaml.safe_load((ROOT / "deploy/grafana/provisioning/datasources/prometheus.yml").read_text())["datasources"][0]["uid"]
    for panel in dashboard_panels():
        assert panel["datasource"]["uid"] == provisioned_uid and panel["targets"], panel["title"]


@pytest.mark.django_db
def test_every_query_names_a_metric_jobly_exports():
    text = Client().get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    exported = set()
    for family in text_string_to_metric_families(text):
        exported |= {family.name, *(f"{family.name}{suffix}" for suffix in ("_total", "_bucket", "_count", "_sum"))}
    queries = [target["expr"] for panel in dashboard_panels() for target in panel["targets"]]
    queries += [rule["expr"] for rule in alert_rules()]
    used = {name for query in queries for name in re.findall(r"\bjobly_[a-z0-9_]+", query)}
    assert {"jobly_http_requests_total", "jobly_celery_queue_length", "jobly_feeds"} <= used
    assert not used - exported, f"queries name metrics Jobly does not export: {sorted(used - exported)}"


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_prometheus_and_grafana_run_only_behind_the_monitoring_profile_on_loopback():
    services = compose()["services"]
    for name in ("prometheus", "grafana"):
        assert services[name]["profiles"] == ["monitoring"], name
        for mapping in services[name]["ports"]:
            assert mapping.startswith("127.0.0.1:"), mapping
        for volume in services[name]["volumes"]:
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (ROOT / source).exists(), f"{name} mounts a missing {source}"
    for name, service in services.items():
        if name not in {"prometheus", "grafana"}:
            assert "profiles" not in service, f"{name} must start without a profile"
    assert "METRICS_TOKEN" in services["web"]["environment"] and "METRICS_TOKEN" in services["prometheus"]["environment"]
