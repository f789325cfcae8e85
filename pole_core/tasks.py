"""Background work around Django's tasks interface: deferred retries, and recovery from killed workers.

The task backends run the tasks; what they leave to the project is here, once:

- `deferred(task, run_after)`: the task set to run later, when the backend can defer (the database and
  RQ backends can, the immediate one cannot);
- `recover()`: what a worker killed mid-task left behind. The database backend would keep such a task
  "running" for ever: `fail_abandoned_tasks` marks it failed once it has run longer than
  POLE_TASKS_TIMEOUT. Then each function registered with the Wagtail hook ``pole_recover_tasks`` runs,
  so an app takes back its own unfinished work (pole_forms resends the mails a killed worker was
  sending). RQ fails its abandoned jobs itself.

`manage.py run_worker` calls `recover()` when it starts and every POLE_TASKS_RECOVER_SECONDS.
"""

import logging
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
