"""Browser tests: Debian's Chromium, driven by Playwright, on a real server holding the demo content.

The server runs in a subprocess (`manage.py runserver --noreload --insecure`, so static and media
files are served) on a free port of 127.0.0.1, with its own database: a temporary SQLite file, or a
fresh `pole_browser_<pid>` database on the PostgreSQL server of DATABASE_URL, dropped at the end.
pytest-django's test database is never touched. The database gets the migrations, the cache table,
an administrator with a known password (for admin screenshots) and `manage.py load_demo`.

Without /usr/bin/chromium, node_modules/axe-core or Playwright the tests are skipped, unless
POLE_BROWSER_TESTS=required (set by `.ci/run`): then they fail. Screenshots go to
POLE_SCREENSHOTS_DIR (default `<tmp>/pole-screenshots/`); the run ends by naming that folder.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "browser-tests-admin"
# The map's tile server is on the Internet, out of reach here: the tests point it at a closed port.
UNREACHABLE_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"
SERVER_START_SECONDS = 60

SCREENSHOTS_DIR = Path(
    os.environ.get("POLE_SCREENSHOTS_DIR") or Path(tempfile.gettempdir()) / "pole-screenshots"
)

# What the run reports at the end (see pytest_terminal_summary).
screenshots_taken = []
axe_notes = []


# Requirements and ordering


def missing_requirements():
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Debian's Chromium at {CHROMIUM} (`make browser`)")
    if not AXE.exists():
        missing.append(f"axe-core at {AXE.relative_to(ROOT)} (`npm ci` or `make browser`)")
    if find_spec("playwright") is None:
        missing.append("the playwright Python package (`pip install -e '.[test]'`)")
    return missing


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: while Playwright's sync API is started, its event loop runs in the main
    thread, and Django refuses ORM calls (SynchronousOnlyOperation) in the tests that would follow."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def browser_requirements():
    missing = missing_requirements()
    if missing:
        reason = "browser tests need " + ", ".join(missing)
        if os.environ.get("POLE_BROWSER_TESTS") == "required":
            pytest.fail(f"{reason} (POLE_BROWSER_TESTS=required)", pytrace=False)
        pytest.skip(reason)


# The server and its own database


class SqliteDatabase:
    def __init__(self, workdir):
        self.path = workdir / "browser.sqlite3"
        self.env = {"DATABASE_URL": "", "SQLITE_PATH": str(self.path)}

    def create(self):
        pass

    def drop(self):
        pass  # the temporary folder goes with it

    def fetch_all(self, sql, params=()):
        with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=20) as connection:
            return connection.execute(sql.replace("%s", "?"), params).fetchall()


class PostgresDatabase:
    """A database of its own on the PostgreSQL server of DATABASE_URL, created and dropped here."""

    def __init__(self, url):
        import dj_database_url

        config = dj_database_url.parse(url)
        self.name = f"pole_browser_{os.getpid()}"
        self.server = {
            "host": config.get("HOST") or "localhost",
            "port": config.get("PORT") or 5432,
            "user": config.get("USER") or None,
            "password": config.get("PASSWORD") or None,
        }
        self.env = {"DATABASE_URL": urlsplit(url)._replace(path=f"/{self.name}").geturl()}

    def _run(self, statement, name=None):
        import psycopg
        from psycopg import sql

        # Statements about a database are run from the server's maintenance database, never `test`.
        with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as connection:
            cursor = connection.execute(sql.SQL(statement).format(sql.Identifier(name or self.name)))
            return cursor.fetchall() if cursor.description else []

    def create(self):
        self.drop_leftovers()
        self._run("DROP DATABASE IF EXISTS {}")
        self._run("CREATE DATABASE {}")

    def drop_leftovers(self):
        """Drop the databases of earlier runs that were killed before they could drop their own."""
        rows = self._run("SELECT datname FROM pg_database WHERE starts_with(datname, 'pole_browser_')")
        for (name,) in rows:
            pid = name.rsplit("_", 1)[1]
            if pid.isdigit() and not process_is_alive(int(pid)):
                self._run("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)

    def drop(self):
        self._run("DROP DATABASE IF EXISTS {} WITH (FORCE)")

    def fetch_all(self, sql, params=()):
        import psycopg

        with psycopg.connect(dbname=self.name, **self.server) as connection:
            return connection.execute(sql, params).fetchall()


def process_is_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def own_database(workdir):
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return PostgresDatabase(url)
    return SqliteDatabase(workdir)


class DemoServer:
    """The running server: its address, its administrator and read access to its database."""

    def __init__(self, url, database, log_path):
        self.url = url
        self.database = database
        self.log_path = log_path
        self.admin_email = ADMIN_EMAIL
        self.admin_password = ADMIN_PASSWORD

    def fetch_all(self, sql, params=()):
        """Rows of a query on the server's database (`%s` placeholders), e.g. to find a stored submission."""
        return self.database.fetch_all(sql, params)

    def log_tail(self, characters=3000):
        return self.log_path.read_text(errors="replace")[-characters:]


