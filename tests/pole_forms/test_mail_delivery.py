"""The mails that follow a submission reach a real SMTP server once, whatever fails on the way.

A real SMTP sink (aiosmtpd) on a free port of 127.0.0.1 is down, hanging, slow or up; the workers
are real `manage.py run_worker` processes (db_worker, or an RQ worker on Redis), killed with SIGKILL.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.core import mail
from django.core.mail import get_connection
from django.test import Client
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from rq import Queue
from rq.scheduler import RQScheduler

from pole_forms.mail import Handover
from pole_forms.models import MailDelivery, Submission
from pole_forms.models.mail import UNCERTAIN, ClaimLost, MailKind, MailState
from pole_forms.tasks import build_message, deliver_mail, recover_mails
from tests.ports import free_port
from tests.servers import database_env
from tests.smtp_sink import HangingServer, SmtpSink

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60
# The Redis database of the RQ test, emptied by it.
RQ_REDIS_URL = os.environ.get("POLE_TEST_RQ_URL", "redis://127.0.0.1:6379/3")
TEAM = "equipe@exemple.fr"
MEMBER = "lou.martin@exemple.fr"
# Settings of a worker that will be killed: it must not take back its own mail or task before.
STUCK = {"FORMS_MAIL_STALE_SECONDS": "600", "TASKS_TIMEOUT": "600"}


@pytest.fixture
def mail_port(settings):
    """A free port that the mail settings point at, with no wait between attempts; nothing listens yet."""
    port = free_port()
    settings.EMAIL_BACKEND = "pole_forms.mail.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    settings.POLE_FORMS_MAIL_RETRY_SECONDS = 0
    settings.POLE_FORMS_MAIL_STALE_SECONDS = 0
    return port


@pytest.fixture
def submit(consultation, answers, django_capture_on_commit_callbacks):
    """Post the consultation as a member and let its mails be queued; the stored Submission."""

    def post():
        with django_capture_on_commit_callbacks(execute=True):
            assert Client().post(consultation.url, answers).status_code == 200
        return Submission.objects.get()

    return post


def states(submission):
    return {
        (delivery.kind, delivery.state, delivery.attempts) for delivery in submission.mail_deliveries.all()
    }


def test_with_the_mail_server_down_each_mail_is_retried_then_shown_failed_to_the_editors(
    mail_port, submit, editor_client
):
    submission = submit()
    assert states(submission) == {
        (MailKind.NOTIFICATION, MailState.RETRYING, 1),
        (MailKind.ACKNOWLEDGEMENT, MailState.RETRYING, 1),
    }
    assert "refused" in submission.mail_deliveries.first().last_error

    for attempt in range(2, 6):
        recover_mails()
        state = MailState.RETRYING if attempt < 5 else MailState.FAILED
        assert states(submission) == {
            (MailKind.NOTIFICATION, state, attempt),
            (MailKind.ACKNOWLEDGEMENT, state, attempt),
        }
    recover_mails()

    review = editor_client.get(reverse("pole_forms:review", args=[submission.page_id, submission.pk]))
    assert review.content.decode().count("En échec") == 2
    report = editor_client.get(reverse("pole_forms:failed_mails")).content.decode()
    assert TEAM in report and MEMBER in report and "Renvoyer" in report
    assert "2 courriels n'ont pas pu être envoyés" in editor_client.get("/admin/").content.decode()
    assert "En échec" in editor_client.get(reverse("pole_forms:inbox")).content.decode()
    listing = editor_client.get(reverse("wagtailforms:list_submissions", args=[submission.page_id]))
    assert "Courriel en échec" in listing.content.decode()
    # Looking resends nothing: only the « Renvoyer » buttons do.
    assert states(submission) == {
        (MailKind.NOTIFICATION, MailState.FAILED, 5),
        (MailKind.ACKNOWLEDGEMENT, MailState.FAILED, 5),
    }


def test_once_the_mail_server_is_back_a_retry_sends_each_mail_exactly_once(mail_port, submit):
    submission = submit()

    with SmtpSink(mail_port) as sink:
        recover_mails()
        recover_mails()
        # A task run twice for a mail that went out sends nothing more.
        for delivery in submission.mail_deliveries.all():
            deliver_mail.enqueue(delivery.pk)

    assert sorted(sink.copies().values()) == [1, 1]
    assert sorted(message["To"] for message in sink.messages) == [TEAM, MEMBER]
    assert states(submission) == {
        (MailKind.NOTIFICATION, MailState.SENT, 2),
        (MailKind.ACKNOWLEDGEMENT, MailState.SENT, 2),
    }
    assert all(delivery.sent_at for delivery in submission.mail_deliveries.all())


def test_an_editor_resends_the_failed_mails_once_from_the_report(
    mail_port, submit, settings, editor_client, django_capture_on_commit_callbacks
):
    settings.POLE_FORMS_MAIL_ATTEMPTS = 1
    submission = submit()
    assert {delivery.state for delivery in submission.mail_deliveries.all()} == {MailState.FAILED}

    with SmtpSink(mail_port) as sink, django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("pole_forms:resend_failed_mails"))
        editor_client.post(reverse("pole_forms:resend_failed_mails"))

    assert sorted(sink.copies().values()) == [1, 1]
    assert {delivery.state for delivery in submission.mail_deliveries.all()} == {MailState.SENT}
    assert "Renvoyer" not in editor_client.get(reverse("pole_forms:failed_mails")).content.decode()


def test_a_user_who_may_not_see_the_form_cannot_resend_its_mails(
    mail_port, submit, settings, make_client, admin_access_group, django_capture_on_commit_callbacks
):
    settings.POLE_FORMS_MAIL_ATTEMPTS = 1
    delivery = submit().mail_deliveries.first()
    client = make_client("lecteur", admin_access_group)

    with SmtpSink(mail_port) as sink, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pole_forms:resend_mail", args=[delivery.pk]))

    assert response.status_code == 404
    assert sink.messages == []
    assert MailDelivery.objects.get(pk=delivery.pk).state == MailState.FAILED


def test_a_recipient_refused_for_good_fails_at_once_and_the_other_mail_goes(mail_port, submit):
    with SmtpSink(mail_port, refused={MEMBER}) as sink:
        submission = submit()

    assert states(submission) == {
        (MailKind.NOTIFICATION, MailState.SENT, 1),
        (MailKind.ACKNOWLEDGEMENT, MailState.FAILED, 1),
    }
    assert "550" in submission.mail_deliveries.get(kind=MailKind.ACKNOWLEDGEMENT).last_error
    assert [message["To"] for message in sink.messages] == [TEAM]


def test_the_acknowledgement_speaks_the_members_language_and_the_notification_the_sites(
    consultation, answers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(consultation.url, answers, HTTP_ACCEPT_LANGUAGE="en")

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[MEMBER].startswith("Your answer to")
    assert subjects[TEAM].startswith("Nouvelle réponse à")


def test_a_worker_whose_claim_was_taken_over_stops_before_the_server_has_the_message(
    mail_port, submit, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    submission = submit()
    pk = submission.mail_deliveries.get(kind=MailKind.ACKNOWLEDGEMENT).pk
    delivery = MailDelivery.objects.claim(pk)
    # The claim went stale and another worker took the mail over.
    MailDelivery.objects.filter(pk=pk).update(claim="another-worker")

    with SmtpSink(mail_port) as sink, pytest.raises(ClaimLost):
        get_connection(handover=Handover(delivery.record_handover)).send_messages([build_message(delivery)])

    assert sink.messages == []


# Real worker processes, on this test run's database.


@pytest.fixture
def start_worker(tmp_path):
    """`start_worker(mail_port, **env)`: a `manage.py run_worker` process, killed after the test.

    Its mails go to 127.0.0.1:`mail_port`; a claim is stale after 2 s, a task running for 3 s lost
    its worker, and recovery runs every second.
    """
    workers = []

    def start(mail_port, **env):
        log = (tmp_path / f"worker-{len(workers)}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--skip-checks"],
            cwd=ROOT,
            env={
                **os.environ,
                **database_env(),
                "DJANGO_SETTINGS_MODULE": "pole_site.settings.base",
                "CACHE_URL": "locmem://",
                "TASKS_BACKEND": "database",
                "EMAIL_BACKEND": "pole_forms.mail.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(mail_port),
                "EMAIL_TIMEOUT": "60",
                "FORMS_MAIL_RETRY_SECONDS": "1",
                "FORMS_MAIL_STALE_SECONDS": "2",
                "TASKS_TIMEOUT": "3",
                "TASKS_RECOVER_SECONDS": "1",
                **env,
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group, killed whole: RQ's scheduler is a child process.
            start_new_session=True,
        )
        workers.append((process, log))
        return process

    yield start
    for process, log in workers:
        kill(process)
        log.close()


def wait_until(condition, what, process=None):
    """Wait up to WAIT_SECONDS for `condition()` to be true; fail with `what` otherwise."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        if process is not None and process.poll() is not None:
            pytest.fail(f"the worker stopped while waiting until {what}")
        time.sleep(0.1)
    pytest.fail(f"not within {WAIT_SECONDS} s: {what}")


