"""Real processes of the scaled-out stack for its tests, each on a free port of 127.0.0.1.

- `s3_server`: an S3-compatible server (moto's server mode, from PyPI), one for the session, and
  `s3_bucket`, a fresh bucket of it for one test.
- `app_servers`: gunicorn app servers with the base settings on this test run's database, for a
  module (its tests commit their data: `django_db(transaction=True, serialized_rollback=True)`).
- `admin_session`: a signed-in browser of the Wagtail admin over HTTP, posting forms with their token.
- `start_varnish`: Varnish (Debian's varnishd) with the repository's VCL in front of app servers.

A server that cannot start skips its tests with the reason, unless POLE_STACK_TESTS=required (set by
`.ci/run`): then they fail. A server's output goes to a log file whose end is shown when it fails.
"""

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.ports import free_port
from tests.servers import database_env, gunicorn_command

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 60
STOP_SECONDS = 10
S3_ACCESS_KEY = "pole-test-key"
S3_SECRET_KEY = "pole-test-secret"


def require(reason):
    """Skip the calling test or fixture for `reason`, or fail it under POLE_STACK_TESTS=required."""
    if os.environ.get("POLE_STACK_TESTS") == "required":
        pytest.fail(f"{reason} (POLE_STACK_TESTS=required)", pytrace=False)
    pytest.skip(reason)


class ServerProcess:
    """A server at `url` started in a subprocess, its output in `log_path`; `stop()` ends it."""

    def __init__(self, name, url, command, log_path, env=None):
        self.name = name
        self.url = url
        self.log_path = log_path
        self.command = command
        self.env = env
        self._start("w")

    def _start(self, log_mode):
        self._log = self.log_path.open(log_mode)
        # Its own process group: `kill()` reaches the processes it starts (gunicorn's workers, RQ's).
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self):
        """SIGKILL to the server and every process it started, as a crash or `kill -9` of its group."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_SECONDS)
        self._log.close()

    def start_again(self):
        """Start the same command again (same address), its output added to the same log."""
        self._start("a")

    def log_tail(self, characters=3000):
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(errors="replace")[-characters:]

    def wait_until_answering(self, path, on_failure=pytest.fail):
        """Wait until `path` answers with any HTTP status; if the server stops or stays silent,
        `on_failure` is called with the reason (a failure, or `require` where it may be skipped)."""
        url = f"{self.url}{path}"
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                on_failure(f"{self.name} stopped at start:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(url, timeout=5):
                    return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        on_failure(f"{self.name} did not answer {url} within {START_SECONDS} s:\n{self.log_tail()}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


# Object storage


class S3Server:
    """moto's S3 server: its address, keys, a boto3 client, and the variables that point a site at it."""

    def __init__(self, endpoint_url):
        self.endpoint_url = endpoint_url

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id=S3_ACCESS_KEY,
            aws_secret_access_key=S3_SECRET_KEY,
        )

    def bucket(self, name):
        """A new bucket called `name`."""
        return Bucket(self, name)

    def env(self, bucket):
        """The AWS_* variables of the README that store a site's media in `bucket` of this server."""
        return {
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_ACCESS_KEY_ID": S3_ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": S3_SECRET_KEY,
        }


@pytest.fixture(scope="session")
def s3_packages():
    """The packages of the S3 tests: moto's server, boto3 and django-storages (the `test` extra)."""
    missing = [name for name in ("moto", "flask", "boto3", "storages") if find_spec(name) is None]
    if missing:
        require(f"the S3 tests need {', '.join(missing)} (`pip install -e '.[test]'`)")


@pytest.fixture(scope="session")
def s3_server(s3_packages, tmp_path_factory):
    """moto in server mode (`python -m moto.server`), a separate process, for the whole session."""
    port = free_port()
    server = ServerProcess(
        "the S3 server (moto)",
        f"http://127.0.0.1:{port}",
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        tmp_path_factory.mktemp("s3") / "moto.log",
    )
    server.wait_until_answering("/", on_failure=require)
    yield S3Server(server.url)
    server.stop()


