"""Many submissions at once to a real multi-process server (gunicorn, 3 workers, on this test run's
database): none is lost, even with mail down, and the throttle accepts exactly its limit, counted in
the database (SQLite or PostgreSQL, whichever the suite runs on) or in Redis."""

import json
import os
import re
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

import pytest

from pole_forms.models import Submission
from tests.factories.forms import ConsultationPageFactory
from tests.ports import free_port
from tests.servers import database_env, gunicorn_command

CLIENTS = 8
SUBMISSIONS_PER_CLIENT = 100
ROOT = Path(__file__).resolve().parents[2]
# The throttle's test: BURST posts at once from one client against a limit of LIMIT per PERIOD seconds.
BURST = 50
LIMIT = 10
PERIOD = 3600


class Answer(NamedTuple):
    status: int
    headers: dict
    body: str


def start_server(extra_env):
    """gunicorn with 3 workers on this test run's database, with `extra_env`; returns (process, url)."""
    port = free_port()
    log = tempfile.TemporaryFile()
    env = {
        **os.environ,
        **database_env(),
        "DJANGO_SETTINGS_MODULE": "pole_site.settings.base",
        "DEBUG": "false",
        "LOG_LEVEL": "CRITICAL",
        **extra_env,
    }
    process = subprocess.Popen(
        gunicorn_command(port, workers=3),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        # A file, not a pipe: a pipe nobody reads would block the workers once full of log lines.
        stderr=log,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base_url}/api/v1/openapi.json", timeout=10)
            return process, base_url
        except OSError:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"the server stopped: {log.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.2)
    stop(process)
    pytest.fail("the server did not start within a minute")


def stop(process):
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def server(unused_tcp_port):
    """A server whose mail server refuses every connection, and that throttles nobody."""
    process, base_url = start_server(
        {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(unused_tcp_port),
            "EMAIL_TIMEOUT": "5",
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "FORMS_THROTTLE": "1000000/60",
        }
    )
    yield base_url
    stop(process)


@pytest.fixture(scope="module", params=["database", "redis"])
def throttling_server(request, django_db_setup):
    """A server throttling at LIMIT posts per PERIOD, counting in the database or in Redis."""
    env = {
        "FORMS_THROTTLE": f"{LIMIT}/{PERIOD}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    if request.param == "redis":
        env["CACHE_URL"] = request.getfixturevalue("redis_url")
    process, base_url = start_server(env)
    yield base_url
    stop(process)


def send(request):
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Answer(response.status, dict(response.headers), response.read().decode())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read().decode())


def post(url, number):
    """A JSON submission to the API, its answers numbered by `number`."""
    body = json.dumps(
        {
            "prenom": "Lou",
            "nom": f"Martin {number}",
            "courriel": f"lou{number}@exemple.fr",
            "theme_propose": f"Proposition {number}",
            "description": "Une proposition envoyée en même temps que beaucoup d'autres.",
            "consent": True,
        }
    ).encode()
    return send(urllib.request.Request(url, body, {"Content-Type": "application/json"}, method="POST"))


def html_poster(page_url, answers):
    """`post(number)`: the HTML form of `page_url` sent with `answers`, by one browser (one CSRF cookie)."""
    with urllib.request.urlopen(page_url, timeout=60) as response:
        cookie = response.headers["Set-Cookie"].split(";")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode())[1]

    def post_form(number):
        body = urlencode({**answers, "nom": f"Martin {number}", "csrfmiddlewaretoken": token}, doseq=True)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        return send(urllib.request.Request(page_url, body.encode(), headers, method="POST"))

    return post_form


def burst(post_one):
    """BURST posts at once."""
    with ThreadPoolExecutor(BURST) as pool:
        return list(pool.map(post_one, range(BURST)))


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_submissions_are_all_stored_once_with_the_mail_server_down(home, server):
    consultation = ConsultationPageFactory(parent=home, slug="consultation")
    url = f"{server}/api/v1/forms/{consultation.pk}/submissions/"

    def client(number):
        return [post(url, number * SUBMISSIONS_PER_CLIENT + i) for i in range(SUBMISSIONS_PER_CLIENT)]

    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = [answer for answers in pool.map(client, range(CLIENTS)) for answer in answers]

    errors = [answer for answer in answers if answer.status != 201]
    assert errors == []
    ids = {json.loads(answer.body)["id"] for answer in answers}
    stored = set(Submission.objects.filter(page=consultation).values_list("pk", flat=True))
    assert len(stored) == CLIENTS * SUBMISSIONS_PER_CLIENT
    assert ids == stored


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_api_posts_accept_exactly_the_limit(home, throttling_server, whole_window):
    consultation = ConsultationPageFactory(parent=home, slug="consultation")
    url = f"{throttling_server}/api/v1/forms/{consultation.pk}/submissions/"
    whole_window(PERIOD, 60)

    answers = burst(lambda number: post(url, number))

    assert Counter(answer.status for answer in answers) == {201: LIMIT, 429: BURST - LIMIT}
    refusals = [answer for answer in answers if answer.status == 429]
    assert all(1 <= int(answer.headers["Retry-After"]) <= PERIOD for answer in refusals)
    assert Submission.objects.filter(page=consultation).count() == LIMIT


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_html_posts_accept_exactly_the_limit(home, throttling_server, answers, whole_window):
    consultation = ConsultationPageFactory(parent=home, slug="consultation")
    whole_window(PERIOD, 60)

    replies = burst(html_poster(f"{throttling_server}{consultation.url}", answers))

    assert Counter(reply.status for reply in replies) == {200: LIMIT, 429: BURST - LIMIT}
    assert all("Merci" in reply.body for reply in replies if reply.status == 200)
    refusals = [reply for reply in replies if reply.status == 429]
    assert all(1 <= int(reply.headers["Retry-After"]) <= PERIOD for reply in refusals)
    assert Submission.objects.filter(page=consultation).count() == LIMIT