def kill(process):
    """SIGKILL to the worker and every process it started, as a supervisor stopping it hard does."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


def mail_states():
    return set(MailDelivery.objects.values_list("state", flat=True))


@pytest.fixture
def database_queue(settings):
    """Submissions made in the test queue their mails in the database, for a db_worker; "database"."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return "database"


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_db_worker_killed_mid_send_is_swept_and_every_mail_arrives_once(
    consultation, answers, database_queue, start_worker
):
    port = free_port()
    with HangingServer(port) as hanging:
        Client().post(consultation.url, answers)
        worker = start_worker(port, **STUCK)
        wait_until(
            lambda: hanging.connected.is_set() and MailState.SENDING in mail_states(),
            "a mail is sending",
            worker,
        )
        kill(worker)
    killed_task = DBTaskResult.objects.get(status=TaskResultStatus.RUNNING)

    with SmtpSink(port) as sink:
        worker = start_worker(port)
        wait_until(lambda: mail_states() == {MailState.SENT}, "both mails are sent", worker)
        wait_until(
            lambda: DBTaskResult.objects.get(pk=killed_task.pk).status == TaskResultStatus.FAILED,
            "the killed task is swept",
        )
        kill(worker)

    assert sorted(sink.copies().values()) == [1, 1]
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_after_handing_a_mail_over_never_sends_it_again(
    consultation, answers, database_queue, start_worker
):
    port = free_port()
    with SmtpSink(port, answer_delay=60) as slow_sink:
        Client().post(consultation.url, answers)
        worker = start_worker(port, **STUCK)
        wait_until(lambda: len(slow_sink.messages) == 1, "the server has the first mail", worker)
        kill(worker)

    with SmtpSink(port) as sink:
        worker = start_worker(port)
        wait_until(
            lambda: mail_states() == {MailState.SENT, MailState.FAILED}, "the mails are settled", worker
        )
        kill(worker)

    uncertain = MailDelivery.objects.get(state=MailState.FAILED)
    assert uncertain.last_error == str(UNCERTAIN)
    assert slow_sink.messages[0]["Message-ID"] not in sink.copies()
    assert sorted([*slow_sink.copies().values(), *sink.copies().values()]) == [1, 1]


