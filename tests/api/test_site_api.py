import json

import pytest
from openapi_spec_validator import validate

from pole_pages.choices import AccessibilityStatus
from pole_pages.models import NetworkSettings
from tests.factories import (
    ChantierPageFactory,
    ContentPageFactory,
    GovernanceDocumentPageFactory,
    ImageFactory,
    PersonFactory,
    PersonWithoutConsentFactory,
    PlaceFactory,
    ResourcePageFactory,
)

pytestmark = pytest.mark.django_db


def test_openapi_document_is_valid_and_lists_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")

    document = response.json()
    validate(document)
    for path in [
        "/api/v1/chantiers/",
        "/api/v1/chantiers/{page_id}/",
        "/api/v1/resources/",
        "/api/v1/events/",
        "/api/v1/events.ics",
        "/api/v1/documents/",
        "/api/v1/people/",
        "/api/v1/organisations/",
        "/api/v1/axes/",
        "/api/v1/places.geojson",
        "/api/v1/search/",
        "/api/v1/pages/find/",
        "/api/v1/site/",
    ]:
        assert path in document["paths"]
    chantier_list = document["paths"]["/api/v1/chantiers/"]["get"]
    assert {"400"} <= set(chantier_list["responses"])
    assert {"status", "axis", "limit", "offset", "q", "ordering"} <= {
        p["name"] for p in chantier_list["parameters"]
    }


def test_docs_page_is_served(client):
    assert client.get("/api/v1/docs").status_code == 200


def test_find_resolves_a_path_to_its_page(client, chantier_index):
    chantier = ChantierPageFactory(parent=chantier_index, title="Le chantier mobilité")

    response = client.get("/api/v1/pages/find/?path=/chantiers/le-chantier-mobilite/")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == chantier.pk
    assert body["type"] == "chantierpage"
    assert body["api_url"] == f"http://testserver/api/v1/chantiers/{chantier.pk}/"


def test_find_hides_drafts_and_private_pages(client, chantier_index, restrict):
    ChantierPageFactory(parent=chantier_index, title="Brouillon", live=False)
    private = ChantierPageFactory(parent=chantier_index, title="Privé")
    restrict(private)

    assert client.get("/api/v1/pages/find/?path=/chantiers/brouillon/").status_code == 404
    assert client.get("/api/v1/pages/find/?path=/chantiers/prive/").status_code == 404
    assert client.get("/api/v1/pages/find/?path=/nulle-part/").status_code == 404
    assert client.get("/api/v1/pages/find/").status_code == 400


def test_search_spans_pages_people_and_places_without_private_content(
    client, chantier_index, resource_index, home
):
    ChantierPageFactory(parent=chantier_index, title="Le chantier mobilité")
    ChantierPageFactory(parent=chantier_index, title="Mobilité brouillon", live=False)
    ResourcePageFactory(parent=resource_index, title="Guide de la mobilité")
    GovernanceDocumentPageFactory(parent=home, title="Statuts")
    PersonFactory(first_name="Mobilité", last_name="Publique", role_title="Référente mobilité")
    PersonWithoutConsentFactory(first_name="Cachée", last_name="Personne", role_title="Référente mobilité")
    PlaceFactory(name="Garage mobilité solidaire")

    response = client.get("/api/v1/search/?q=mobilité")

    found = {(item["type"], item["title"]) for item in response.json()["items"]}
    assert ("chantierpage", "Le chantier mobilité") in found
    assert ("resourcepage", "Guide de la mobilité") in found
    assert ("person", "Mobilité Publique") in found
    assert ("place", "Garage mobilité solidaire") in found
    assert all("brouillon" not in title and "Cachée" not in title for _type, title in found)


def test_search_needs_its_q_and_finds_nothing_without_words(client):
    assert client.get("/api/v1/search/").status_code == 400
    assert client.get("/api/v1/search/?q=").json()["count"] == 0


def test_site_gives_menu_and_contact(client, home):
    ContentPageFactory(parent=home, title="Les chantiers thématiques", show_in_menus=True)
    ContentPageFactory(parent=home, title="Hors menu", show_in_menus=False)
    ContentPageFactory(parent=home, title="Brouillon", show_in_menus=True, live=False)
    settings = NetworkSettings.for_site(home.get_site())
    settings.contact_email = "contact@pole.example"
    settings.save()

    body = client.get("/api/v1/site/").json()

    assert [page["title"] for page in body["menu"]] == ["Les chantiers thématiques"]
    assert body["contact"]["email"] == "contact@pole.example"


def test_site_states_non_compliance_without_logo_by_default(client, home):
    body = client.get("/api/v1/site/").json()

    assert body["logo"] is None
    assert body["accessibility"] == {
        "status": {"value": "non_compliant", "label": "non conforme"},
        "statement": None,
    }


def test_site_gives_the_logo_and_the_accessibility_statement(client, home):
    statement = ContentPageFactory(parent=home, title="Déclaration d'accessibilité", slug="accessibilite")
    settings = NetworkSettings.for_site(home.get_site())
    settings.logo = ImageFactory(title="Logo du Pôle")
    settings.accessibility_status = AccessibilityStatus.PARTIALLY_COMPLIANT
    settings.accessibility_statement = statement
    settings.save()

    body = client.get("/api/v1/site/").json()

    assert body["logo"]["id"] == settings.logo_id
    assert body["logo"]["alt"] == "Logo du Pôle"
    assert set(body["logo"]["renditions"]) == {"small", "medium", "large"}
    assert body["accessibility"]["status"] == {
        "value": "partially_compliant",
        "label": "partiellement conforme",
    }
    assert body["accessibility"]["statement"]["id"] == statement.pk
    assert body["accessibility"]["statement"]["url"].endswith("/accessibilite/")


def test_site_leaves_out_an_unpublished_accessibility_statement(client, home):
    statement = ContentPageFactory(parent=home, title="Brouillon", live=False)
    NetworkSettings.objects.update_or_create(
        site=home.get_site(), defaults={"accessibility_statement": statement}
    )

    assert client.get("/api/v1/site/").json()["accessibility"]["statement"] is None


def test_documents_list_and_articles_with_anchors(client, home):
    statutes = GovernanceDocumentPageFactory(parent=home, title="Statuts")

    listing = client.get("/api/v1/documents/?kind=statutes").json()
    detail = client.get(f"/api/v1/documents/{statutes.pk}/").json()

    assert [item["id"] for item in listing["items"]] == [statutes.pk]
    article = detail["articles"][0]
    assert article["anchor"] == f"article-{article['number']}"
    assert "<p>" in article["body"]
    assert json.dumps(detail)


def test_resources_filters(client, resource_index, chantier_index):
    chantier = ChantierPageFactory(parent=chantier_index)
    guide = ResourcePageFactory(parent=resource_index, kind="guide", audiences=["members"], chantier=chantier)
    ResourcePageFactory(parent=resource_index, kind="data", audiences=["public_authorities"])

    def found(query):
        return [item["id"] for item in client.get(f"/api/v1/resources/?{query}").json()["items"]]

    assert found("kind=guide") == [guide.pk]
    assert found("audience=members") == [guide.pk]
    assert found(f"chantier={chantier.pk}") == [guide.pk]
    detail = client.get(f"/api/v1/resources/{guide.pk}/").json()
    assert detail["chantier"]["id"] == chantier.pk
    assert client.get("/api/v1/resources/?audience=everyone").status_code == 400
