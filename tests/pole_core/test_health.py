"""The health endpoints: liveness without I/O, readiness of the database, cache, storage and task queue."""

import os

import pytest
import redis
from django.db import connection
from django_tasks_db.models import DBTaskResult
from health_check.exceptions import ServiceUnavailable

from pole_core.health import TaskQueue
from tests.ports import free_port

LIVE = "/health/live/"
READY = "/health/ready/"


def test_liveness_answers_200_without_touching_the_database(client):
    # No `db` fixture: pytest-django fails any query.
    response = client.get(LIVE)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_answers_200_when_database_cache_storage_and_task_queue_answer(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    response = client.get(READY)

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {
        "Database(alias='default')": "OK",
        "Cache(alias='default')": "OK",
        "MediaStorage(alias='default')": "OK",
        "TaskQueue(alias='default')": "OK",
    }


@pytest.mark.django_db
def test_readiness_answers_503_when_the_cache_server_is_down(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/5",
        },
    }

    response = client.get(READY)

    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["Cache(alias='default')"] != "OK"
    assert body["checks"]["Database(alias='default')"] == "OK"


@pytest.mark.django_db
def test_readiness_answers_503_when_the_object_storage_is_down(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "pole",
                "endpoint_url": f"http://127.0.0.1:{free_port()}",
                "region_name": "us-east-1",
                "access_key": "key",
                "secret_key": "secret",
            },
        },
    }

    response = client.get(READY)

    assert response.status_code == 503
    assert (
        response.json()["checks"]["MediaStorage(alias='default')"] == "Unavailable: media storage unreachable"
    )


@pytest.mark.django_db
def test_the_task_queue_check_fails_when_the_task_table_cannot_be_read(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    table = DBTaskResult._meta.db_table
    # Renamed inside the test's transaction (both databases have transactional DDL), restored after.
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")

    with pytest.raises(ServiceUnavailable, match="task table unreadable"):
        TaskQueue().run()


@pytest.fixture
def redis_db_5():
    """The URL of Redis database 5 on this machine; without Redis the test is skipped, unless
    POLE_STACK_TESTS=required."""
    url = "redis://127.0.0.1:6379/5"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        reason = f"Redis at {url} is needed: {error}"
        if os.environ.get("POLE_STACK_TESTS") == "required":
            pytest.fail(f"{reason} (POLE_STACK_TESTS=required)", pytrace=False)
        pytest.skip(reason)
    return url


@pytest.mark.django_db
def test_readiness_checks_the_redis_server_of_the_rq_task_queue(client, settings, redis_db_5):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": redis_db_5}}

    assert client.get(READY).json()["checks"]["TaskQueue(alias='default')"] == "OK"

    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{free_port()}/5"}}
    response = client.get(READY)

    assert response.status_code == 503
    assert response.json()["checks"]["TaskQueue(alias='default')"] == "Unavailable: task queue unreachable"


def test_health_probes_are_kept_out_of_robots_and_the_sitemap(client, home):
    robots = client.get("/robots.txt").content.decode().splitlines()
    sitemap = client.get("/sitemap.xml").content.decode()

    assert f"Disallow: {LIVE}" in robots and f"Disallow: {READY}" in robots
    assert "/health/" not in sitemap
