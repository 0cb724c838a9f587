import pytest


def test_health_and_healthz_answer_without_io(client):
    # No django_db mark: any database access here would raise, so passing proves no query.
    for path in ("/health", "/healthz"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_503_naming_redis_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert "redis" in body["down"]
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is False


@pytest.mark.django_db
@pytest.mark.optional(reason="stop the Celery worker that answers on TEST_REDIS_URL's database, then rerun")
def test_readyz_is_503_naming_the_worker_when_none_answers(client):
    # No worker runs on this test's Redis database unless an integration fixture started one.
    from jobly.celery import app

    if app.control.inspect(timeout=0.5).ping():
        pytest.skip("a worker from another test is alive on this Redis database")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["down"] == ["worker"]


@pytest.mark.django_db
def test_readyz_is_503_naming_the_database_when_it_fails(client, monkeypatch):
    from jobly import health

    def broken():
        raise OSError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "database" in response.json()["down"]