class Bucket:
    """A new bucket of the S3 server, read with boto3 as an operator would."""

    def __init__(self, server, name):
        self.server = server
        self.name = name
        self.client = server.client()
        self.client.create_bucket(Bucket=name)

    def keys(self):
        listing = self.client.list_objects_v2(Bucket=self.name)
        return {item["Key"] for item in listing.get("Contents", [])}

    def is_public(self, key):
        """Whether the object's ACL lets anyone read it."""
        grants = self.client.get_object_acl(Bucket=self.name, Key=key)["Grants"]
        return any(
            grant["Grantee"].get("URI") == "http://acs.amazonaws.com/groups/global/AllUsers"
            and grant["Permission"] in {"READ", "FULL_CONTROL"}
            for grant in grants
        )

    def env(self):
        return self.server.env(self.name)

    def empty(self):
        for key in self.keys():
            self.client.delete_object(Bucket=self.name, Key=key)


@pytest.fixture
def s3_bucket(s3_server):
    """A new, empty bucket of the S3 server."""
    return s3_server.bucket(f"pole-media-{uuid.uuid4().hex[:12]}")


# App servers


@pytest.fixture(scope="module")
def app_servers(django_db_setup, tmp_path_factory):
    """`app_servers.start(**env)`: a gunicorn app server (base settings, 2 workers, each with its own
    memory cache) on this test run's database, `env` added to its environment; a ServerProcess. The
    servers run until the end of the module; its tests commit what the servers must see
    (`django_db(transaction=True, serialized_rollback=True)`)."""
    if find_spec("gunicorn") is None:
        require("the stack tests need gunicorn (`pip install -e '.[test]'`)")
    servers = AppServers(tmp_path_factory.mktemp("app"))
    yield servers
    servers.stop()


