"""Scrape-time collectors: dependency health, background jobs from the database, and what apps register.

Apps contribute gauges with `register_collector(name, collect)` from their AppConfig.ready(), so
the core imports no app. `collect()` returns metric families (prometheus_client.core); it runs on
every scrape, so it must be a few cheap aggregate queries, and it must never return user data.
"""

import logging
from dataclasses import dataclass

import redis
from django.db import connection
from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily

from jobly.metrics import cluster

logger = logging.getLogger("jobly.metrics")


@dataclass(frozen=True)
class Collector:
    name: str
    collect: object
    needs_database: bool


COLLECTORS = {}


def register_collector(name, collect, *, needs_database=True):
    """Add (or replace) a scrape-time collector; those needing the database are skipped while it is down."""
    COLLECTORS[name] = Collector(name=name, collect=collect, needs_database=needs_database)


def _database_up():
    from jobly.health import check_database

    try:
        check_database()
        return True
    except Exception as error:
        logger.warning("metrics: database check failed: %s", type(error).__name__)
        connection.close_if_unusable_or_obsolete()
        return False


def background_job_counts():
    from jobly.models import BackgroundJob

    family = GaugeMetricFamily("jobly_background_jobs", "Background jobs stored, by type and status.", labels=["type", "status"])
    counts = {}
    for row in BackgroundJob.objects.order_by().values("type", "status").annotate(count=Count("id")):
        key = (cluster.label(row["type"]), row["status"])
        counts[key] = counts.get(key, 0) + row["count"]
    for (job_type, status), count in sorted(counts.items()):
        family.add_metric([job_type, status], count)
    return [family]


register_collector("background_jobs", background_job_counts)


def collect_all():
    """Every scrape-time family: dependency health first, then the cluster counters and each collector."""
    up = GaugeMetricFamily("jobly_dependency_up", "1 when this web process can reach the dependency.", labels=["dependency"])
    collector_up = GaugeMetricFamily("jobly_metrics_collector_up", "1 when the collector answered on this scrape.", labels=["collector"])
    families = []
    database_up = _database_up()
    up.add_metric(["database"], int(database_up))
    try:
        families.extend(cluster.collect())
        up.add_metric(["redis"], 1)
    except redis.RedisError as error:
        logger.warning("metrics: Redis unavailable: %s", type(error).__name__)
        up.add_metric(["redis"], 0)
    for collector in COLLECTORS.values():
        if collector.needs_database and not database_up:
            collector_up.add_metric([collector.name], 0)
            continue
        try:
            families.extend(collector.collect())
            collector_up.add_metric([collector.name], 1)
        except Exception:
            logger.exception("metrics collector %s failed", collector.name)
            collector_up.add_metric([collector.name], 0)
    return [up, collector_up, *families]
