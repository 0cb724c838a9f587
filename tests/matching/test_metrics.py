"""Matching's feed-health gauges, registered with the core's /metrics from MatchingConfig.ready()."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from jobly.metrics import collectors
from matching.models import Feed
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db]


def gauges(text):
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_matching_registers_its_collector_from_ready():
    assert "feeds" in collectors.COLLECTORS


def test_feed_health_counts_every_owner_and_shared_feed():
    owner, other = UserFactory(), UserFactory()
    now = timezone.now()
    Feed.objects.create(owner=owner, url="https://a.example/feed", next_fetch_at=now)
    Feed.objects.create(owner=other, url="https://b.example/feed", consecutive_failures=2, next_fetch_at=now - timedelta(hours=1))
    Feed.objects.create(owner=None, is_shared=True, url="https://c.example/feed", consecutive_failures=3, next_fetch_at=now)
    Feed.objects.create(owner=owner, url="https://d.example/feed", enabled=False, consecutive_failures=8,
                        next_fetch_at=now - timedelta(days=1))
    text = Client().get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    found = gauges(text)
    assert found[("jobly_feeds", (("state", "healthy"),))] == 1
    assert found[("jobly_feeds", (("state", "failing"),))] == 2
    assert found[("jobly_feeds", (("state", "disabled"),))] == 1
    assert found[("jobly_feeds_overdue", ())] == 1  # the disabled one is not due at all
    assert "a.example" not in text and owner.username not in text
