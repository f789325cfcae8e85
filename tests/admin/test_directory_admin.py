"""The directory listings of the back office: thumbnails, filters, search, ordering and exports."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pole_directory.models import PlaceStatus
from tests.factories import OrganisationFactory, PersonFactory, PlaceFactory
from tests.factories.directory import ImageFactory

pytestmark = pytest.mark.django_db


def listing_url(model_name):
    return reverse(f"wagtailsnippets_pole_directory_{model_name}:list")


def listing(client, model_name, **params):
    response = client.get(listing_url(model_name), params)
    assert response.status_code == 200
    return response.content.decode()


def csv_rows(client, model_name, **params):
    response = client.get(listing_url(model_name), {"export": "csv", **params})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


# Most queries of a directory listing, thumbnails included.
LISTING_MAX_QUERIES = 16


@pytest.mark.parametrize(
    ("model_name", "make"),
    [
        ("person", lambda: PersonFactory(photo=ImageFactory())),
        ("organisation", lambda: OrganisationFactory(logo=ImageFactory())),
        ("place", lambda: PlaceFactory(image=ImageFactory())),
    ],
)
def test_listing_shows_thumbnails_in_a_constant_number_of_queries(
    editor_client, model_name, make, assert_max_queries
):
    make()
    small = assert_max_queries(LISTING_MAX_QUERIES, listing, editor_client, model_name)
    for _ in range(4):
        make()
    html = listing(editor_client, model_name)
    assert html.count('class="pole-thumbnail"') == 5
    assert "fill-48x48" in html
    assert_max_queries(small, listing, editor_client, model_name)


def test_person_listing_filters_by_consent(editor_client):
    PersonFactory(first_name="Nathalie", last_name="Bernard", publication_consent=False)
    PersonFactory(first_name="Yannick", last_name="Martin")
    html = listing(editor_client, "person", publication_consent="false")
    assert "Nathalie Bernard" in html
    assert "Yannick Martin" not in html


def test_organisation_listing_filters_members_and_searches(editor_client):
    OrganisationFactory(name="Compagnie Les Arts Nomades")
    OrganisationFactory(name="Région partenaire", is_member=False, membership_year=None)
    assert "Région partenaire" not in listing(editor_client, "organisation", is_member="true")
    html = listing(editor_client, "organisation", q="Nomades")
    assert "Compagnie Les Arts Nomades" in html
    assert "Région partenaire" not in html


def test_place_listing_orders_by_name(editor_client):
    PlaceFactory(name="Le Jardin des Ressources")
    PlaceFactory(name="L'Atelier des Dervallières")
    html = listing(editor_client, "place", ordering="-name")
    assert html.index("Le Jardin des Ressources") < html.index("L&#x27;Atelier des Dervallières")


def test_place_csv_export_holds_the_listing_columns_and_filtered_rows(editor_client):
    structure = OrganisationFactory(name="Tiers-lieu La Ressourcerie")
    PlaceFactory(name="La Cantine du Bas-Chantenay", organisation=structure)
    PlaceFactory(name="La Friche de l'île", status=PlaceStatus.CLOSED)
    header, *rows = csv_rows(editor_client, "place", status=PlaceStatus.OPEN)
    for heading in ("Nom", "Type", "État", "Ville", "Structure"):
        assert heading in header
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Nom"] == "La Cantine du Bas-Chantenay"
    assert row["État"] == PlaceStatus.OPEN.label
    assert row["Ville"] == "Nantes"
    assert row["Structure"] == "Tiers-lieu La Ressourcerie"


def test_person_csv_export_holds_the_listing_columns(editor_client):
    structure = OrganisationFactory(name="Collectif Scène Ouverte")
    PersonFactory(first_name="Léa", last_name="Guérin", role_title="Co-présidente", organisation=structure)
    header, *rows = csv_rows(editor_client, "person")
    row = dict(zip(header, rows[0], strict=True))
    assert (row["Prénom"], row["Nom"], row["Fonction affichée"], row["Structure"]) == (
        "Léa",
        "Guérin",
        "Co-présidente",
        "Collectif Scène Ouverte",
    )
    # Yes/no in words, as the import reads them back.
    assert row["Accepte d'être publié·e"] == "oui"


def test_organisation_xlsx_export_gives_the_kind_as_the_listing_shows_it(editor_client):
    OrganisationFactory(name="Coopérative Les Ateliers Partagés")
    response = editor_client.get(listing_url("organisation"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = ([cell.value for cell in line] for line in sheet.iter_rows(max_row=2))
    values = dict(zip(header, row, strict=True))
    assert values["Nom"] == "Coopérative Les Ateliers Partagés"
    assert values["Type"] == "Association"
    assert values["Ville"] == "Nantes"
    assert values["Adhérente"] == "oui"


def test_the_people_list_tells_where_each_member_account_stands(editor_client, django_user_model):
    active = django_user_model.objects.create_user("actif", "actif@exemple.fr", last_login=timezone.now())
    invited = django_user_model.objects.create_user("invite", "invite@exemple.fr")
    PersonFactory(last_name="Actif", account=active)
    PersonFactory(last_name="Invité", account=invited)
    PersonFactory(last_name="Sanscompte")

    html = listing(editor_client, "person")

    assert "compte actif" in html
    assert html.count("compte jamais utilisé") == 1
