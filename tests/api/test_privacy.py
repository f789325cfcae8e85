"""Nothing private leaks: drafts, restricted pages and other sites' pages are absent from every endpoint."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from tests.factories import (
    ChantierIndexPageFactory,
    ChantierPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    GovernanceDocumentPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "Zéphyrin confidentiel"
START = datetime(2030, 5, 16, 18, 30, tzinfo=ZoneInfo("Europe/Paris"))

# (factory, listing endpoint, detail endpoint, index factory or None when the page hangs off the home)
PAGE_TYPES = {
    "chantier": (
        ChantierPageFactory,
        "/api/v1/chantiers/",
        "/api/v1/chantiers/{id}/",
        ChantierIndexPageFactory,
    ),
    "resource": (
        ResourcePageFactory,
        "/api/v1/resources/",
        "/api/v1/resources/{id}/",
        ResourceIndexPageFactory,
    ),
    "event": (
        EventPageFactory,
        "/api/v1/events/?from=2030-01-01&to=2030-12-31",
        "/api/v1/events/{id}/",
        EventIndexPageFactory,
    ),
    "document": (GovernanceDocumentPageFactory, "/api/v1/documents/", "/api/v1/documents/{id}/", None),
}


def hide_by_group(page):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="Editors"))


HIDINGS = {
    "draft": lambda page: page.unpublish(),
    "password": lambda page: PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    ),
    "login": lambda page: PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    ),
    "groups": hide_by_group,
}


def text_of(response):
    """What a reader of the response sees, JSON escapes decoded."""
    if response["Content-Type"].startswith(("application/json", "application/problem+json")):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def build(page_type, parent_home):
    factory, _listing, _detail, index_factory = PAGE_TYPES[page_type]
    parent = index_factory(parent=parent_home) if index_factory else parent_home
    extra = {"start": START, "end": None} if page_type == "event" else {}
    return factory(parent=parent, title=SECRET, **extra)


def everywhere(client, page_type, page, **headers):
    """The text of every endpoint where the page could show up."""
    _factory, listing, detail, _index = PAGE_TYPES[page_type]
    responses = [
        client.get(listing, **headers),
        client.get(detail.format(id=page.pk), **headers),
        client.get("/api/v1/search/?q=Zéphyrin", **headers),
        client.get(f"/api/v1/pages/find/?path={page.url_path.split('/', 2)[2]}", **headers),
    ]
    if page_type == "event":
        responses += [
            # The feed takes the list's window (by default from today, for a year).
            client.get("/api/v1/events.ics?from=2030-01-01&to=2030-12-31", **headers),
            client.get(f"/api/v1/events/{page.pk}.ics", **headers),
        ]
    return responses


@pytest.mark.parametrize("hiding", sorted(HIDINGS))
@pytest.mark.parametrize("page_type", sorted(PAGE_TYPES))
def test_hidden_page_appears_nowhere(client, home, page_type, hiding):
    page = build(page_type, home)
    HIDINGS[hiding](page)

    for response in everywhere(client, page_type, page):
        assert SECRET not in text_of(response), response.request["PATH_INFO"]


@pytest.mark.parametrize("page_type", sorted(PAGE_TYPES))
def test_page_of_another_site_appears_nowhere(client, home, other_site, page_type):
    page = build(page_type, other_site)

    for response in everywhere(client, page_type, page):
        assert SECRET not in text_of(response), response.request["PATH_INFO"]


@pytest.mark.parametrize("page_type", sorted(PAGE_TYPES))
def test_public_page_is_found_everywhere_it_belongs(client, home, page_type):
    page = build(page_type, home)

    listing, detail, search, find, *feeds = everywhere(client, page_type, page)

    for response in (listing, detail, search, find, *feeds):
        assert SECRET in text_of(response), response.request["PATH_INFO"]
