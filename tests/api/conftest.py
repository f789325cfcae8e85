import pytest
from wagtail.models import Page, PageViewRestriction, Site

from tests.factories import (
    ChantierIndexPageFactory,
    EventIndexPageFactory,
    HomePageFactory,
    ResourceIndexPageFactory,
)


@pytest.fixture
def chantier_index(home):
    return ChantierIndexPageFactory(parent=home, title="Chantiers", slug="chantiers")


@pytest.fixture
def resource_index(home):
    return ResourceIndexPageFactory(parent=home, title="Ressources", slug="ressources")


@pytest.fixture
def event_index(home):
    return EventIndexPageFactory(parent=home, title="Agenda", slug="agenda")


@pytest.fixture
def other_site(db, settings):
    """A second site on another host, with its own home page."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "autre.example"]
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Autre réseau", slug="autre-reseau")
    Site.objects.create(hostname="autre.example", port=80, root_page=home, site_name="Autre réseau")
    return home


@pytest.fixture
def uncached_api(settings):
    """Run every API request through its endpoint, to count the endpoint's own queries."""
    settings.POLE_API_SERVER_CACHE_SECONDS = 0


@pytest.fixture
def restrict():
    """Put a page behind a password, as an editor would in the page's privacy settings."""

    def restrict(page, kind=PageViewRestriction.PASSWORD):
        return PageViewRestriction.objects.create(page=page, restriction_type=kind, password="secret")

    return restrict


def ids(response):
    return [item["id"] for item in response.json()["items"]]
