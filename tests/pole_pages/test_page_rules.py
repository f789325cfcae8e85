"""Where each page type may be created, in the models and in the admin."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError
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
    ChantierIndexPageFactory,
    ChantierMemberFactory,
    ChantierPageFactory,
    ContentPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    GovernanceDocumentPageFactory,
    OrganisationFactory,
    PersonFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)

pytestmark = pytest.mark.django_db


def test_chantier_can_be_created_under_the_chantier_list(home):
    assert ChantierPage.can_create_at(ChantierIndexPageFactory(parent=home))


@pytest.mark.parametrize("parent_factory", [None, EventIndexPageFactory, ContentPageFactory])
def test_chantier_cannot_be_created_elsewhere(home, parent_factory):
    parent = parent_factory(parent=home) if parent_factory else home
    assert not ChantierPage.can_create_at(parent)


def test_event_can_be_created_under_the_agenda(home):
    assert EventPage.can_create_at(EventIndexPageFactory(parent=home))


@pytest.mark.parametrize("parent_factory", [None, ChantierIndexPageFactory, ResourceIndexPageFactory])
def test_event_cannot_be_created_elsewhere(home, parent_factory):
    parent = parent_factory(parent=home) if parent_factory else home
    assert not EventPage.can_create_at(parent)


def test_resource_can_be_created_only_under_the_resource_centre(home):
    assert ResourcePage.can_create_at(ResourceIndexPageFactory(parent=home))
    assert not ResourcePage.can_create_at(home)


@pytest.mark.parametrize(
    "index_model", [ChantierIndexPage, EventIndexPage, ResourceIndexPage, TrombinoscopePage, MapPage]
)
def test_index_can_be_created_under_home_and_content_pages(home, index_model):
    assert index_model.can_create_at(home)
    assert index_model.can_create_at(ContentPageFactory(parent=home))


@pytest.mark.parametrize(
    ("index_factory", "index_model"),
    [
        (ChantierIndexPageFactory, ChantierIndexPage),
        (EventIndexPageFactory, EventIndexPage),
        (ResourceIndexPageFactory, ResourceIndexPage),
    ],
)
def test_only_one_index_of_a_kind_per_parent(home, index_factory, index_model):
    index_factory(parent=home)
    assert not index_model.can_create_at(home)
    assert index_model.can_create_at(ContentPageFactory(parent=home))


@pytest.mark.parametrize("parent_factory", [None, ContentPageFactory])
def test_governance_document_can_be_created_under_home_and_content_pages(home, parent_factory):
    parent = parent_factory(parent=home) if parent_factory else home
    assert GovernanceDocumentPage.can_create_at(parent)


def test_governance_document_cannot_be_created_under_a_chantier_list(home):
    assert not GovernanceDocumentPage.can_create_at(ChantierIndexPageFactory(parent=home))


def test_home_page_is_created_only_at_the_root(home):
    assert HomePage.can_create_at(Page.get_first_root_node())
    assert not HomePage.can_create_at(home)


@pytest.mark.parametrize(
    "factory",
    [ChantierPageFactory, EventPageFactory, ResourcePageFactory, GovernanceDocumentPageFactory],
)
def test_leaf_pages_have_no_children(factory):
    assert factory._meta.model.allowed_subpage_models() == []


def test_home_page_offers_the_network_pages(home):
    assert set(HomePage.allowed_subpage_models()) >= {
        ContentPage,
        ChantierIndexPage,
        EventIndexPage,
        ResourceIndexPage,
        GovernanceDocumentPage,
        TrombinoscopePage,
        MapPage,
    }


def test_chantier_list_offers_only_chantiers():
    assert ChantierIndexPage.allowed_subpage_models() == [ChantierPage]


def test_working_group_member_is_a_person_or_an_organisation_not_both(home):
    member = ChantierMemberFactory.build(
        page=ChantierPageFactory(parent__parent=home),
        person=PersonFactory(),
        organisation=OrganisationFactory(),
    )
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    assert caught.value.message_dict["person"] == [
        "Choisissez une personne ou une structure (l'une ou l'autre)."
    ]


def test_working_group_member_without_person_nor_organisation_is_refused(home):
    member = ChantierMemberFactory.build(page=ChantierPageFactory(parent__parent=home), person=None)
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    assert list(caught.value.message_dict) == ["person"]


# The admin


def add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


def test_admin_refuses_to_open_a_chantier_form_under_the_home_page(editor_client, home):
    response = editor_client.get(add_url(ChantierPage, home), follow=True)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    assert "Désolé, vous n'avez pas les autorisations pour accéder à cette zone." in unescape(
        response.content.decode()
    )


def test_admin_refuses_to_create_an_event_under_the_chantier_list(editor_client, home):
    parent = ChantierIndexPageFactory(parent=home)
    response = editor_client.post(
        add_url(EventPage, parent),
        {"title": "Meet-up des tiers-lieux", "kind": "meetup", "start": "2025-03-13 18:30"},
    )
    assert response.url == reverse("wagtailadmin_home")
    assert not EventPage.objects.exists()


def test_admin_refuses_a_second_chantier_list_under_the_same_parent(editor_client, home):
    ChantierIndexPageFactory(parent=home)
    response = editor_client.get(add_url(ChantierIndexPage, home))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
