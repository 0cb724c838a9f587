"""Apps mount their own pages and API through their AppConfig; the core's one router lists them all."""

import pytest
from django.apps import apps
from django.urls import reverse

from jobly.urls import app_url_configs

pytestmark = pytest.mark.django_db


def test_every_app_that_declares_urls_is_mounted():
    configs = {config.name: config for config in app_url_configs()}
    assert "matching" in configs
    assert reverse("matching:matches") == f"/{configs['matching'].url_prefix}matches/"
    assert apps.get_app_config("jobly") not in configs.values()  # the core's own urls are in jobly/urls.py


def test_the_browsable_api_root_lists_core_and_app_resources(auth_client):
    root = auth_client.get("/api/", HTTP_ACCEPT="application/json").json()
    assert {"tokens", "background-jobs", "profiles", "feeds", "jobs", "matches"} <= set(root)
