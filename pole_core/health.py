"""Health endpoints for load balancers and orchestrators, answered in JSON and never cached.

- `live`: the process answers. No database, cache or disk is touched, so a slow database never
  gets a healthy process restarted.
- `ReadinessView`: what a request needs answers: the database, the default cache, the media
  storage and the task queue; 503 as soon as one fails, so a load balancer stops sending visitors
  to this server until it recovers. django-health-check runs the checks, at once, each within
  seconds: its own for the database and the cache, `MediaStorage` and `TaskQueue` below.
"""

import asyncio
import dataclasses

from django.db import Error, connections, router
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from .storage import storage_is_reachable


@require_safe
@never_cache
def live(request):
    """Liveness: 200 while the process can answer a request."""
    return JsonResponse({"status": "ok"})


@dataclasses.dataclass
class MediaStorage(HealthCheck):
    """The media storage answers one cheap request (`storage_is_reachable`): a HEAD of the bucket on
    object storage, with short waits and no retry. Nothing is written, unlike django-health-check's
    `Storage`, whose save, read and delete would cost a handful of slow requests to a bucket at
    every probe of every server."""

    alias: str = "default"

    def run(self):
        if not storage_is_reachable(self.alias):
            raise ServiceUnavailable("media storage unreachable")


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The task backend can take work.

    With the database backend (django-tasks-db), its table answers a read; with RQ (django-tasks-rq),
    the Redis server of each of its queues answers a PING. The immediate and dummy backends run in the
    web process itself: there is nothing to reach. Whether a worker is running is not checked: a
    server that can enqueue is ready to serve even while the worker restarts.
    """

    alias: str = "default"

    def run(self):
        backend = task_backends[self.alias]
        if isinstance(backend, DatabaseBackend):
            self._read_task_table()
        elif is_rq_backend(backend):
            self._ping_rq_queues(backend)

    def _read_task_table(self):
        # Imported here: a project on another backend may leave django_tasks_db out of INSTALLED_APPS.
        from django_tasks_db.models import DBTaskResult

        connection = connections[router.db_for_read(DBTaskResult)]
        try:
            # Checks run in worker threads: the connection opened here is closed here.
            with connection.temporary_connection():
                DBTaskResult.objects.using(connection.alias).only("pk").first()
        except Error as error:
            raise ServiceUnavailable("task table unreadable") from error

    def _ping_rq_queues(self, backend):
        import django_rq
        from redis.exceptions import RedisError

        try:
            for queue in backend.queues:
                django_rq.get_connection(queue).ping()
        except RedisError as error:
            raise ServiceUnavailable("task queue unreachable") from error


def is_rq_backend(backend):
    # django-tasks-rq comes with the `redis` extra, and reads the settings as it is imported.
    try:
        from django_tasks_rq import RQBackend
    except ImportError:
        return False
    return isinstance(backend, RQBackend)


class ReadinessView(HealthCheckView):
    """Readiness: 200 when every check passes, 503 otherwise, with each check's result in JSON."""

    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        MediaStorage,
        TaskQueue,
    )

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            self.results = await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))
        ready = not any(result.error for result in self.results)
        return JsonResponse(
            {
                "status": "ok" if ready else "unavailable",
                "checks": {repr(result.check): str(result.error or "OK") for result in self.results},
            },
            status=200 if ready else 503,
        )
