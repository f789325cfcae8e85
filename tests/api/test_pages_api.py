"""Every page type of the site in /api/v1/: the page endpoint, pages/find and the site's navigation."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from pole_pages.lifecycle import ChantierStatus
from pole_pages.models import NetworkSettings
from tests.factories import (
    AxisFactory,
    ChantierPageFactory,
    ContentPageFactory,
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
from tests.factories.forms import ConsultationPageFactory

pytestmark = pytest.mark.django_db

API = "http://testserver/api/v1"


def soon(days):
    return (timezone.now() + timedelta(days=days)).replace(microsecond=0)


def page_json(client, page):
    response = client.get(f"/api/v1/pages/{page.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def test_home_page_gives_its_intro_blocks_and_selections(client, home, chantier_index, event_index):
    home.body = [("heading", "Bienvenue")]
    home.save_revision().publish()
    ongoing = ChantierPageFactory(parent=chantier_index, title="Mobilité", status=ChantierStatus.ONGOING)
    ChantierPageFactory(parent=chantier_index, title="Proposé", status=ChantierStatus.PROPOSED)
    events = [
        EventPageFactory(
            parent=event_index, title=f"Rencontre {day}", start=soon(day), end=soon(day) + timedelta(hours=2)
        )
        for day in (4, 2, 3, 1)
    ]

    body = page_json(client, home)

    assert body["type"] == "homepage"
    assert body["intro"] == home.intro
    assert [block["type"] for block in body["body"]] == ["heading"]
    assert [chantier["id"] for chantier in body["ongoing_chantiers"]] == [ongoing.pk]
    assert body["ongoing_chantiers"][0]["step"] == 4
    assert [event["title"] for event in body["upcoming_events"]] == [
        "Rencontre 1",
        "Rencontre 2",
        "Rencontre 3",
    ]
    assert (
        body["upcoming_events"][0]["start"]
        == events[3].start.astimezone(events[3].recurrence_rule.time_zone).isoformat()
    )


def test_content_page_gives_its_body_and_published_subpages(client, home):
    page = ContentPageFactory(
        parent=home, title="Le réseau", slug="le-reseau", body=[("paragraph", "<p>Qui sommes-nous</p>")]
    )
    child = ContentPageFactory(parent=page, title="Missions", search_description="Nos missions")
    ContentPageFactory(parent=page, title="Brouillon", live=False)

    body = page_json(client, page)

    assert body["type"] == "contentpage"
    assert body["body"][0]["type"] == "paragraph"
    assert body["subpages"] == [
        {
            "id": child.pk,
            "type": "contentpage",
            "title": "Missions",
            "url": "http://testserver/le-reseau/missions/",
            "search_description": "Nos missions",
        }
    ]


def test_index_pages_link_to_their_list_and_offer_the_site_filters(client, home, chantier_index, event_index):
    axis = AxisFactory(name="Mobilité", slug="mobilite")
    trombinoscope = TrombinoscopePageFactory(parent=home)

    chantiers = page_json(client, chantier_index)
    agenda = page_json(client, event_index)
    people = page_json(client, trombinoscope)

    assert chantiers["type"] == "chantierindexpage"
    assert chantiers["intro"] == chantier_index.intro
    assert chantiers["list_url"] == f"{API}/chantiers/"
    assert [f["name"] for f in chantiers["filters"]] == ["status", "axis"]
    assert {"value": "ongoing", "label": "En cours"} in chantiers["filters"][0]["options"]
    assert chantiers["filters"][1]["options"] == [{"value": axis.slug, "label": "Mobilité"}]
    assert agenda["list_url"] == f"{API}/events/"
    assert agenda["ical_url"] == f"{API}/events.ics"
    assert people["list_url"] == f"{API}/people/"
    assert [f["name"] for f in people["filters"]] == ["role"]


def test_map_page_gives_its_view_tiles_filters_and_places_link(client, home):
    map_page = MapPageFactory(parent=home, slug="carte")
    PlaceFactory(address_locality="Angers")

    body = page_json(client, map_page)

    assert body["type"] == "mappage"
    assert body["centre"] == {
        "latitude": float(map_page.centre_latitude),
        "longitude": float(map_page.centre_longitude),
    }
    assert body["zoom"] == map_page.zoom
    assert body["tiles"]["url"]
    assert body["geojson_url"] == f"{API}/places.geojson?status=open&status=project"
    assert [f["name"] for f in body["filters"]] == ["kind", "city"]
    assert body["filters"][1]["options"] == [{"value": "Angers", "label": "Angers"}]


@pytest.mark.parametrize("query", ["?unknown=1", "?page=2"])
def test_page_endpoint_refuses_unknown_parameters(client, home, query):
    response = client.get(f"/api/v1/pages/{home.pk}/{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_page_endpoint_leaves_other_types_drafts_and_private_pages_out(
    client, home, chantier_index, restrict
):
    chantier = ChantierPageFactory(parent=chantier_index)
    draft = ContentPageFactory(parent=home, live=False)
    private = ContentPageFactory(parent=home)
    restrict(private)

    for page in (chantier, draft, private):
        assert client.get(f"/api/v1/pages/{page.pk}/").status_code == 404


@pytest.fixture
def every_page(home, chantier_index, resource_index, event_index, consultation):
    """One page of each type the reference site shows, with the path it has there."""
    map_page = MapPageFactory(parent=home, slug="carte")
    place = PlaceFactory(slug="la-fabrique")
    return {
        "/": (home, f"{API}/pages/{home.pk}/"),
        "/le-reseau/": (ContentPageFactory(parent=home, slug="le-reseau"), "pages"),
        "/chantiers/": (chantier_index, "pages"),
        "/chantiers/mobilite/": (ChantierPageFactory(parent=chantier_index, slug="mobilite"), "chantiers"),
        "/ressources/": (resource_index, "pages"),
        "/ressources/guide/": (ResourcePageFactory(parent=resource_index, slug="guide"), "resources"),
        "/agenda/": (event_index, "pages"),
        "/agenda/apero/": (EventPageFactory(parent=event_index, slug="apero"), "events"),
        "/statuts/": (GovernanceDocumentPageFactory(parent=home, slug="statuts"), "documents"),
        "/trombinoscope/": (TrombinoscopePageFactory(parent=home, slug="trombinoscope"), "pages"),
        "/carte/": (map_page, "pages"),
        "/carte/lieux/la-fabrique/": (place, "places"),
        "/consultation/": (consultation, "forms"),
    }


def test_find_resolves_every_public_page_type_to_its_api_address(client, every_page):
    for path, (page, endpoint) in every_page.items():
        body = client.get(f"/api/v1/pages/find/?path={path}").json()

        expected = endpoint if endpoint.startswith("http") else f"{API}/{endpoint}/{page.pk}/"
        assert body["api_url"] == expected, path
        assert client.get(body["api_url"]).status_code == 200, path


def test_find_gives_the_breadcrumb_trail(client, home, every_page):
    chantier_index = every_page["/chantiers/"][0]
    map_page = every_page["/carte/"][0]

    chantier = client.get("/api/v1/pages/find/?path=/chantiers/mobilite/").json()
    place = client.get("/api/v1/pages/find/?path=/carte/lieux/la-fabrique/").json()
    root = client.get("/api/v1/pages/find/?path=/").json()

    assert [(crumb["id"], crumb["type"]) for crumb in chantier["breadcrumbs"]] == [
        (home.pk, "homepage"),
        (chantier_index.pk, "chantierindexpage"),
    ]
    assert [crumb["id"] for crumb in place["breadcrumbs"]] == [home.pk, map_page.pk]
    assert place["type"] == "place"
    assert place["url"] == "http://testserver/carte/lieux/la-fabrique/"
    assert root["breadcrumbs"] == []


def test_find_answers_404_for_an_unknown_place(client, home):
    MapPageFactory(parent=home, slug="carte")

    assert client.get("/api/v1/pages/find/?path=/carte/lieux/nulle-part/").status_code == 404


def test_site_gives_what_header_and_footer_need(client, home):
    legal = ContentPageFactory(parent=home, title="Mentions légales")
    settings = NetworkSettings.for_site(home.get_site())
    settings.legal_notice = legal
    settings.save()

    body = client.get("/api/v1/site/").json()

    assert body["home"]["id"] == home.pk
    assert body["legal_notice"]["id"] == legal.pk
    assert body["feeds"]["events_ical"] == f"{API}/events.ics"


def test_site_leaves_out_an_unpublished_legal_notice(client, home):
    legal = ContentPageFactory(parent=home, live=False)
    settings = NetworkSettings.for_site(home.get_site())
    settings.legal_notice = legal
    settings.save()

    assert client.get("/api/v1/site/").json()["legal_notice"] is None


DETAIL_PATHS = [
    "/api/v1/site/",
    "/api/v1/pages/{home}/",
    "/api/v1/chantiers/{chantier}/",
    "/api/v1/resources/{resource}/",
    "/api/v1/events/{event}/",
    "/api/v1/events/{event}.ics",
    "/api/v1/documents/{document}/",
    "/api/v1/people/{person}/",
    "/api/v1/organisations/{organisation}/",
    "/api/v1/places/{place}/",
]


@pytest.mark.parametrize("path", DETAIL_PATHS)
def test_site_and_details_refuse_unknown_parameters(
    client, home, chantier_index, resource_index, event_index, path
):
    person = PersonFactory(organisation=OrganisationFactory())
    chantier = ChantierPageFactory(parent=chantier_index, co_president_referent=person)
    ids = {
        "home": home.pk,
        "chantier": chantier.pk,
        "resource": ResourcePageFactory(parent=resource_index).pk,
        "event": EventPageFactory(parent=event_index).pk,
        "document": GovernanceDocumentPageFactory(parent=home).pk,
        "person": chantier.co_president_referent.pk,
        "organisation": chantier.co_president_referent.organisation.pk,
        "place": PlaceFactory().pk,
    }
    url = path.format(**ids)
    assert client.get(url).status_code == 200

    response = client.get(f"{url}?fields=title")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert list(response.json()["errors"]) == ["fields"]


@pytest.fixture
def home_with_content(home, chantier_index, event_index):
    def add(count):
        for number in range(count):
            ChantierPageFactory(
                parent=chantier_index, status=ChantierStatus.ONGOING, title=f"Chantier {number}"
            )
            EventPageFactory(parent=event_index, start=soon(number + 1), end=None)
            ContentPageFactory(parent=home)

    return add


def test_page_endpoint_query_counts_do_not_depend_on_the_content(
    client, uncached_api, home, home_with_content, assert_max_queries
):
    home_with_content(2)
    few = assert_max_queries(40, client.get, f"/api/v1/pages/{home.pk}/")
    home_with_content(10)

    assert assert_max_queries(few, client.get, f"/api/v1/pages/{home.pk}/") == few
    assert assert_max_queries(20, client.get, f"/api/v1/pages/{home.pk}/") <= 20


def test_content_page_query_count_does_not_depend_on_its_subpages(
    client, uncached_api, home, assert_max_queries
):
    page = ContentPageFactory(parent=home)
    ContentPageFactory(parent=page)
    few = assert_max_queries(20, client.get, f"/api/v1/pages/{page.pk}/")
    for _ in range(10):
        ContentPageFactory(parent=page)

    assert assert_max_queries(few, client.get, f"/api/v1/pages/{page.pk}/") == few


def test_find_query_count_does_not_depend_on_the_depth(client, uncached_api, home, assert_max_queries):
    parent = home
    for depth in range(5):
        parent = ContentPageFactory(parent=parent, slug=f"niveau-{depth}")
    shallow = assert_max_queries(30, client.get, "/api/v1/pages/find/?path=/niveau-0/")

    assert assert_max_queries(
        shallow + 4, client.get, "/api/v1/pages/find/?path=/niveau-0/niveau-1/niveau-2/niveau-3/niveau-4/"
    )


def test_a_form_page_under_a_view_restriction_is_not_found(client, home):
    form = ConsultationPageFactory(parent=home, slug="adherents")
    PageViewRestriction.objects.create(page=form, restriction_type=PageViewRestriction.LOGIN)

    assert client.get("/api/v1/pages/find/?path=/adherents/").status_code == 404


def test_resource_index_page_without_filters_set_still_answers(client, home):
    index = ResourceIndexPageFactory(parent=home, slug="ressources-bis")

    assert page_json(client, index)["list_url"] == f"{API}/resources/"
