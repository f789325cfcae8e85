"""Production serves its static files itself: `collectstatic` gives hashed, compressed copies that
WhiteNoise answers with far-future cache headers, and gunicorn runs the site from its config file.
"""

import gzip
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.test import override_settings
from whitenoise.compress import Compressor

from tests.factories import MapPageFactory
from tests.ports import free_port
from tests.servers import database_env

ROOT = Path(__file__).resolve().parents[2]
ONE_YEAR = 365 * 24 * 60 * 60
HASHED = r"\.[0-9a-f]{12}\."
STYLESHEET = "pole_pages/css/pole.css"


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """A STATIC_ROOT filled by `collectstatic` with the production storage, served as in production
    while the module's tests run.

    Scripts and source maps are left uncompressed, which is most of collectstatic's time; `make
    check-deploy` runs the whole of it with the production settings.
    """
    root = tmp_path_factory.mktemp("static")
    production = override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        STATIC_ROOT=root,
        WHITENOISE_AUTOREFRESH=False,
        WHITENOISE_SKIP_COMPRESS_EXTENSIONS=(*Compressor.SKIP_COMPRESS_EXTENSIONS, "js", "map"),
    )
    with production:
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def cache_lifetime(response):
    """The max-age of a response's Cache-Control, in seconds, and whether it is immutable."""
    directives = [directive.strip() for directive in response["Cache-Control"].split(",")]
    max_age = next(int(directive[8:]) for directive in directives if directive.startswith("max-age="))
    return max_age, "immutable" in directives


def test_collectstatic_hashes_the_map_scripts_and_their_source_maps(collected_static):
    paths = json.loads((collected_static / "staticfiles.json").read_text())["paths"]

    for script in ("leaflet/leaflet.js", "leaflet.markercluster/leaflet.markercluster.js"):
        hashed_script = collected_static / paths[f"pole_pages/vendor/{script}"]
        hashed_map = Path(paths[f"pole_pages/vendor/{script}.map"])
        assert (collected_static / hashed_map).is_file()
        assert f"sourceMappingURL={hashed_map.name}" in hashed_script.read_text()


def test_pages_link_hashed_static_files(collected_static, client, home):
    map_page = MapPageFactory(parent=home, title="Carte", slug="carte")

    response = client.get(map_page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf"/static/pole_pages/css/pole{HASHED}css", html)
    assert re.search(rf"/static/pole_pages/vendor/leaflet/leaflet{HASHED}js", html)


def test_the_admin_links_hashed_static_files(collected_static, superuser_client):
    response = superuser_client.get("/admin/")

    assert response.status_code == 200
    assert re.search(rf"/static/wagtailadmin/css/core{HASHED}css", response.content.decode())


def test_hashed_static_file_is_cached_for_a_year(collected_static, client):
    response = client.get(static(STYLESHEET))

    assert response.status_code == 200
    max_age, immutable = cache_lifetime(response)
    assert max_age >= ONE_YEAR
    assert immutable


def test_plain_static_name_is_cached_briefly(collected_static, client):
    response = client.get(f"{settings.STATIC_URL}{STYLESHEET}")

    assert response.status_code == 200
    assert cache_lifetime(response) == (60, False)


@pytest.mark.parametrize(("encoding", "decompress"), [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_static_file_answers_compressed_when_asked(collected_static, client, encoding, decompress):
    url = static(STYLESHEET)

    response = client.get(url, HTTP_ACCEPT_ENCODING=encoding)

    assert response["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response["Vary"]
    original = (collected_static / url.removeprefix(settings.STATIC_URL)).read_bytes()
    assert decompress(b"".join(response.streaming_content)) == original


def test_server_error_page_stylesheet_is_served_without_the_manifest(collected_static, client):
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', render_to_string("500.html")).group(1)

    response = client.get(href)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")


# gunicorn


def get(url, **headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        return response.status, response.headers, response.read()


@pytest.fixture
def production_server(collected_static, tmp_path):
    """gunicorn started from the repository's config file, with the production settings of wsgi.py,
    this test run's database and the collected static files; its address."""
    port = free_port()
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    env.update(
        database_env(),
        SECRET_KEY="production-serving-test-" + "k" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(collected_static),
        # Not this run's database cache: what the server caches there would outlive the test's data.
        CACHE_URL="locmem://",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
    )
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as output:
        # From another folder than the repository's: the config file makes the site importable.
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(ROOT / "site" / "gunicorn.conf.py"),
                "pole_site.wsgi",
            ],
            cwd=tmp_path,
            env=env,
            stdout=output,
            stderr=output,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(f"{base_url}/robots.txt")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.mark.concurrency
# Serialized rollback: a test that empties the tables (transaction=True) puts Wagtail's root page back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_gunicorn_serves_pages_and_static_files_with_the_production_settings(production_server, home):
    status, _headers, body = get(f"{production_server}/")

    assert status == 200
    html = body.decode()
    assert f'<link rel="canonical" href="{production_server}/">' in html
    stylesheet = re.search(rf'href="(/static/pole_pages/css/pole{HASHED}css)"', html).group(1)
    status, headers, body = get(f"{production_server}{stylesheet}", **{"Accept-Encoding": "br"})
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    assert "immutable" in headers["Cache-Control"]
    assert brotli.decompress(body).startswith(b"/* P\xc3\xb4le")
