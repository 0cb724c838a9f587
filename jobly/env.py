"""Typed readers for environment variables, each failing with one message naming the variable.

Settings call these at import; `SettingsError` is caught by the entry points (manage.py,
asgi.py, celery.py), which print the message and exit, so a bad value never starts a process.
"""

import os
import re
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class SettingsError(ImproperlyConfigured):
    """A configuration value is missing or malformed; the message names the variable."""


def read_str(name, default=""):
    return os.environ.get(name, default)


def read_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise SettingsError(f"{name} must be true or false (1/0, yes/no, on/off), got {raw!r}.")


def read_int(name, default, *, minimum=None, maximum=None):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}.") from None
    if minimum is not None and value < minimum or maximum is not None and value > maximum:
        raise SettingsError(f"{name} must be between {minimum} and {maximum}, got {value}.")
    return value


def read_float(name, default, *, minimum=None):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw.strip())
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}.")
    return value


def read_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


HOST_PORT = re.compile(r"(?:\[[0-9A-Fa-f:.]+\]|[^\s:/\[\]@]+)(?::(\d{1,5}))?")


def read_host_ports(name):
    """A comma-separated list of `host` / `host:port` / `[v6]:port` entries."""
    entries = read_list(name)
    for entry in entries:
        match = HOST_PORT.fullmatch(entry)
        if not match or (match.group(1) and not 1 <= int(match.group(1)) <= 65535):
            raise SettingsError(f"{name} entries must be host or host:port (port 1-65535), got {entry!r}.")
    return entries


def read_choice(name, default, choices):
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(sorted(choices))}, got {value!r}.")
    return value


def read_database(name, default):
    """Parse a database URL into Django's DATABASES entry (postgres or sqlite only)."""
    raw = os.environ.get(name) or default
    scheme = urlsplit(raw).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise SettingsError(
            f"{name} must be a postgres:// or sqlite:/// URL, got scheme {scheme or 'none'!r}."
        )
    try:
        config = environ.Env.db_url_config(raw)
    except Exception:
        raise SettingsError(f"{name} is not a valid database URL.") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise SettingsError(f"{name} must name a database (postgres://user@host:5432/NAME).")
    return config


def read_redis_url(name, default):
    raw = os.environ.get(name) or default
    parts = urlsplit(raw)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise SettingsError(f"{name} must be a redis:// URL with a host, got {redact_url(raw)!r}.")
    try:
        parts.port
    except ValueError:
        raise SettingsError(f"{name} has an invalid port.") from None
    return raw


def redact_url(url):
    """Hide a password in a URL so it can appear in a message."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url
