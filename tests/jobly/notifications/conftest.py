import pytest

from tests.servers.smtp_sink import SmtpSink
from tests.servers.webhook_receiver import WebhookReceiver


@pytest.fixture
def receiver():
    server = WebhookReceiver().start()
    yield server
    server.stop()


@pytest.fixture
def allow_receiver(settings, receiver):
    """The operator allowlist opens the local receiver's host and port (and nothing else on 127.0.0.1)."""
    settings.OUTBOUND_ALLOWED_HOSTS = [receiver.host_port]
    return receiver


@pytest.fixture
def smtp_sink(settings):
    sink = SmtpSink().start()
    for name, value in sink.settings().items():
        setattr(settings, name, value)
    settings.SITE_URL = "http://testserver"
    yield sink
    sink.stop()


@pytest.fixture
def tasks_held(monkeypatch):
    """Tasks these tests send are recorded, not put on the broker: the tests run each task body by hand
    (the clock advanced through `now=`), and the session's live worker (tests/conftest.py), when an
    earlier test on this xdist worker started it, would otherwise take the same delivery first."""
    from celery.app.task import Task

    sent = []
    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, kwargs=None, **options: sent.append(
        (task.name, tuple(args or ()), dict(kwargs or {}))))
    return sent
