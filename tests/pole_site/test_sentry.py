"""Errors reach Sentry when SENTRY_DSN is set, without personal data.

The site runs in a subprocess (settings read SENTRY_DSN once, at start) and reports to a small HTTP
server on 127.0.0.1 standing for Sentry, which keeps the envelopes it receives.
"""

import gzip
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {
    "email": "ana.secret@example.org",
    "cookie": "cookie-secret-value",
    "authorization": "Bearer header-secret-value",
}

# Through Django's WSGI handler, as under gunicorn, a view fails while a signed-in member with an
# e-mail address is on the request. The secrets come from the environment: Sentry reports argv.
FAILING_REQUEST = """
import io, os, sys, types, wsgiref.util
import sentry_sdk
from django.contrib.auth.models import User
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponseServerError
from django.test import override_settings
from django.urls import path

def fail(request):
    request.user = User(username="ana", email=os.environ["SECRET_EMAIL"])
    raise RuntimeError("the view failed")

urls = types.ModuleType("failing_urls")
urls.urlpatterns = [path("fail/", fail)]
urls.handler500 = lambda request: HttpResponseServerError("error")
sys.modules["failing_urls"] = urls
environ = {
    "PATH_INFO": "/fail/",
    "HTTP_HOST": "testserver",
    "HTTP_COOKIE": "sessionid=" + os.environ["SECRET_COOKIE"],
    "HTTP_AUTHORIZATION": os.environ["SECRET_AUTHORIZATION"],
    "wsgi.input": io.BytesIO(),
}
wsgiref.util.setup_testing_defaults(environ)
statuses = []
with override_settings(ROOT_URLCONF="failing_urls"):
    b"".join(get_wsgi_application()(environ, lambda status, headers: statuses.append(status)))
assert statuses == ["500 Internal Server Error"], statuses
sentry_sdk.flush(timeout=10)
"""


class SentryStandIn(http.server.ThreadingHTTPServer):
    """Keeps the body of every envelope posted to it, decompressed."""

    def __init__(self, port):
        super().__init__(("127.0.0.1", port), EnvelopeHandler)
        self.envelopes = []


class EnvelopeHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.server.envelopes.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def envelope_items(envelope):
    """(item header, payload) pairs of a Sentry envelope: a header line, then items with a header each."""
    lines = envelope.split(b"\n")
    items, index = [], 1
    while index < len(lines) and lines[index]:
        header = json.loads(lines[index])
        payload = lines[index + 1]
        if "length" in header:
            # A payload holding newlines: take exactly `length` bytes after the item header.
            start = len(b"\n".join(lines[: index + 1])) + 1
            payload = envelope[start : start + header["length"]]
            index = envelope[: start + header["length"]].count(b"\n") + 1
        else:
            index += 2
        items.append((header, payload))
    return items


@pytest.fixture
def sentry():
    server = SentryStandIn(free_port())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def run_failing_request(sentry, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pole_site.settings.base",
        "DEBUG": "false",
        "DATABASE_URL": "",
        "SQLITE_PATH": str(tmp_path / "unused.sqlite3"),
        "CACHE_URL": "locmem://",
        "SENTRY_DSN": f"http://publickey@127.0.0.1:{sentry.server_address[1]}/1",
        "SENTRY_ENVIRONMENT": "ci",
        "SENTRY_RELEASE": "pole@1.2.3",
        "LOG_LEVEL": "CRITICAL",
        **{f"SECRET_{name.upper()}": value for name, value in SECRETS.items()},
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", FAILING_REQUEST],
        cwd=ROOT,
        env=env,
        timeout=120,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_a_failing_view_sends_one_event_to_sentry_without_personal_data(sentry, tmp_path):
    run_failing_request(sentry, tmp_path)

    events = [
        json.loads(payload)
        for envelope in sentry.envelopes
        for header, payload in envelope_items(envelope)
        if header["type"] == "event"
    ]
    assert len(events) == 1
    [event] = events
    [exception] = event["exception"]["values"]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "the view failed")
    assert (event["environment"], event["release"]) == ("ci", "pole@1.2.3")
    assert event["request"]["url"] == "http://testserver/fail/"
    # No cookie, credentials, user nor client address.
    assert "cookies" not in event["request"] and "REMOTE_ADDR" not in event["request"]["env"]
    assert (
        event["request"]["headers"]["Cookie"] == event["request"]["headers"]["Authorization"] == "[Filtered]"
    )
    assert "user" not in event
    for envelope in sentry.envelopes:
        for secret in SECRETS.values():
            assert secret.encode() not in envelope