def server_env(database, base_url, workdir):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SQLITE_PATH", "SQLITE_TEST_PATH", "CACHE_URL"}
    }
    env.update(database.env)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "pole_site.settings.base",
            "DEBUG": "true",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BASE_URL": base_url,
            "CACHE_URL": "locmem://",
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            # Mails are written to the server's log, where a test reads them (test_member_walk.py).
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "WEBHOOK_URLS": "",
            "PREVIEW_URL": "",
            "FORMS_THROTTLE": "1000/60",
            "MEDIA_ROOT": str(workdir / "media"),
            "STATIC_ROOT": str(workdir / "static"),
            "POLE_MAP_TILE_URL": UNREACHABLE_TILES,
            "MAP_TILE_URL": UNREACHABLE_TILES,
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
        }
    )
    return env


PREPARE = (
    "from django.core.management import call_command as run\n"
    "run('migrate', interactive=False, verbosity=0)\n"
    "run('createcachetable')\n"
    f"run('createsuperuser', interactive=False, username={ADMIN_USERNAME!r}, email={ADMIN_EMAIL!r})\n"
    "run('load_demo')\n"
)


class DemoSite:
    """The server's life: its database prepared in the background, then served, then dropped.

    Preparing (migrations, the administrator, the demo content) takes most of the time; it starts
    as soon as the collection holds a browser test, so that it overlaps the tests that run before.
    """

    def __init__(self):
        self.workdir = Path(tempfile.mkdtemp(prefix="pole-browser-"))
        self.log_path = self.workdir / "server.log"
        self.log = self.log_path.open("w")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database = own_database(self.workdir)
        self.env = None
        self.preparation = None
        self.process = None
        self.error = None
        try:
            self.database.create()
            self.env = server_env(self.database, self.url, self.workdir)
            # Migrations, cache table, the administrator, then the demo content (which keeps that account).
            self.preparation = subprocess.Popen(
                [sys.executable, "manage.py", "shell", "--no-imports", "-c", PREPARE],
                cwd=ROOT,
                env=self.env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
        except Exception as error:  # reported by the `server` fixture, in the tests that need it
            self.error = f"creating the browser-test database failed: {error!r}"

    def log_tail(self, characters=3000):
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-characters:]

    def serve(self):
        """Wait for the preparation, start the server and wait until it answers; a DemoServer."""
        if self.error:
            pytest.fail(self.error, pytrace=False)
        if self.process is None:
            try:
                returncode = self.preparation.wait(timeout=600)
            except subprocess.TimeoutExpired:
                returncode = "a timeout"
            if returncode != 0:
                self.error = f"preparing the demo database failed ({returncode}):\n{self.log_tail()}"
                pytest.fail(self.error, pytrace=False)
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "runserver",
                    "--noreload",
                    "--insecure",
                    "--skip-checks",
                    f"127.0.0.1:{self.port}",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
            self.wait_until_serving()
        return DemoServer(self.url, self.database, self.log_path)

    def wait_until_serving(self):
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.error = f"the browser-test server stopped:\n{self.log_tail()}"
                pytest.fail(self.error, pytrace=False)
            try:
                with urllib.request.urlopen(f"{self.url}/", timeout=10):
                    return
            except urllib.error.HTTPError as error:
                self.error = (
                    f"the browser-test server answers {error.code} at {self.url}/:\n{self.log_tail()}"
                )
                pytest.fail(self.error, pytrace=False)
            except OSError:
                time.sleep(0.2)
        self.error = f"the browser-test server did not answer within {SERVER_START_SECONDS} s"
        pytest.fail(self.error, pytrace=False)

    def stop(self):
        for process in (self.preparation, self.process):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.log.close()
        try:
            self.database.drop()
        except Exception as error:
            print(f"could not drop the browser-test database: {error!r}", file=sys.stderr)
        shutil.rmtree(self.workdir, ignore_errors=True)


demo_site = None


def pytest_collection_finish(session):
    global demo_site
    if session.config.option.collectonly or missing_requirements():
        return
    if any(item.get_closest_marker("browser") for item in session.items):
        demo_site = DemoSite()


def pytest_sessionfinish(session):
    global demo_site
    if demo_site is not None:
        demo_site, site = None, demo_site
        site.stop()


@pytest.fixture(scope="session")
def server(browser_requirements):
    """The demo site served at http://127.0.0.1:<free port> from a database of its own."""
    global demo_site
    if demo_site is None:  # a collection that did not start it (run from another directory's hooks)
        demo_site = DemoSite()
    return demo_site.serve()


# Playwright


@pytest.fixture(scope="session")
def browser(browser_requirements):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