@pytest.fixture
def rq_queue(settings):
    """Submissions made in the test queue their mails in RQ on RQ_REDIS_URL (emptied first).

    Without Redis the test is skipped, unless POLE_STACK_TESTS=required.
    """
    try:
        client = redis.Redis.from_url(RQ_REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
        client.flushdb()
    except redis.RedisError as error:
        reason = f"Redis at {RQ_REDIS_URL} is needed: {error}"
        if os.environ.get("POLE_STACK_TESTS") == "required":
            pytest.fail(f"{reason} (POLE_STACK_TESTS=required)", pytrace=False)
        pytest.skip(reason)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": RQ_REDIS_URL}}
    yield RQ_REDIS_URL
    client.flushdb()
    client.close()


def queued_tasks(queue):
    """The ids of the tasks waiting in the test's queue ("database" or RQ's Redis URL)."""
    if queue == "database":
        return {str(pk) for pk in DBTaskResult.objects.ready().values_list("pk", flat=True)}
    return set(Queue(connection=redis.Redis.from_url(queue)).job_ids)


def drop_queued_tasks(queue):
    if queue == "database":
        DBTaskResult.objects.all().delete()
    else:
        redis.Redis.from_url(queue).flushdb()


@pytest.mark.parametrize("queue_fixture", ["database_queue", "rq_queue"])
def test_recovery_queues_no_second_task_for_a_mail_whose_task_waits_and_requeues_a_lost_one(
    queue_fixture, request, mail_port, submit
):
    queue = request.getfixturevalue(queue_fixture)
    submission = submit()
    first_tasks = queued_tasks(queue)
    assert set(submission.mail_deliveries.values_list("task_id", flat=True)) == first_tasks
    assert len(first_tasks) == 2

    # Overdue at once (POLE_FORMS_MAIL_STALE_SECONDS = 0), but their tasks wait behind a busy worker.
    recover_mails()
    recover_mails()
    assert queued_tasks(queue) == first_tasks

    drop_queued_tasks(queue)
    recover_mails()
    recover_mails()
    second_tasks = queued_tasks(queue)
    assert len(second_tasks) == 2
    assert set(submission.mail_deliveries.values_list("task_id", flat=True)) == second_tasks


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("killed_worker_left_its_lock", [False, True])
def test_an_rq_worker_retries_a_deferred_mail_once_the_server_is_back(
    consultation, answers, rq_queue, start_worker, killed_worker_left_its_lock
):
    # A worker killed with SIGKILL leaves its scheduler's lock, for 61 s; here for 3 s. RQ's worker
    # would try the lock again at its maintenance, 10 minutes later: the retries would wait for it.
    lock = RQScheduler.get_locking_key("default")
    if killed_worker_left_its_lock:
        redis.Redis.from_url(rq_queue).set(lock, "killed-worker", ex=3)
    port = free_port()
    Client().post(consultation.url, answers)
    worker = start_worker(port, TASKS_BACKEND="rq", RQ_URL=rq_queue, FORMS_MAIL_RETRY_SECONDS="2")
    wait_until(lambda: mail_states() == {MailState.RETRYING}, "both mails failed once", worker)

    with SmtpSink(port) as sink:
        wait_until(lambda: mail_states() == {MailState.SENT}, "both mails are sent", worker)
        kill(worker)

    assert sorted(sink.copies().values()) == [1, 1]
    assert redis.Redis.from_url(rq_queue).get(lock) != b"killed-worker"
