"""The RQ worker that `manage.py run_worker` runs for the RQ task backend.

RQ's one-process worker (`SimpleWorker`: RQ's default forks a process for every job, which sets up the
job's modules and templates anew, about 250 ms per mail), with two changes:

- Django's database connections are checked around each job, as Django does around each request: a
  connection broken (a database restarted) or older than CONN_MAX_AGE is closed, the next job opens a
  new one, so one failed job is the worst a lost connection costs;
- RQ's maintenance runs every POLE_TASKS_RECOVER_SECONDS instead of every 10 minutes, idle or busy. It
  fails the jobs of dead workers, and starts this worker's scheduler (which moves deferred jobs, the
  mail retries, to the queue) once the lock of a killed worker's scheduler has expired (61 s): without
  it, deferred jobs would wait up to 10 minutes after a `kill -9`.
"""

from django.db import close_old_connections
from rq.worker import SimpleWorker

from pole_core import tasks


class Worker(SimpleWorker):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("maintenance_interval", tasks.setting("POLE_TASKS_RECOVER_SECONDS"))
        super().__init__(*args, **kwargs)

    @property
    def dequeue_timeout(self):
        # An idle worker waits for a job at most this long, then does its maintenance if due.
        return max(1, min(super().dequeue_timeout, self.maintenance_interval))

    def execute_job(self, job, queue):
        close_old_connections()
        try:
            return super().execute_job(job, queue)
        finally:
            close_old_connections()
