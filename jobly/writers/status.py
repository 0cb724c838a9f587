"""Which writer is active and whether its server answers: for the settings page and `GET /api/writer`.

The probe result is cached briefly so a page view never waits on a slow server twice in a row.
The API key is never part of the status; the base URL is shown without credentials or query.
"""

import time
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import cache

PROBE_CACHE_KEY = "writer:status"
PROBE_CACHE_SECONDS = 30


def public_base_url(url):
    """The base URL as it may be shown: no user, password, query or fragment."""
    parts = urlsplit(url or "")
    if not parts.scheme:
        return ""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def writer_status(*, refresh=False):
    """{"writer", "description", "model", "base_url", "uses_model", "answers", "latency_ms", "error", "checked_at"}."""
    from jobly.writers import get_writer

    writer = get_writer()
    status = {
        "writer": writer.name,
        "description": writer.describe(),
        "uses_model": writer.uses_model,
        "model": "",
        "base_url": "",
        "answers": True,
        "latency_ms": None,
        "error": "",
        "checked_at": time.time(),
    }
    if not writer.uses_model:
        return status
    client = writer.client
    status |= {"model": client.model, "base_url": public_base_url(client.base_url)}
    cache_key = f"{PROBE_CACHE_KEY}:{client.base_url}:{client.model}"
    probed = None if refresh else _cached(cache_key)
    if probed is None:
        answers, latency, error = client.probe()
        probed = {"answers": answers, "latency_ms": latency, "error": error, "checked_at": time.time()}
        try:
            cache.set(cache_key, probed, timeout=PROBE_CACHE_SECONDS)
        except Exception:
            pass
    return status | probed


def _cached(key):
    try:
        return cache.get(key)
    except Exception:
        return None


def writer_settings_summary():
    """The writer settings as they may be shown (for the page): never the key itself."""
    return {
        "WRITER": settings.WRITER,
        "LLM_TIMEOUT": settings.LLM_TIMEOUT,
        "LLM_MAX_RETRIES": settings.LLM_MAX_RETRIES,
        "LLM_CACHE_SECONDS": settings.LLM_CACHE_SECONDS,
        "LLM_JSON_MODE": settings.LLM_JSON_MODE,
        "LLM_API_KEY": "set" if settings.LLM_API_KEY else "not set",
    }
