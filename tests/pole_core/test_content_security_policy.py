"""The Content-Security-Policy header: strict on the public site, the map and the API docs, loosened
only where Wagtail's admin needs it. The browser tests (tests/browser/) check that pages pass it."""

import re

import pytest
from django.conf import settings

from tests.factories import ChantierPageFactory, MapPageFactory

pytestmark = pytest.mark.django_db

# An executable inline script: a <script> element without src whose type is JavaScript (or absent).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.I)


def policy(response):
    """The enforced policy as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


def tile_origin():
    return re.match(r"https?://[^/]+", settings.POLE_MAP_TILE_URL)[0]


def test_a_public_page_allows_only_the_sites_own_scripts_and_styles(client, home):
    response = client.get(home.url)

    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert "Content-Security-Policy-Report-Only" not in response


def test_the_map_page_allows_the_tiles_of_its_tile_server(client, home):
    map_page = MapPageFactory(parent=home, title="Carte", slug="carte")

    response = client.get(map_page.url)

    assert response.status_code == 200
    assert policy(response)["img-src"] == ["'self'", "data:", tile_origin()]
    assert policy(response)["connect-src"] == ["'self'"]


def test_the_account_pages_where_the_admin_signs_in_keep_the_site_policy(client):
    response = client.get("/compte/login/?next=/admin/")

    assert response.status_code == 200
    assert policy(response)["script-src"] == ["'self'"]
    assert policy(response)["style-src"] == ["'self'"]


def test_the_admin_pages_allow_inline_scripts_and_styles(superuser_client):
    response = superuser_client.get("/admin/pages/")

    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["img-src"] == ["'self'", "data:", tile_origin(), "blob:"]
    assert directives["connect-src"] == ["'self'", "https://releases.wagtail.org"]
    assert directives["object-src"] == ["'none'"]


def test_the_admin_dashboard_carries_the_admin_policy(superuser_client):
    response = superuser_client.get("/admin/")

    assert response.status_code == 200
    assert policy(response)["script-src"] == ["'self'", "'unsafe-inline'"]


def test_public_templates_hold_no_inline_script_nor_style_attribute(client, home):
    """What the public policy would block: the pages of the main types hold none of it."""
    map_page = MapPageFactory(parent=home, title="Carte", slug="carte")
    chantier = ChantierPageFactory(parent=home, title="Mobilité", slug="mobilite")

    for url in (home.url, map_page.url, chantier.url):
        html = client.get(url).content.decode()
        assert INLINE_SCRIPT.findall(html) == [], url
        assert STYLE_ATTRIBUTE.findall(html) == [], url


def test_every_server_process_sends_the_same_header(client, home):
    """Directives in a fixed (sorted) order, not in the order of a set, which changes between processes."""
    directives = client.get(home.url)["Content-Security-Policy"].split("; ")

    assert directives == sorted(directives)
