"""The scaled-out stack end to end, every part a real process on 127.0.0.1 (issue 11's proof in CI).

Two gunicorn app servers with the production settings, an RQ task worker (`manage.py run_worker`),
Varnish with the repository's VCL in front of both servers, moto's S3 server for the media, Redis for
the cache (database 5) and the queue (database 6), this test run's database, and an SMTP sink
(aiosmtpd) that refuses connections until the submissions are checked. The servers are configured
only through the README's environment variables; the test reads the database and the bucket
directly, as an operator would.

One test, in phases: an editor publishes a chantier with an uploaded image through server A's
admin, and unpublishes it; 8 clients post 100 submissions each through Varnish while server B and
the worker are killed with SIGKILL and restarted; the mails go out once the sink accepts; a backup
of the stack's database and bucket holds what it served. `PHASES` prints how long each phase took.
"""

import io
import json
import os
import re
import subprocess
import sys
import tarfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from PIL import Image as PillowImage

from pole_forms.models import MailDelivery, Submission
from pole_forms.models.mail import MailState
from tests.admin_forms import page_edit_form_data
from tests.factories import ChantierPageFactory
from tests.ports import free_port
from tests.servers import database_env
from tests.smtp_sink import SmtpSink
from tests.stack.conftest import ROOT, ServerProcess, require
from tests.stack.test_s3_media import png, upload

CACHE_URL = "redis://127.0.0.1:6379/5"
RQ_URL = "redis://127.0.0.1:6379/6"
CLIENTS = 8
SUBMISSIONS_PER_CLIENT = 100
SUBMISSIONS = CLIENTS * SUBMISSIONS_PER_CLIENT
# A client retries a submission on a broken connection, 502 or 503, with the same Idempotency-Key,
# for at most this long.
SUBMISSION_SECONDS = 60
# Bounds of the waits: a purge through the worker, a restarted server, every mail once the sink accepts.
PURGE_SECONDS = 20
# Every mail once the sink accepts, within: the killed worker's RQ scheduler lock lasting 61 s after the
# kill (about 20 s before the sink accepts), taken over at the restarted worker's next maintenance (every
# TASKS_RECOVER_SECONDS), when every retry stalled meanwhile is due; then the queue, about 2,300 jobs
# (1,600 mails, some retried) at 40 ms each on a loaded 2-core machine, 90 s. Measured: 115-120 s.
MAIL_SECONDS = 180
PASSWORD = "motdepasse-pile-complete"
CHANTIER_PATH = "/chantiers/covoiturage-solidaire/"
MAIL_SETTINGS = {
    # Retries 10, 20, 40… s after a refused connection, never failed for good within the test.
    "FORMS_MAIL_RETRY_SECONDS": "10",
    "FORMS_MAIL_ATTEMPTS": "20",
    # A mail left "sending" by the killed worker, or due with its job lost with the worker, is taken
    # back after 10 s, looked for every 2 s; RQ's maintenance (its scheduler taken over) as often.
    "FORMS_MAIL_STALE_SECONDS": "10",
    "TASKS_RECOVER_SECONDS": "2",
}

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class Phases:
    """How long each phase of the test took, printed at the end (seen with `pytest -s`)."""

    def __init__(self):
        self.started = self.last = time.monotonic()
        self.durations = {}

    def done(self, name):
        now = time.monotonic()
        self.durations[name] = now - self.last
        self.last = now
        print(f"\n{name}: {self.durations[name]:.1f} s")

    def report(self):
        lines = [f"{name}: {seconds:.1f} s" for name, seconds in self.durations.items()]
        return "\n".join([*lines, f"total: {time.monotonic() - self.started:.1f} s"])


