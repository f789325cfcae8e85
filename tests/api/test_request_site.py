"""The API's own site lookup must pick the same site as Wagtail's, for every host and port."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page, Site

from pole_pages.api.common import request_site
from tests.factories import HomePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(home, settings):
    settings.ALLOWED_HOSTS = ["*"]
    root = Page.get_first_root_node()
    for hostname, port in [("autre.example", 80), ("autre.example", 8080), ("troisieme.example", 80)]:
        Site.objects.create(hostname=hostname, port=port, root_page=HomePageFactory(parent=root))


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "localhost:8000",
        "autre.example",
        "autre.example:8080",
        "autre.example:9999",
        "troisieme.example:81",
        "inconnu.example",
    ],
)
def test_same_site_as_wagtail(sites, host):
    wagtail_site = Site.find_for_request(RequestFactory().get("/", HTTP_HOST=host))

    ours = request_site(RequestFactory().get("/", HTTP_HOST=host))

    assert (ours.id, ours.root_path) == (wagtail_site.pk, wagtail_site.root_page.path)
