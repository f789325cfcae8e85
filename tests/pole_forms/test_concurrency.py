"""Many members submitting at once to a real multi-process server lose nothing, even with mail down."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from pole_forms.models import Submission
from tests.factories.forms import ConsultationPageFactory
from tests.ports import free_port

CLIENTS = 8
SUBMISSIONS_PER_CLIENT = 100
ROOT = Path(__file__).resolve().parents[2]


def database_env():
    """Environment pointing the server at the database of this test run."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return {"SQLITE_PATH": settings["NAME"], "DATABASE_URL": ""}
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return {
        "DATABASE_URL": f"postgres://{settings['USER']}{password}@{settings['HOST'] or 'localhost'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    }


@pytest.fixture
def server(unused_tcp_port):
    port = free_port()
    env = {
        **os.environ,
        **database_env(),
        "DJANGO_SETTINGS_MODULE": "pole_site.settings.base",
        "DEBUG": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(unused_tcp_port),
        "EMAIL_TIMEOUT": "5",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "FORMS_THROTTLE": "1000000/60",
        "LOG_LEVEL": "CRITICAL",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "3",
            "--bind",
            f"127.0.0.1:{port}",
            "--pythonpath",
            f"{ROOT / 'site'},{ROOT}",
            "--timeout",
            "60",
            "pole_site.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base_url}/api/v1/openapi.json", timeout=10)
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"the server stopped: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    else:
        process.terminate()
        pytest.fail("the server did not start within a minute")
    yield base_url
    process.terminate()
    process.wait(timeout=30)


def post(url, number):
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
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_submissions_are_all_stored_once_with_the_mail_server_down(home, server):
    consultation = ConsultationPageFactory(parent=home, slug="consultation")
    url = f"{server}/api/v1/forms/{consultation.pk}/submissions/"

    def client(number):
        return [post(url, number * SUBMISSIONS_PER_CLIENT + i) for i in range(SUBMISSIONS_PER_CLIENT)]

    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = [answer for answers in pool.map(client, range(CLIENTS)) for answer in answers]

    errors = [answer for answer in answers if answer[0] != 201]
    assert errors == []
    ids = {body["id"] for _status, body in answers}
    stored = set(Submission.objects.filter(page=consultation).values_list("pk", flat=True))
    assert len(stored) == CLIENTS * SUBMISSIONS_PER_CLIENT
    assert ids == stored