def wait_until(condition, seconds, what):
    """Poll `condition()` until it is true, for at most `seconds`; the seconds it took. `what` (or what
    it returns) says what was awaited in the failure."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        time.sleep(0.1)
    pytest.fail(f"not within {seconds} s: {what() if callable(what) else what}")


@pytest.fixture
def redis_databases():
    """The cache's and the queue's Redis databases (5 and 6), emptied before and after the test."""
    import redis

    clients = [redis.Redis.from_url(url, socket_timeout=5) for url in (CACHE_URL, RQ_URL)]
    try:
        for client in clients:
            client.flushdb()
    except redis.RedisError as error:
        require(f"the full-stack test needs Redis on 127.0.0.1:6379: {error}")
    yield
    for client in clients:
        client.flushdb()
        client.close()


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """A STATIC_ROOT with the hashed names and manifest that the production settings serve.

    Without the compressed copies, most of `collectstatic`'s minute: WhiteNoise serves the files
    without them, and `make check-deploy` and tests/pole_site/test_production_serving.py prove them.
    """
    root = tmp_path_factory.mktemp("static")
    manifest = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": manifest}, STATIC_ROOT=root):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def stack(app_servers, start_varnish, s3_server, redis_databases, static_root, tmp_path):
    """Everything started, the sink's port left closed; `stack.worker` and `stack.servers` are
    ServerProcesses, `stack.env` the environment they share."""
    varnish_port = free_port()
    bucket = s3_server.bucket(f"pole-stack-{uuid.uuid4().hex[:12]}")
    smtp_port = free_port()
    env = {
        "DJANGO_SETTINGS_MODULE": "pole_site.settings.production",
        "SECRET_KEY": f"stack-{uuid.uuid4().hex}{uuid.uuid4().hex}",
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        # No TLS terminator in front of Varnish here to set X-Forwarded-Proto.
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        "CACHE_URL": CACHE_URL,
        "POLE_API_SERVER_CACHE_SECONDS": "300",
        "TASKS_BACKEND": "rq",
        "RQ_URL": RQ_URL,
        "FRONTEND_CACHE_URL": f"http://127.0.0.1:{varnish_port}",
        "TRUSTED_PROXY_COUNT": "1",
        # Every client is 127.0.0.1 here: its 800 submissions and their retries all pass.
        "FORMS_THROTTLE": f"{SUBMISSIONS * 10}/600",
        "EMAIL_BACKEND": "pole_forms.mail.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "5",
        **MAIL_SETTINGS,
        **bucket.env(),
    }
    servers = [app_servers.start(**env), app_servers.start(**env)]
    varnish = start_varnish(*servers, port=varnish_port)
    worker = ServerProcess(
        "the task worker",
        None,
        [sys.executable, "manage.py", "run_worker", "--skip-checks"],
        tmp_path / "worker.log",
        env={**os.environ, **database_env(), **env, "PYTHONUNBUFFERED": "1"},
    )
    yield Stack(servers, varnish, worker, bucket, smtp_port, env)
    worker.stop()


class Stack:
    def __init__(self, servers, varnish, worker, bucket, smtp_port, env):
        self.servers = servers
        self.varnish = varnish
        self.worker = worker
        self.bucket = bucket
        self.smtp_port = smtp_port
        self.env = env


@pytest.fixture
def editor(stack, settings, django_user_model):
    """The signed-in admin of app server A: a superuser, whose password the servers can check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    django_user_model.objects.create_superuser("redaction", "redaction@exemple.fr", PASSWORD)


def test_the_scaled_out_stack_serves_publishes_and_keeps_every_submission_and_mail(
    stack, editor, admin_session, chantier_index, consultation
):
    phases = Phases()
    server_a, server_b = stack.servers
    admin = admin_session(server_a, "redaction@exemple.fr", PASSWORD)
    phases.done("start")

    publish_and_unpublish(stack, admin, chantier_index)
    phases.done("publish, media, unpublish")

    results, kills = submit_while_killing(stack, consultation)
    phases.done("submissions")
    check_rows(consultation, results)
    phases.done("rows checked")

    with SmtpSink(stack.smtp_port) as sink:
        mail_delay = wait_until(
            lambda: delivered(consultation),
            MAIL_SECONDS,
            lambda: f"every mail is sent; {len(sink.messages)} arrived, states {mail_states(consultation)}",
        )
    check_mails(consultation, sink)
    mail_jobs, mail_attempts = check_one_job_per_attempt(consultation)
    phases.done("mails")

    check_backup(stack)
    phases.done("backup")

    attempts = Counter(result["attempts"] for result in results.values())
    print(
        f"\n{SUBMISSIONS} submissions, {sum(r['status'] == 201 for r in results.values())} answered 201, "
        f"{sum(attempts.values()) and sum(n * count for n, count in attempts.items()) - SUBMISSIONS} "
        f"retries (attempts per submission: {dict(sorted(attempts.items()))}), kills: {kills}, "
        f"{len(sink.messages)} mails, the last {mail_delay:.1f} s after the sink accepted; "
        f"{mail_jobs} mail jobs run for {mail_attempts} attempts\n"
        f"{phases.report()}"
    )


# Publication, media and unpublication