class AppServers:
    def __init__(self, log_dir):
        self.log_dir = log_dir
        self.started = []

    def start(self, **env):
        port = free_port()
        server_env = {
            **os.environ,
            **database_env(),
            "DJANGO_SETTINGS_MODULE": "pole_site.settings.base",
            "DEBUG": "false",
            "CACHE_URL": "locmem://",
            "POLE_API_SERVER_CACHE_SECONDS": "0",
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "WEBHOOK_URLS": "",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        server = ServerProcess(
            f"the app server on port {port}",
            f"http://127.0.0.1:{port}",
            gunicorn_command(port, workers=2),
            self.log_dir / f"app-{port}.log",
            env=server_env,
        )
        self.started.append(server)
        # A probe rather than a page: a page would cache the site root paths before the test makes its site.
        server.wait_until_answering("/health/live/")
        return server

    def stop(self):
        for server in self.started:
            server.stop()


class AdminSession:
    """A browser signed in to the Wagtail admin of `base_url`, over HTTP (requests), through the site's
    account page (the admin signs in there, by email)."""

    def __init__(self, base_url, email, password):
        import requests

        self.base_url = base_url
        self.http = requests.Session()
        response = self.post_form("/compte/login/", {"login": email, "password": password})
        assert response.status_code == 302, f"signing in as {email} answered {response.status_code}"

    def get(self, path, **options):
        return self._kept(self.http.get(f"{self.base_url}{path}", timeout=30, **options))

    def post_form(self, path, data, files=None):
        """Open the form at `path` (for its CSRF cookie), then post `data` and `files` to it; the answer
        is not followed, so a saved form shows as its 302."""
        self.get(path)
        response = self.http.post(
            f"{self.base_url}{path}",
            data={**data, "csrfmiddlewaretoken": self.http.cookies["csrftoken"]},
            files=files,
            headers={"Referer": f"{self.base_url}{path}"},
            timeout=60,
            allow_redirects=False,
        )
        return self._kept(response)

    def _kept(self, response):
        # Like a browser, for which http://127.0.0.1 is a secure context, send the Secure cookies of
        # the production settings back over plain HTTP.
        for cookie in self.http.cookies:
            cookie.secure = False
        return response


@pytest.fixture
def admin_session():
    """admin_session(server, email, password): an AdminSession signed in to the admin of `server`."""
    return lambda server, email, password: AdminSession(server.url, email, password)


# Varnish

VCL = ROOT / "site" / "varnish" / "pole.vcl"
BACKENDS_VCL = VCL.with_name("pole-backends.vcl")


class Answer:
    """One HTTP answer through Varnish: `status`, `headers` (any case), `text`; `hit` when it came from the cache."""

    def __init__(self, response):
        self.status = response.status
        self.headers = response.headers
        self.text = response.read().decode(errors="replace")

    @property
    def hit(self):
        # Varnish names the request, and on a hit the request that stored the object too.
        return len(self.headers["X-Varnish"].split()) == 2


class Varnish(ServerProcess):
    """A running varnishd; `request()` sends a request through it."""

    def request(self, method, path, host="localhost", headers=None, body=None, source_address="127.0.0.1"):
        """`method path` with `Host: host`, sent from `source_address` (any 127.x.y.z); an Answer."""
        address = urlsplit(self.url)
        connection = http.client.HTTPConnection(
            address.hostname, address.port, timeout=30, source_address=(source_address, 0)
        )
        try:
            connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
            return Answer(connection.getresponse())
        finally:
            connection.close()

    def get(self, path, **options):
        return self.request("GET", path, **options)


def find_varnishd():
    """The path of Debian's varnishd (in /usr/sbin, often outside a user's PATH), or None."""
    return shutil.which("varnishd", path=f"{os.environ.get('PATH', '')}:/usr/sbin")


def varnish_command(varnishd, port, app_ports, workdir):
    """The command line of varnishd with site/varnish/pole.vcl on 127.0.0.1:`port`, in front of the
    app servers on `app_ports` in turn, through a copy of site/varnish/pole-backends.vcl written to
    `workdir` with their ports (the instance's files go there too)."""
    ports = list(app_ports)
    template = BACKENDS_VCL.read_text()
    assert len(re.findall(r'\.port = "\d+";', template)) == len(ports), "one app server per backend"
    backends = re.sub(r'\.port = "\d+";', lambda _match: f'.port = "{ports.pop(0)}";', template)
    (workdir / BACKENDS_VCL.name).write_text(backends)
    return [
        varnishd,
        "-F",
        # No privilege separation: run as this user, who can read the temporary files.
        "-j",
        "none",
        "-a",
        f"127.0.0.1:{port}",
        "-f",
        str(VCL),
        "-p",
        f"vcl_path={workdir}",
        "-n",
        str(workdir / "instance"),
        "-s",
        "malloc,32m",
    ]


@pytest.fixture(scope="module")
def start_varnish(tmp_path_factory):
    """start_varnish(*app_servers, port=None): varnishd with site/varnish/pole.vcl in front of the app
    servers (anything with a `url`), in turn, through a copy of site/varnish/pole-backends.vcl with
    their ports, listening on `port` (default: a free one); a Varnish, running until the end of the
    module."""
    varnishd = find_varnishd()
    if varnishd is None:
        require("the Varnish tests need varnishd (Debian's `varnish` package)")
    started = []

    def start(*app_servers, port=None):
        port = port or free_port()
        workdir = tmp_path_factory.mktemp("varnish")
        ports = [urlsplit(server.url).port for server in app_servers]
        varnish = Varnish(
            "Varnish",
            f"http://127.0.0.1:{port}",
            varnish_command(varnishd, port, ports, workdir),
            workdir / "varnishd.log",
        )
        started.append(varnish)
        varnish.wait_until_answering("/health/live/")
        return varnish

    yield start
    for varnish in started:
        varnish.stop()
