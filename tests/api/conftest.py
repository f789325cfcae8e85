import pytest
from wagtail.models import PageViewRestriction


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
