from decimal import Decimal

import pytest

from pole_directory.models import PersonRole, PlaceKind
from tests.api.conftest import ids
from tests.factories import (
    AxisFactory,
    OrganisationFactory,
    PersonFactory,
    PersonWithoutConsentFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db

# Most queries of the people listing, whatever the limit.
PEOPLE_LISTING_MAX_QUERIES = 4


def test_people_lists_only_consenting_people(client):
    shown = PersonFactory(first_name="Léa", last_name="Guérin")
    PersonWithoutConsentFactory(first_name="Secret", last_name="Personne")

    response = client.get("/api/v1/people/")

    assert ids(response) == [shown.pk]
    assert "Secret" not in response.content.decode()
    assert client.get(f"/api/v1/people/{shown.pk}/").status_code == 200


def test_unconsenting_person_detail_is_not_found(client):
    hidden = PersonWithoutConsentFactory()

    response = client.get(f"/api/v1/people/{hidden.pk}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Not Found"


def test_email_and_phone_stay_private_unless_made_public(client):
    private = PersonFactory(email="prive@exemple.fr", phone="02 40 00 00 00")
    public = PersonFactory(email="public@exemple.fr", email_is_public=True, phone="02 41 00 00 00")

    people = {item["id"]: item for item in client.get("/api/v1/people/").json()["items"]}

    assert people[private.pk]["email"] is None
    assert people[private.pk]["phone"] is None
    assert people[public.pk]["email"] == "public@exemple.fr"
    assert people[public.pk]["phone"] is None
    assert "prive@exemple.fr" not in str(people)


def test_people_filter_by_role(client):
    president = PersonFactory(roles=[PersonRole.CO_PRESIDENT, PersonRole.BOARD_MEMBER])
    PersonFactory(roles=[PersonRole.STAFF])

    assert ids(client.get("/api/v1/people/?role=co_president")) == [president.pk]
    assert client.get("/api/v1/people/?role=king").status_code == 400
    assert client.get("/api/v1/people/?publication_consent=false").status_code == 400


def test_organisations_and_axes(client):
    member = OrganisationFactory(name="Compagnie Les Arts Nomades", is_member=True, membership_year=2021)
    OrganisationFactory(name="Ville partenaire", is_member=False, membership_year=None)
    AxisFactory(name="Mutualiser les ressources", slug="mutualiser")

    assert ids(client.get("/api/v1/organisations/?is_member=true")) == [member.pk]
    assert client.get("/api/v1/axes/").json()["items"][0]["slug"] == "mutualiser"


def test_geojson_is_a_feature_collection_in_longitude_latitude_order(client):
    place = PlaceFactory(name="La Cantine", latitude=Decimal("47.2"), longitude=Decimal("-1.55"))
    place.labels.add("Starter")
    place.save()

    response = client.get("/api/v1/places.geojson")

    assert response["Content-Type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    feature = collection["features"][0]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [-1.55, 47.2]}
    assert feature["properties"]["name"] == "La Cantine"
    assert feature["properties"]["labels"] == ["Starter"]


def test_geojson_filters_by_kind_city_and_bbox(client):
    nantes = PlaceFactory(
        kind=PlaceKind.FABLAB,
        address_locality="Nantes",
        latitude=Decimal("47.218"),
        longitude=Decimal("-1.553"),
    )
    lille = PlaceFactory(
        kind=PlaceKind.COWORKING,
        address_locality="Lille",
        latitude=Decimal("50.629"),
        longitude=Decimal("3.057"),
    )

    def names(query):
        return [f["id"] for f in client.get(f"/api/v1/places.geojson?{query}").json()["features"]]

    assert names("kind=fablab") == [nantes.pk]
    assert names("city=lille") == [lille.pk]
    assert names("bbox=2.9,50.5,3.3,50.8") == [lille.pk]


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "nan,0,1,1", "0,-95,1,1"])
def test_bad_bbox_answers_400(client, bbox):
    response = client.get(f"/api/v1/places.geojson?bbox={bbox}")

    assert response.status_code == 400
    assert "bbox" in response.json()["errors"]


def test_people_listing_query_count_does_not_depend_on_limit(client, uncached_api, assert_max_queries):
    organisation = OrganisationFactory()
    for _ in range(100):
        PersonFactory(with_photo=True, organisation=organisation)

    with_five = assert_max_queries(PEOPLE_LISTING_MAX_QUERIES, client.get, "/api/v1/people/?limit=5")
    assert_max_queries(with_five, client.get, "/api/v1/people/?limit=100")
