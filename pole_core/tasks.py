"""Background work around Django's tasks interface: deferred retries, and recovery from killed workers.

The task backends run the tasks; what they leave to the project is here, once:

- `deferred(task, run_after)`: the task set to run later, when the backend can defer (the database and
  RQ backends can, the immediate one cannot);
- `unfinished(result_ids, started_after)`: which of these queued tasks may still run, asked of the
  backend in one query (database) or one round trip (RQ), so a recovery never queues work twice;
- `recover()`: what a worker killed mid-task left behind. The database backend would keep such a task
  "running" for ever: `fail_abandoned_tasks` marks it failed once it has run longer than
  POLE_TASKS_TIMEOUT. Then each function registered with the Wagtail hook ``pole_recover_tasks`` runs,
  so an app takes back its own unfinished work (pole_forms resends the mails a killed worker was
  sending). RQ fails its abandoned jobs itself.

`manage.py run_worker` calls `recover()` when it starts and every POLE_TASKS_RECOVER_SECONDS; with RQ,
its worker (`pole_core.rq_worker`) also runs RQ's own maintenance that often.
"""

import logging
import uuid
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

RECOVER_HOOK = "pole_recover_tasks"
DEFAULTS = {
    # The longest a task may run, in seconds: a database task "running" for longer lost its worker.
    "POLE_TASKS_TIMEOUT": 30 * 60,
    # How often `manage.py run_worker` recovers what killed workers left, in seconds.
    "POLE_TASKS_RECOVER_SECONDS": 30,
}


class WorkerLost(Exception):
    """The worker running a task stopped before the task finished."""


def setting(name):
    """The project's value of one of the settings above, or its default."""
    return getattr(settings, name, DEFAULTS[name])


def deferred(task, run_after):
    """`task` set to run at `run_after` (a datetime), or None when its backend cannot defer."""
    if not task.get_backend().supports_defer:
        return None
    return task.using(run_after=run_after)


def unfinished(result_ids, started_after):
    """The ids among `result_ids` (task results of the default backend) of the tasks still waiting to
    run, or running since `started_after` or later: a task running for longer is taken to have lost its
    worker. Empty for a backend that keeps no results (immediate)."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    result_ids = sorted(set(result_ids))
    if not result_ids:
        return set()
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if apps.is_installed("django_tasks_db"):
        from django_tasks_db.backend import DatabaseBackend

        if isinstance(backend, DatabaseBackend):
            return _unfinished_database_tasks(result_ids, started_after)
    if apps.is_installed("django_tasks_rq"):
        from django_tasks_rq import RQBackend

        if isinstance(backend, RQBackend):
            return _unfinished_rq_jobs(result_ids, started_after)
    if not backend.supports_get_result:
        return set()
    return {result_id for result_id in result_ids if _is_unfinished(backend, result_id, started_after)}


def _is_unfinished(backend, result_id, started_after):
    from django_tasks import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    try:
        result = backend.get_result(result_id)
    except TaskResultDoesNotExist:
        return False
    return result.status == TaskResultStatus.READY or (
        result.status == TaskResultStatus.RUNNING and _since(result.started_at, started_after)
    )


def _since(started_at, started_after):
    return started_at is not None and started_at >= started_after


def _unfinished_database_tasks(result_ids, started_after):
    from django.db.models import Q
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    # Ids of another backend (before TASKS_BACKEND changed) name no task of this one.
    result_ids = [result_id for result_id in result_ids if _is_uuid(result_id)]
    unfinished = set()
    # In slices: SQLite limits the parameters of a query.
    for start in range(0, len(result_ids), 500):
        ids = DBTaskResult.objects.filter(pk__in=result_ids[start : start + 500]).filter(
            Q(status=TaskResultStatus.READY)
            | Q(status=TaskResultStatus.RUNNING, started_at__gte=started_after)
        )
        unfinished.update(str(pk) for pk in ids.values_list("pk", flat=True))
    return unfinished


def _is_uuid(text):
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _unfinished_rq_jobs(result_ids, started_after):
    import django_rq
    from rq.job import Job, JobStatus

    waiting = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED}
    jobs = Job.fetch_many(result_ids, connection=django_rq.get_connection())
    return {
        job.id
        for job in jobs
        if job is not None
        and (
            job.get_status(refresh=False) in waiting
            or (job.get_status(refresh=False) == JobStatus.STARTED and _since(job.started_at, started_after))
        )
    }


def fail_abandoned_tasks(now=None):
    """Mark failed the database tasks running for longer than POLE_TASKS_TIMEOUT; their number."""
    if not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    timeout = setting("POLE_TASKS_TIMEOUT")
    count = (
        DBTaskResult.objects.running()
        .filter(started_at__lt=now - timedelta(seconds=timeout))
        .update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            return_value=None,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"{WorkerLost.__qualname__}: still running after {timeout} s, its worker stopped.",
        )
    )
    if count:
        logger.warning("%d task(s) marked failed: their worker stopped", count)
    return count


def recover():
    """Recover what killed workers left: abandoned database tasks, then each app's own work."""
    # Imported here: the settings read DEFAULTS from this module, before Wagtail can load.
    from wagtail import hooks

    fail_abandoned_tasks()
    for recover_app_work in hooks.get_hooks(RECOVER_HOOK):
        recover_app_work()
