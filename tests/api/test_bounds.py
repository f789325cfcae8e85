"""No input breaks the API: numbers, days, ids, coordinates and texts out of bounds answer a 400
problem naming the parameter (or a 404 for an id), never a 500; a search costs a bounded amount of work."""

import pytest

from pole_core.api.params import MAX_INTEGER, MAX_SEARCH_LENGTH, MAX_SEARCH_TERMS
from tests.factories import ChantierPageFactory, PlaceFactory

pytestmark = pytest.mark.django_db

PROBLEM_JSON = "application/problem+json"
LISTS = [
    "/api/v1/axes/",
    "/api/v1/organisations/",
    "/api/v1/people/",
    "/api/v1/chantiers/",
    "/api/v1/resources/",
    "/api/v1/events/",
    "/api/v1/documents/",
]
DETAILS = [
    "/api/v1/organisations/{}/",
    "/api/v1/people/{}/",
    "/api/v1/chantiers/{}/",
    "/api/v1/resources/{}/",
    "/api/v1/events/{}/",
    "/api/v1/events/{}.ics",
    "/api/v1/documents/{}/",
    "/api/v1/forms/{}/",
]


def assert_refused(response, parameter):
    assert response.status_code == 400, response.content.decode()[:500]
    assert response["Content-Type"] == PROBLEM_JSON
    assert response.json()["errors"][parameter]


@pytest.mark.parametrize("url", LISTS)
def test_an_offset_beyond_the_largest_integer_is_refused(client, home, url):
    assert_refused(client.get(url, {"offset": MAX_INTEGER + 1}), "offset")


@pytest.mark.parametrize("url", LISTS)
def test_the_largest_offset_gives_an_empty_page(client, home, url):
    response = client.get(url, {"offset": MAX_INTEGER})

    assert response.status_code == 200
    assert response.json()["items"] == []


def test_search_refuses_an_offset_beyond_the_largest_integer(client, home):
    assert_refused(client.get("/api/v1/search/", {"q": "mobilité", "offset": 2**64}), "offset")


def test_wagtail_api_v2_refuses_an_offset_beyond_the_largest_integer(client, home):
    response = client.get("/api/v2/pages/", {"offset": MAX_INTEGER + 1})

    assert response.status_code == 400
    assert "offset" in response.json()["message"]


def test_wagtail_api_v2_finds_no_page_at_a_huge_id(client, home):
    assert client.get(f"/api/v2/pages/{2**70}/").status_code == 404


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
@pytest.mark.parametrize("search", ['a"b*', "mobilité OR (", "NEAR(a b)", "-", "*"])
def test_wagtail_api_v2_searches_words_only(client, home, endpoint, search):
    response = client.get(f"/api/v2/{endpoint}/", {"search": search})

    assert response.status_code == 200


@pytest.mark.parametrize("search", ["a\x00b", "x" * 201])
def test_wagtail_api_v2_refuses_a_search_out_of_bounds(client, home, search):
    assert client.get("/api/v2/pages/", {"search": search}).status_code == 400


def test_wagtail_api_v2_still_finds_pages_by_their_words(client, home, chantier_index):
    ChantierPageFactory(parent=chantier_index, title="Le chantier mobilité")

    response = client.get("/api/v2/pages/", {"search": 'mobilité" *'})

    assert [page["title"] for page in response.json()["items"]] == ["Le chantier mobilité"]


@pytest.mark.parametrize("url", DETAILS)
@pytest.mark.parametrize("page_id", [0, MAX_INTEGER + 1, 2**70])
def test_an_id_out_of_bounds_is_refused(client, home, url, page_id):
    response = client.get(url.format(page_id))

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_JSON
    assert [name.endswith("_id") for name in response.json()["errors"]] == [True]


@pytest.mark.parametrize("url", DETAILS)
def test_the_largest_id_is_simply_not_found(client, home, url):
    assert client.get(url.format(MAX_INTEGER)).status_code == 404


def test_a_form_submission_to_an_id_out_of_bounds_is_refused(client, home):
    response = client.post(f"/api/v1/forms/{2**70}/submissions/", {}, content_type="application/json")

    assert_refused(response, "form_id")


@pytest.mark.parametrize(
    "bbox",
    ["nan,nan,nan,nan", "inf,-inf,inf,inf", "-181,0,0,0", "0,0,1,91", "snan,0,1,1", "1,2,3", "1e1,0,1,1"],
)
def test_a_bounding_box_that_is_not_four_finite_coordinates_in_range_is_refused(client, bbox):
    assert_refused(client.get("/api/v1/places.geojson", {"bbox": bbox}), "bbox")


def place_names(client, bbox):
    response = client.get("/api/v1/places.geojson", {"bbox": bbox})
    assert response.status_code == 200
    return [feature["properties"]["name"] for feature in response.json()["features"]]


