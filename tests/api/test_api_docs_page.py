"""/api/v1/docs: Swagger UI from the site's own static files, so it works offline and under the CSP."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles.views import serve
from django.test import RequestFactory

# The API's cache middleware reads the database cache.
pytestmark = pytest.mark.django_db

DOCS = "/api/v1/docs"
ASSET = re.compile(r'(?:src|href)="([^"]+)"')


def test_the_docs_page_names_no_other_origin(client):
    response = client.get(DOCS)

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert re.findall(r"(?:https?:)?//", html) == []


def test_every_asset_of_the_docs_page_answers_200(client):
    assets = ASSET.findall(client.get(DOCS).content.decode())

    assert len(assets) >= 4  # the stylesheet, two icons, the bundle and its start-up script
    for url in assets:
        assert url.startswith(settings.STATIC_URL), url
        response = serve(RequestFactory().get(url), url.removeprefix(settings.STATIC_URL), insecure=True)
        assert response.status_code == 200, url


def test_the_docs_page_runs_no_inline_script(client):
    html = client.get(DOCS).content.decode()

    scripts = re.findall(r"<script([^>]*)>", html)
    assert all("src=" in attributes or 'type="application/json"' in attributes for attributes in scripts)
    assert "'unsafe-inline'" not in client.get(DOCS)["Content-Security-Policy"]
