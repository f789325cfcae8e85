"""Wagtail's own API v2 at /api/v2/: every page type's `api_fields`, consent, drafts and privacy."""

import pytest

from pole_pages.lifecycle import ChantierStatus
from tests.factories import (
    AxisFactory,
    ChantierPageFactory,
    ContentPageFactory,
    EventPageFactory,
    GovernanceDocumentPageFactory,
    MapPageFactory,
    PersonFactory,
    PersonWithoutConsentFactory,
    ResourcePageFactory,
    TrombinoscopePageFactory,
)

pytestmark = pytest.mark.django_db

CHANTIERS = "/api/v2/pages/?type=pole_pages.ChantierPage&fields=*"


def items(response):
    assert response.status_code == 200
    return response.json()["items"]


def test_chantier_listing_gives_the_chantier_fields(client, chantier_index):
    axis = AxisFactory(name="Mutualiser les ressources", slug="mutualiser")
    referent = PersonFactory(first_name="Camille", last_name="Le Goff")
    chantier = ChantierPageFactory(
        parent=chantier_index,
        title="Le chantier mobilité",
        status=ChantierStatus.PROPOSED,
        co_president_referent=referent,
        with_meetup_target=True,
    )
    chantier.axes.add(axis)
    chantier.save_revision().publish()

    [item] = items(client.get(CHANTIERS))

    assert item["title"] == "Le chantier mobilité"
    assert item["status"] == "proposed"
    assert item["proposed_on"] == "2024-09-12"
    assert item["axes"][0]["slug"] == "mutualiser"
    assert item["co_president_referent"]["full_name"] == "Camille Le Goff"
    assert item["actions"][0]["title"] == "Organiser 5 à 6 meet-up annuels"
    assert item["actions"][0]["target"]["minimum"] == 5
    for field in ("objectives", "deliverables", "recommendations", "board_members", "expected_results"):
        assert field in item


@pytest.mark.parametrize(
    "factory, parent",
    [
        (ContentPageFactory, "home"),
        (ChantierPageFactory, "chantier_index"),
        (ResourcePageFactory, "resource_index"),
        (EventPageFactory, "event_index"),
        (GovernanceDocumentPageFactory, "home"),
        (TrombinoscopePageFactory, "home"),
        (MapPageFactory, "home"),
    ],
)
def test_every_page_type_answers_with_all_its_fields(client, request, factory, parent):
    page = factory(parent=request.getfixturevalue(parent))

    response = client.get(f"/api/v2/pages/?type={page._meta.label}&fields=*")

    assert [item["id"] for item in items(response)] == [page.pk]


def test_people_without_consent_never_appear(client, chantier_index):
    hidden = PersonWithoutConsentFactory(first_name="Yannick", last_name="Confidentiel")
    shown = PersonFactory(first_name="Léa", last_name="Guérin")
    chantier = ChantierPageFactory(
        parent=chantier_index,
        co_president_referent=hidden,
        staff_referent=hidden,
        actions__0="action",
        actions__0__action__owner=hidden,
    )
    chantier.board_members.add(hidden, shown)
    chantier.save_revision().publish()

    listing = client.get(CHANTIERS)
    detail = client.get(f"/api/v2/pages/{chantier.pk}/")

    [item] = items(listing)
    assert item["co_president_referent"] is None
    assert item["staff_referent"] is None
    assert [person["full_name"] for person in item["board_members"]] == ["Léa Guérin"]
    assert item["actions"][0]["owner"] is None
    for response in (listing, detail):
        assert "Confidentiel" not in response.content.decode()


def test_drafts_never_appear(client, chantier_index):
    published = ChantierPageFactory(parent=chantier_index, title="Le chantier mobilité")
    draft = ChantierPageFactory(parent=chantier_index, title="Le chantier brouillon", live=False)

    assert [item["id"] for item in items(client.get(CHANTIERS))] == [published.pk]
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert "brouillon" not in client.get("/api/v2/pages/?fields=*").content.decode()


def test_private_pages_never_appear(client, chantier_index, restrict):
    published = ChantierPageFactory(parent=chantier_index, title="Le chantier mobilité")
    private = ChantierPageFactory(parent=chantier_index, title="Le chantier réservé")
    restrict(private)

    assert [item["id"] for item in items(client.get(CHANTIERS))] == [published.pk]
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404


def test_a_draft_chantier_is_not_linked_from_a_resource(client, resource_index, chantier_index):
    draft = ChantierPageFactory(parent=chantier_index, live=False)
    resource = ResourcePageFactory(parent=resource_index, chantier=draft)

    [item] = items(client.get("/api/v2/pages/?type=pole_pages.ResourcePage&fields=*"))

    assert item["id"] == resource.pk
    assert item["chantier"] is None
