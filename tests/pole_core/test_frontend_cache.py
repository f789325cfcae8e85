"""The cache in front is told what each change made stale: PURGE per page URL, one BAN per signal.

A small HTTP server on 127.0.0.1 stands for Varnish and records what it is sent; tests/stack/
test_varnish.py runs the same purges against a real Varnish.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pole_core.content import content_batch
from tests.factories import ChantierPageFactory, PlaceFactory
from tests.ports import free_port

pytestmark = pytest.mark.django_db

API_BANS = {("BAN", "/api/v1/"), ("BAN", "/api/v2/")}
SITE_PATHS = {("PURGE", "/sitemap.xml"), ("PURGE", "/flux/evenements.rss"), ("PURGE", "/flux/ressources.rss")}
EVERYTHING = [("BAN", "/")]


class FrontendCache:
    """Stands for Varnish: records each PURGE and BAN as (method, path), with the Host of each PURGE."""

    def __init__(self):
        self.requests = []
        self.hosts = set()
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def record(self):
                recorder.requests.append((self.command, self.path))
                if self.command == "PURGE":
                    recorder.hosts.add(self.headers["Host"])
                self.send_response(200)
                self.end_headers()

            do_PURGE = do_BAN = record

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True).start()


@pytest.fixture
def frontend_cache(settings):
    cache = FrontendCache()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "pole_core.frontend_cache.VarnishBackend", "LOCATION": cache.url}
    }
    yield cache
    cache.server.shutdown()
    cache.server.server_close()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the transaction's commit, as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def chantier(chantier_index):
    return ChantierPageFactory(parent=chantier_index, title="Covoiturage", slug="covoiturage")


def test_publishing_purges_the_page_its_ancestors_and_the_site_paths_and_bans_the_api(
    chantier, frontend_cache, committed
):
    chantier.title = "Covoiturage rural"
    with committed():
        chantier.save_revision().publish()

    assert set(frontend_cache.requests) == {
        ("PURGE", "/chantiers/covoiturage/"),
        ("PURGE", "/chantiers/"),
        ("PURGE", "/"),
        *SITE_PATHS,
        *API_BANS,
    }
    assert len(frontend_cache.requests) == len(set(frontend_cache.requests))
    assert frontend_cache.hosts == {"localhost"}


def test_unpublishing_purges_the_page(chantier, frontend_cache, committed):
    with committed():
        chantier.unpublish()

    assert ("PURGE", "/chantiers/covoiturage/") in frontend_cache.requests
    assert API_BANS <= set(frontend_cache.requests)


def test_nothing_is_sent_before_the_transaction_commits(chantier, frontend_cache, committed):
    with committed() as callbacks:
        chantier.save_revision().publish()
        assert frontend_cache.requests == []

    assert callbacks
    assert frontend_cache.requests


def test_a_batch_purges_each_page_once_and_bans_once(chantier_index, frontend_cache, committed):
    with committed(), content_batch():
        for slug in ("covoiturage", "navettes", "velos"):
            ChantierPageFactory(parent=chantier_index, title=slug.capitalize(), slug=slug)

    requests = frontend_cache.requests
    assert sorted(path for method, path in requests if method == "BAN") == ["/api/v1/", "/api/v2/"]
    assert {path for method, path in requests if path.startswith("/chantiers/")} == {
        "/chantiers/",
        "/chantiers/covoiturage/",
        "/chantiers/navettes/",
        "/chantiers/velos/",
    }
    assert len(requests) == len(set(requests))


def test_a_page_of_the_menu_level_bans_everything(chantier_index, frontend_cache, committed):
    # The pages right under the home page make the menu of every page.
    with committed():
        chantier_index.save_revision().publish()

    assert frontend_cache.requests == EVERYTHING


def test_moving_a_page_bans_everything(chantier, home, frontend_cache, committed):
    # Its old address, and those of the pages under it, are not known any more.
    with committed():
        chantier.move(home, pos="last-child")

    assert frontend_cache.requests == EVERYTHING


def test_any_other_record_bans_everything(home, frontend_cache, committed):
    # A place, a person or the network settings may show on any page.
    with committed():
        PlaceFactory()

    assert frontend_cache.requests == EVERYTHING


def test_an_unreachable_cache_never_fails_the_publication(chantier, committed, settings, caplog):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "pole_core.frontend_cache.VarnishBackend",
            "LOCATION": f"http://127.0.0.1:{free_port()}",
        }
    }
    chantier.title = "Covoiturage rural"

    with committed():
        chantier.save_revision().publish()

    chantier.refresh_from_db()
    assert chantier.title == "Covoiturage rural"
    assert "Could not ban /api/v1/" in caplog.text