def open_page(browser, server, **options):
    """A page in a fresh French context, under the site's Content-Security-Policy; requests leaving
    127.0.0.1 are refused, as offline, and listed in `page.outside_requests`."""
    context = browser.new_context(
        base_url=server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 1280, "height": 900},
        **options,
    )
    context.set_default_timeout(10_000)
    outside_requests = []

    def refuse(route):
        outside_requests.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/])"), refuse)
    page = context.new_page()
    page.outside_requests = outside_requests
    # Uncaught JavaScript errors, for the tests to assert there are none.
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    # What the Content-Security-Policy blocked, on any page of the context: Chromium reports each
    # violation on the console, with JavaScript disabled too (a `securitypolicyviolation` listener
    # would need it).
    page.csp_violations = []
    context.on("console", lambda message: record_csp_violation(page.csp_violations, message))
    return context, page


def record_csp_violation(violations, message):
    if "Content Security Policy" in message.text:
        violations.append(f"{message.page.url if message.page else '?'}: {message.text}")


def close_page(context, page):
    """Close the context, then fail the test if a page it showed broke the Content-Security-Policy."""
    context.close()
    assert page.csp_violations == [], "Content-Security-Policy violations:\n" + "\n".join(page.csp_violations)


@pytest.fixture
def page(browser, server):
    context, page = open_page(browser, server)
    yield page
    close_page(context, page)


@pytest.fixture
def page_without_js(browser, server):
    context, page = open_page(browser, server, java_script_enabled=False)
    yield page
    close_page(context, page)


@pytest.fixture
def admin_page(browser, server):
    """A page signed in to the Wagtail admin as the demo administrator (for admin screenshots).

    The admin signs in through the site's account page (allauth), by email.
    """
    context, page = open_page(browser, server)
    page.goto("/admin/")
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(server.admin_email)
    form.locator("input[name=password]").fill(server.admin_password)
    form.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    yield page
    close_page(context, page)


# Screenshots stop at this height (the map page's list of places is over 11,000 px long).
SCREENSHOT_MAX_HEIGHT = 4000
# How much taller than the window a page's own scrolling area is: Wagtail's admin scrolls its <main>,
# not the document, so a full-page screenshot would stop at the window's height.
INNER_SCROLL_EXTRA = """() => {
    let extra = 0;
    for (const element of document.querySelectorAll("body *")) {
        if (element.clientHeight < window.innerHeight / 2) continue;
        if (!/(auto|scroll)/.test(getComputedStyle(element).overflowY)) continue;
        extra = Math.max(extra, element.scrollHeight - element.clientHeight);
    }
    return extra;
}"""


@pytest.fixture
def screenshot():
    """screenshot(page, name): a full-page PNG in SCREENSHOTS_DIR, at most SCREENSHOT_MAX_HEIGHT
    pixels high; a page scrolling inside an element (the admin) is shown whole too. Returns its path."""

    def take(page, name):
        SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS_DIR / f"{name}.png"
        viewport = page.viewport_size
        extra = page.evaluate(INNER_SCROLL_EXTRA)
        if extra > 0:
            height = min(viewport["height"] + extra, SCREENSHOT_MAX_HEIGHT)
            page.set_viewport_size({"width": viewport["width"], "height": height})
        try:
            height = page.evaluate("document.documentElement.scrollHeight")
            clip = None
            if height > SCREENSHOT_MAX_HEIGHT:
                clip = {"x": 0, "y": 0, "width": viewport["width"], "height": SCREENSHOT_MAX_HEIGHT}
            page.screenshot(path=str(path), full_page=True, clip=clip)
        finally:
            if extra > 0:
                page.set_viewport_size(viewport)
        screenshots_taken.append(path)
        return path

    return take


class Violations(list):
    """axe-core violations of one page; `blocking` are the serious and critical ones."""

    def __init__(self, violations, url):
        super().__init__(violations)
        self.url = url

    @property
    def blocking(self):
        return [violation for violation in self if violation["impact"] in BLOCKING_IMPACTS]

    @property
    def others(self):
        return [violation for violation in self if violation["impact"] not in BLOCKING_IMPACTS]

    def describe(self, violations=None):
        lines = []
        for violation in self if violations is None else violations:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            more = len(violation["nodes"]) - 5
            lines.append(
                f"{violation['id']} ({violation['impact']}) on {self.url}: {violation['help']} — {targets}"
                + (f" and {more} more" if more > 0 else "")
            )
        return "\n".join(lines)


@pytest.fixture
def axe_check():
    """axe_check(page): runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page; returns its Violations.

    Minor and moderate ones are printed and listed at the end of the run; the tests assert that
    `violations.blocking` is empty.
    """

    def check(page):
        # Evaluated by the browser's debugging protocol: a <script> tag would break the page's CSP.
        page.evaluate(AXE.read_text())
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        violations = Violations(results["violations"], page.url)
        if violations.others:
            print(violations.describe(violations.others))
            axe_notes.append(violations.describe(violations.others))
        return violations

    return check


def pytest_terminal_summary(terminalreporter):
    if axe_notes:
        terminalreporter.write_sep("-", "axe-core: minor and moderate violations (not failing)")
        for note in axe_notes:
            terminalreporter.write_line(note)
    if screenshots_taken:
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(f"{len(set(screenshots_taken))} screenshots in {SCREENSHOTS_DIR}")
