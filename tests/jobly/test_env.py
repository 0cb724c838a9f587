import pytest

from jobly import env
from jobly.env import SettingsError


def test_read_int_accepts_a_number_in_range(monkeypatch):
    monkeypatch.setenv("X_PORT", "8080")
    assert env.read_int("X_PORT", 1, minimum=1, maximum=65535) == 8080


@pytest.mark.parametrize("raw", ["abc", "80.5", "0x10"])
def test_read_int_rejects_non_numbers_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("X_PORT", raw)
    with pytest.raises(SettingsError, match="X_PORT must be a whole number"):
        env.read_int("X_PORT", 1)


def test_read_int_rejects_out_of_range(monkeypatch):
    monkeypatch.setenv("X_PORT", "70000")
    with pytest.raises(SettingsError, match="X_PORT must be between 1 and 65535"):
        env.read_int("X_PORT", 1, minimum=1, maximum=65535)


def test_read_bool_words(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env.read_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "off")
    assert env.read_bool("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(SettingsError, match="X_FLAG must be true or false"):
        env.read_bool("X_FLAG")


def test_read_database_parses_postgres(monkeypatch):
    monkeypatch.setenv("X_DB", "postgres://alice:pw@db.internal:5433/jobly")
    config = env.read_database("X_DB", "sqlite:///x.db")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == ("db.internal", 5433, "jobly", "alice")


@pytest.mark.parametrize("raw", ["mysql://x/y", "not a url", "postgres://host:5432/"])
def test_read_database_rejects_other_schemes_and_missing_names(monkeypatch, raw):
    monkeypatch.setenv("X_DB", raw)
    with pytest.raises(SettingsError, match="X_DB"):
        env.read_database("X_DB", "sqlite:///x.db")


def test_read_redis_url_hides_password_in_error(monkeypatch):
    monkeypatch.setenv("X_REDIS", "http://user:hunter2secret@host/0")
    with pytest.raises(SettingsError) as error:
        env.read_redis_url("X_REDIS", "redis://127.0.0.1:6379/0")
    assert "hunter2secret" not in str(error.value)
    assert "X_REDIS" in str(error.value)


def test_read_choice(monkeypatch):
    monkeypatch.setenv("X_MODE", "Production")
    assert env.read_choice("X_MODE", "development", {"development", "production"}) == "production"
    monkeypatch.setenv("X_MODE", "staging")
    with pytest.raises(SettingsError, match="X_MODE must be one of development, production"):
        env.read_choice("X_MODE", "development", {"development", "production"})


def test_read_host_ports_takes_hosts_and_host_ports(monkeypatch):
    monkeypatch.setenv("X_HOSTS", "feeds.local:8080, 127.0.0.1,[::1]:9000")
    assert env.read_host_ports("X_HOSTS") == ["feeds.local:8080", "127.0.0.1", "[::1]:9000"]


@pytest.mark.parametrize("raw", ["feeds.local:http", "feeds.local:70000", "http://feeds.local", "a b"])
def test_read_host_ports_rejects_what_is_not_host_or_host_port(monkeypatch, raw):
    monkeypatch.setenv("X_HOSTS", raw)
    with pytest.raises(SettingsError, match="X_HOSTS entries must be host or host:port"):
        env.read_host_ports("X_HOSTS")