def publish_and_unpublish(stack, admin, chantier_index):
    """An editor on server A uploads an image, publishes a chantier with it, then unpublishes it:
    server B and Varnish follow at once or within PURGE_SECONDS (the purge is a task)."""
    server_b, varnish = stack.servers[1], stack.varnish
    image = upload(admin, "images", "Atelier covoiturage", "atelier.png", png(1200, 900))
    draft = ChantierPageFactory(
        parent=chantier_index, title="Covoiturage solidaire", slug="covoiturage-solidaire", live=False
    )
    # The listing is in Varnish, without the chantier.
    varnish.get("/api/v1/chantiers/")
    assert varnish.get("/api/v1/chantiers/").hit

    data = page_edit_form_data(admin, draft)
    data.update({"image": str(image.pk), "action-publish": "publier"})
    assert admin.post_form(f"/admin/pages/{draft.pk}/edit/", data).status_code == 302

    assert "Covoiturage solidaire" in varnish.get(CHANTIER_PATH).text
    assert "Covoiturage solidaire" in get(server_b, "/api/v1/chantiers/").text
    listing_purged = wait_until(
        lambda: "Covoiturage solidaire" in varnish.get("/api/v1/chantiers/").text,
        PURGE_SECONDS,
        "Varnish's listing shows the chantier",
    )
    print(f"\nVarnish's listing showed the published chantier after {listing_purged:.1f} s")
    check_renditions_come_from_the_bucket(stack, varnish)

    assert admin.post_form(f"/admin/pages/{draft.pk}/unpublish/", {}).status_code == 302

    assert get(server_b, CHANTIER_PATH).status_code == 404
    assert get(server_b, f"/api/v1/chantiers/{draft.pk}/").status_code == 404
    assert "Covoiturage solidaire" not in get(server_b, "/api/v1/chantiers/").text
    unpublished_purged = wait_until(
        lambda: (
            varnish.get(CHANTIER_PATH).status == 404
            and "Covoiturage solidaire" not in varnish.get("/api/v1/chantiers/").text
        ),
        PURGE_SECONDS,
        "Varnish no longer has the chantier",
    )
    print(f"Varnish dropped the unpublished chantier after {unpublished_purged:.1f} s")


def get(server, path):
    return requests.get(f"{server.url}{path}", timeout=30)


def check_renditions_come_from_the_bucket(stack, varnish):
    bucket = stack.bucket
    listing = json.loads(varnish.get("/api/v1/chantiers/").text)["items"]
    listed = next(item for item in listing if item["title"] == "Covoiturage solidaire")
    renditions = listed["image"]["renditions"].values()
    assert renditions
    prefix = f"{bucket.server.endpoint_url}/{bucket.name}/"
    for rendition in renditions:
        assert rendition["url"].startswith(prefix), rendition["url"]
        fetched = requests.get(rendition["url"], timeout=30)
        stored = bucket.client.get_object(Bucket=bucket.name, Key=rendition["url"].removeprefix(prefix))
        assert fetched.status_code == 200
        assert fetched.content == stored["Body"].read()
        assert PillowImage.open(io.BytesIO(fetched.content)).size == (rendition["width"], rendition["height"])


# Submissions while an app server and the worker are killed


def answers(client, number):
    return {
        "prenom": "Lou",
        "nom": f"Martin {client}-{number}",
        "courriel": f"membre-{client}-{number}@exemple.fr",
        "theme_propose": f"Thème {client}-{number}",
        "description": "Mutualiser des navettes entre les tiers-lieux ruraux.",
        "consent": True,
    }


def submit_once(url, key, body):
    """Post one submission until it gets an answer other than a broken connection, 502 or 503."""
    attempts = 0
    started = time.monotonic()
    while time.monotonic() - started < SUBMISSION_SECONDS:
        attempts += 1
        try:
            response = requests.post(url, json=body, headers={"Idempotency-Key": key}, timeout=30)
        except requests.ConnectionError:
            time.sleep(0.2)
            continue
        if response.status_code in (502, 503):
            time.sleep(0.2)
            continue
        created = response.json().get("id") if response.status_code == 201 else None
        return {"status": response.status_code, "id": created, "attempts": attempts, "body": body}
    return {"status": None, "id": None, "attempts": attempts, "body": body}


