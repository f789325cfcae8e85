"""Run the worker of the configured task backend, and recover what killed workers left behind."""

import logging
import threading

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

from pole_core import tasks

logger = logging.getLogger(__name__)


def worker_command(backend):
    """(command, args, options) of the engine's own worker for `backend`, or None if it has none."""
    if apps.is_installed("django_tasks_db"):
        from django_tasks_db.backend import DatabaseBackend

        if isinstance(backend, DatabaseBackend):
            # No autoreload: it would start a second copy of this command, recovering twice.
            return (
                "db_worker",
                [],
                {"backend_name": backend.alias, "queue_name": ",".join(backend.queues), "reload": False},
            )
    if apps.is_installed("django_rq"):
        from django_tasks_rq import RQBackend

        if isinstance(backend, RQBackend):
            # The scheduler moves deferred jobs (retries) to their queue when they are due.
            return (
                "rqworker",
                sorted(backend.queues),
                {
                    "job_class": "django_tasks_rq.Job",
                    "worker_class": "pole_core.rq_worker.Worker",
                    "with_scheduler": True,
                },
            )
    return None


def recover_every(seconds, stop):
    """Call `tasks.recover()` every `seconds` until `stop` is set; an error is logged, never fatal."""
    while not stop.wait(seconds):
        try:
            tasks.recover()
        except Exception:
            logger.exception("Recovering the tasks of stopped workers failed")
        finally:
            close_old_connections()


class Command(BaseCommand):
    help = (
        "Runs the worker of the task backend (db_worker, or rqworker for RQ) after recovering what "
        "stopped workers left, then recovers again every POLE_TASKS_RECOVER_SECONDS. With a backend "
        "that has no worker (immediate), only recovers."
    )

    def handle(self, *args, verbosity=1, **options):
        tasks.recover()
        close_old_connections()
        stop = threading.Event()
        seconds = tasks.setting("POLE_TASKS_RECOVER_SECONDS")
        command = worker_command(task_backends[DEFAULT_TASK_BACKEND_ALIAS])
        if command is None:
            recover_every(seconds, stop)
            return
        name, worker_args, worker_options = command
        threading.Thread(target=recover_every, args=(seconds, stop), name="pole-recover", daemon=True).start()
        try:
            call_command(name, *worker_args, verbosity=verbosity, **worker_options)
        finally:
            stop.set()