def test_a_bounding_box_with_west_beyond_east_crosses_the_antimeridian(client):
    PlaceFactory(name="Nouméa", longitude=166.45, latitude=-22.27)
    PlaceFactory(name="Papeete", longitude=-149.57, latitude=-17.54)
    PlaceFactory(name="Paris", longitude=2.35, latitude=48.85)

    assert place_names(client, "160,-30,-140,-10") == ["Nouméa", "Papeete"]


def test_a_bounding_box_takes_its_latitudes_in_either_order(client):
    PlaceFactory(name="Paris", longitude=2.35, latitude=48.85)

    assert place_names(client, "2,49,3,48") == place_names(client, "2,48,3,49") == ["Paris"]


@pytest.mark.parametrize("day", ["0001-01-01", "0001-01-02", "9999-12-31", "9998-06-01", "1899-12-31"])
@pytest.mark.parametrize("parameter", ["from", "to"])
@pytest.mark.parametrize("url", ["/api/v1/events/", "/api/v1/events.ics"])
def test_a_day_far_from_now_is_refused(client, home, url, parameter, day):
    assert_refused(client.get(url, {parameter: day}), parameter)


def test_the_bounds_of_the_days_are_accepted(client, home):
    response = client.get("/api/v1/events/", {"from": "1900-01-01", "to": "2999-12-31"})

    assert response.status_code == 200


@pytest.mark.parametrize("parameter", ["chantier"])
@pytest.mark.parametrize("value", [str(MAX_INTEGER + 1), str(2**70), "1e400", "-1"])
def test_an_integer_filter_out_of_bounds_is_refused(client, home, parameter, value):
    assert_refused(client.get("/api/v1/resources/", {parameter: value}), parameter)


def test_a_related_id_filter_out_of_bounds_is_refused(client, home):
    assert_refused(client.get("/api/v1/events/", {"place": 2**70}), "place")


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/search/", "q"),
        ("/api/v1/chantiers/", "q"),
        ("/api/v1/people/", "q"),
        ("/api/v1/organisations/", "city"),
        ("/api/v1/places.geojson", "label"),
        ("/api/v1/pages/find/", "path"),
        ("/api/v1/resources/", "q"),
    ],
)
@pytest.mark.parametrize("character", ["\x00", "\x1f", "\x7f"])
def test_a_control_character_in_a_text_is_refused(client, home, url, parameter, character):
    assert_refused(client.get(url, {parameter: f"mobi{character}lité"}), parameter)


@pytest.mark.parametrize("q", ['"', "mobilité*", "a AND (b", "NEAR(x y)", "^col:val", "'; --"])
def test_search_syntax_characters_only_separate_words(client, home, q):
    ChantierPageFactory(parent=home, title="Le chantier mobilité")

    response = client.get("/api/v1/search/", {"q": q})

    assert response.status_code in (200, 400)
    assert response["Content-Type"].split(";")[0] in ("application/json", PROBLEM_JSON)


def test_search_finds_a_word_next_to_a_syntax_character(client, home):
    ChantierPageFactory(parent=home, title="Le chantier mobilité")

    response = client.get("/api/v1/search/", {"q": '"mobilité*'})

    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Le chantier mobilité"]


def test_only_the_first_different_words_of_a_search_count(client, home):
    name = " ".join(f"mot{number}" for number in range(MAX_SEARCH_TERMS))
    PlaceFactory(name=name)

    response = client.get("/api/v1/search/", {"q": f"{name} mot0 absent"})

    assert [item["title"] for item in response.json()["items"]] == [name]


def test_a_search_without_words_finds_nothing(client, home):
    PlaceFactory(name="La Fabrique")

    response = client.get("/api/v1/search/", {"q": "*** ()"})

    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("url", ["/api/v1/search/", "/api/v1/chantiers/", "/api/v1/people/"])
def test_a_search_too_long_is_refused(client, home, url):
    assert_refused(client.get(url, {"q": "m" * (MAX_SEARCH_LENGTH + 1)}), "q")


def test_a_search_of_two_thousand_words_is_refused(client, home):
    q = " ".join(["ab"] * 2000)

    assert_refused(client.get("/api/v1/search/", {"q": q}), "q")


def test_a_search_at_the_bounds_answers(client, home):
    PlaceFactory(name="La Fabrique")
    q = " ".join(["fabrique"] * MAX_SEARCH_TERMS)

    response = client.get("/api/v1/search/", {"q": q})

    assert response.status_code == 200


def test_refusals_name_the_bound_in_the_request_language(client, home):
    response = client.get("/api/v1/chantiers/", {"offset": 2**64})

    assert response.json()["errors"]["offset"] == [f"La valeur doit être entre 0 et {MAX_INTEGER}."]


def test_an_empty_bounding_box_is_refused(client):
    assert_refused(client.get("/api/v1/places.geojson", {"bbox": ""}), "bbox")