def submit_while_killing(stack, consultation):
    """CLIENTS threads post their submissions through Varnish; server B is killed at a quarter of
    them and the worker at half, each restarted at once. The answers by key, and the kill times."""
    url = f"{stack.varnish.url}/api/v1/forms/{consultation.pk}/submissions/"
    results = {}
    lock = threading.Lock()

    def client(number):
        for submission in range(SUBMISSIONS_PER_CLIENT):
            key = f"stack-{number}-{submission}-{uuid.uuid4().hex}"
            result = submit_once(url, key, answers(number, submission))
            with lock:
                results[key] = result

    server_b, worker = stack.servers[1], stack.worker
    kills = {}
    with ThreadPoolExecutor(CLIENTS) as pool:
        started = time.monotonic()
        clients = [pool.submit(client, number) for number in range(CLIENTS)]
        for name, process, answered in (
            ("app server B", server_b, SUBMISSIONS // 4),
            ("worker", worker, SUBMISSIONS // 2),
        ):
            wait_until(lambda: len(results) >= answered, SUBMISSION_SECONDS, f"{name} may be killed")  # noqa: B023
            killed_at = time.monotonic() - started
            process.kill()
            process.start_again()
            if process.url:
                process.wait_until_answering("/health/live/")
            kills[name] = (
                f"killed at {killed_at:.1f} s ({len(results)} answered), "
                f"back {time.monotonic() - started - killed_at:.1f} s later"
            )
        for future in clients:
            future.result()
    return results, kills


def check_rows(consultation, results):
    """Every 201 has exactly one row, with what was sent, and nothing else is stored."""
    refused = {key: result["status"] for key, result in results.items() if result["status"] != 201}
    assert refused == {}
    rows = list(Submission.objects.filter(page=consultation).values("pk", "idempotency_key", "form_data"))
    per_key = Counter(row["idempotency_key"] for row in rows)
    assert len(rows) == len(results) == SUBMISSIONS
    assert [key for key, count in per_key.items() if count > 1] == []
    assert set(per_key) == set(results)
    for row in rows:
        sent = results[row["idempotency_key"]]
        assert row["pk"] == sent["id"]
        assert row["form_data"]["theme_propose"] == sent["body"]["theme_propose"]
    assert len({row["form_data"]["theme_propose"] for row in rows}) == SUBMISSIONS


# Mails


def mail_states(consultation):
    """How many mails of the form's submissions are in each (state, attempts)."""
    return Counter(
        MailDelivery.objects.filter(submission__page=consultation).values_list("state", "attempts")
    )


def delivered(consultation):
    """True once every mail of the form's submissions is sent; fails at once on a failed mail."""
    states = Counter(
        MailDelivery.objects.filter(submission__page=consultation).values_list("state", flat=True)
    )
    assert states[MailState.FAILED] == 0, mail_states(consultation)
    return states == Counter({MailState.SENT: 2 * SUBMISSIONS})


def check_mails(consultation, sink):
    """Each submission's notification and acknowledgement arrived exactly once."""
    copies = sink.copies()
    assert {message_id: count for message_id, count in copies.items() if count != 1} == {}
    # Message-IDs name the submission and the kind of mail (pole_forms/tasks.py).
    arrived = {re.match(r"<pole-forms\.(\d+)\.(\w+)@", message_id).groups() for message_id in copies}
    assert arrived == {
        (str(pk), kind)
        for pk in Submission.objects.filter(page=consultation).values_list("pk", flat=True)
        for kind in ("notification", "acknowledgement")
    }
    recipients = Counter(message["To"] for message in sink.messages)
    assert recipients["equipe@exemple.fr"] == SUBMISSIONS
    assert len(recipients) == 1 + SUBMISSIONS


def check_one_job_per_attempt(consultation):
    """Each job that sent a mail made one attempt, but for the one job the killed worker may have
    taken without claiming its mail: recovery never queued a second job for a mail whose job was
    waiting. (Numbers of the jobs run and of the attempts.)"""
    import redis
    from rq.job import Job, JobStatus

    connection = redis.Redis.from_url(RQ_URL)
    ids = [key.decode().split(":")[2] for key in connection.scan_iter("rq:job:*") if key.count(b":") == 2]
    jobs = [job for job in Job.fetch_many(ids, connection=connection) if job is not None]
    run = [
        job
        for job in jobs
        if job.func_name == "pole_forms.tasks.deliver_mail"
        and job.get_status(refresh=False) in {JobStatus.STARTED, JobStatus.FINISHED, JobStatus.FAILED}
    ]
    attempts = sum(
        MailDelivery.objects.filter(submission__page=consultation).values_list("attempts", flat=True)
    )
    assert attempts <= len(run) <= attempts + 1
    return len(run), attempts


# Backup


def check_backup(stack):
    """`manage.py backup` run with the stack's environment holds its database and its bucket.

    tests/pole_site/test_backup.py restores a backup into a fresh database and compares the API's
    answers byte for byte; here the backup is of the stack itself, its media on object storage.
    """
    done = subprocess.run(
        [sys.executable, "manage.py", "backup", str(Path(stack.worker.log_path).parent / "backups")],
        cwd=ROOT,
        env={**os.environ, **database_env(), **stack.env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    folder = Path(done.stdout.strip())
    with tarfile.open(folder / "media.tar") as archive:
        assert set(archive.getnames()) == stack.bucket.keys()
    assert {path.name for path in folder.iterdir()} & {"database.pgdump", "database.sqlite3"}
