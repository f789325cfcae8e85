"""Every admin listing and form of the directory and the pages opens for an editor, never for a visitor."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from wagtail.models import Page

from pole_pages.models import (
    ChantierIndexPage,
    ChantierPage,
    ContentPage,
    EventIndexPage,
    EventPage,
    GovernanceDocumentPage,
    HomePage,
    MapPage,
    ResourceIndexPage,
    ResourcePage,
    TrombinoscopePage,
)
from tests.factories import (
    AxisFactory,
    ChantierIndexPageFactory,
    ChantierMemberFactory,
    ChantierPageFactory,
    ContentPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    GovernanceDocumentPageFactory,
    MapPageFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
    TrombinoscopePageFactory,
)

pytestmark = pytest.mark.django_db

SNIPPET_FACTORIES = {
    "axis": AxisFactory,
    "organisation": OrganisationFactory,
    "person": PersonFactory,
    "place": PlaceFactory,
}


def snippet_url(model_name, view, *args):
    return reverse(f"wagtailsnippets_pole_directory_{model_name}:{view}", args=args)


def snippet_view_url(model_name, view):
    """The URL of a snippet's list, add or edit view, with one saved instance to list and edit."""
    instance = SNIPPET_FACTORIES[model_name]()
    return snippet_url(model_name, view, instance.pk) if view == "edit" else snippet_url(model_name, view)


def assert_redirects_to_login(response):
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("account_login")


@pytest.mark.parametrize("view", ["list", "add", "edit"])
@pytest.mark.parametrize("model_name", SNIPPET_FACTORIES)
def test_snippet_view_answers_200_for_an_editor(editor_client, model_name, view):
    assert editor_client.get(snippet_view_url(model_name, view)).status_code == 200


@pytest.mark.parametrize("view", ["list", "add", "edit"])
@pytest.mark.parametrize("model_name", SNIPPET_FACTORIES)
def test_snippet_view_sends_an_anonymous_visitor_to_the_login_page(client, model_name, view):
    assert_redirects_to_login(client.get(snippet_view_url(model_name, view)))


def test_person_listing_shows_people_without_consent_to_editors(editor_client):
    PersonFactory(first_name="Nathalie", last_name="Bernard", publication_consent=False)
    response = editor_client.get(snippet_url("person", "list"))
    assert "Nathalie Bernard" in response.content.decode()


# Pages: the "add" form under a valid parent, and the "edit" form of an existing page.

PAGE_PARENTS = {
    HomePage: lambda home: Page.get_first_root_node(),
    ContentPage: lambda home: home,
    ChantierIndexPage: lambda home: home,
    ChantierPage: lambda home: ChantierIndexPageFactory(parent=home),
    ResourceIndexPage: lambda home: home,
    ResourcePage: lambda home: ResourceIndexPageFactory(parent=home),
    EventIndexPage: lambda home: home,
    EventPage: lambda home: EventIndexPageFactory(parent=home),
    GovernanceDocumentPage: lambda home: home,
    TrombinoscopePage: lambda home: home,
    MapPage: lambda home: home,
}


def chantier_with_members(home):
    chantier = ChantierPageFactory(parent__parent=home, with_meetup_target=True)
    ChantierMemberFactory(page=chantier)
    ChantierMemberFactory(page=chantier, person=None, organisation=OrganisationFactory())
    return chantier


EXISTING_PAGES = {
    HomePage: lambda home: home,
    ContentPage: lambda home: ContentPageFactory(parent=home),
    ChantierIndexPage: lambda home: ChantierIndexPageFactory(parent=home),
    ChantierPage: chantier_with_members,
    ResourceIndexPage: lambda home: ResourceIndexPageFactory(parent=home),
    ResourcePage: lambda home: ResourcePageFactory(parent__parent=home),
    EventIndexPage: lambda home: EventIndexPageFactory(parent=home),
    EventPage: lambda home: EventPageFactory(parent__parent=home, monthly_apero=True, place=PlaceFactory()),
    GovernanceDocumentPage: lambda home: GovernanceDocumentPageFactory(parent=home),
    TrombinoscopePage: lambda home: TrombinoscopePageFactory(parent=home),
    MapPage: lambda home: MapPageFactory(parent=home),
}


def page_ids(models):
    return [model.__name__ for model in models]


def add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.mark.parametrize("model", PAGE_PARENTS, ids=page_ids(PAGE_PARENTS))
def test_page_add_view_answers_200_for_an_editor(editor_client, home, model):
    assert editor_client.get(add_url(model, PAGE_PARENTS[model](home))).status_code == 200


@pytest.mark.parametrize("model", PAGE_PARENTS, ids=page_ids(PAGE_PARENTS))
def test_page_add_view_sends_an_anonymous_visitor_to_the_login_page(client, home, model):
    assert_redirects_to_login(client.get(add_url(model, PAGE_PARENTS[model](home))))


@pytest.mark.parametrize("model", EXISTING_PAGES, ids=page_ids(EXISTING_PAGES))
def test_page_edit_view_answers_200_for_an_editor(editor_client, home, model):
    assert editor_client.get(edit_url(EXISTING_PAGES[model](home))).status_code == 200


@pytest.mark.parametrize("model", EXISTING_PAGES, ids=page_ids(EXISTING_PAGES))
def test_page_edit_view_sends_an_anonymous_visitor_to_the_login_page(client, home, model):
    assert_redirects_to_login(client.get(edit_url(EXISTING_PAGES[model](home))))


def test_chantier_edit_view_shows_its_working_group(editor_client, home):
    chantier = chantier_with_members(home)
    page = editor_client.get(edit_url(chantier)).content.decode()
    assert [str(member) in page for member in chantier.members.all()] == [True, True]
