import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from wagtail.models import PageViewRestriction

from pole_pages.choices import EventKind, ProgressSource, TargetPeriod
from pole_pages.lifecycle import ChantierStatus
from tests.api.conftest import ids
from tests.factories import (
    AxisFactory,
    ChantierIndexPageFactory,
    ChantierMemberFactory,
    ChantierPageFactory,
    EventPageFactory,
    ImageFactory,
    OrganisationFactory,
    PersonFactory,
    PersonWithoutConsentFactory,
    ResourcePageFactory,
)

PARIS = ZoneInfo("Europe/Paris")
# The README's 7 queries for the listing, whatever the limit, plus the read of Wagtail's site root
# paths from the database cache (the bench keeps the cache in memory).
LISTING_MAX_QUERIES = 8
pytestmark = pytest.mark.django_db


def test_list_gives_published_chantiers_with_count(client, chantier_index):
    mobility = ChantierPageFactory(parent=chantier_index, title="Le chantier mobilité")
    ChantierPageFactory(parent=chantier_index, title="Le chantier mutualisation de l'emploi")

    response = client.get("/api/v1/chantiers/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["items"][0]["title"] == "Le chantier mobilité"
    assert body["items"][0]["id"] == mobility.pk
    assert body["items"][0]["status"] == {"value": "proposed", "label": "Proposé"}
    assert body["items"][0]["url"] == "http://testserver/chantiers/le-chantier-mobilite/"


def test_filters_by_status_and_axis(client, chantier_index):
    mobility_axis = AxisFactory(name="Mailler le territoire et animer le réseau", slug="mailler")
    ongoing = ChantierPageFactory(parent=chantier_index, status=ChantierStatus.ONGOING)
    ongoing.axes.add(mobility_axis)
    ongoing.save()
    ChantierPageFactory(parent=chantier_index, status=ChantierStatus.ONGOING)
    ChantierPageFactory(parent=chantier_index, status=ChantierStatus.PROPOSED)

    assert len(ids(client.get("/api/v1/chantiers/?status=ongoing"))) == 2
    assert ids(client.get("/api/v1/chantiers/?status=ongoing&axis=mailler")) == [ongoing.pk]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("status=finished", "status"),
        ("axis=mail%00ler", "axis"),
        ("colour=red", "colour"),
        ("ordering=color", "ordering"),
        ("limit=abc", "limit"),
        ("limit=101", "limit"),
        ("offset=-1", "offset"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(client, chantier_index, query, parameter):
    response = client.get(f"/api/v1/chantiers/?{query}")

    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert parameter in body["errors"]


def test_pagination_by_limit_and_offset(client, chantier_index):
    created = [ChantierPageFactory(parent=chantier_index, title=f"Chantier {n:02d}").pk for n in range(5)]

    response = client.get("/api/v1/chantiers/?limit=2&offset=2")

    assert response.json()["count"] == 5
    assert ids(response) == created[2:4]


def test_search_and_ordering(client, chantier_index):
    ChantierPageFactory(parent=chantier_index, title="Le chantier mobilité", intro="Covoiturage des équipes.")
    ChantierPageFactory(parent=chantier_index, title="Le chantier emploi", intro="Groupements d'employeurs.")

    assert [i["title"] for i in client.get("/api/v1/chantiers/?q=covoiturage").json()["items"]] == [
        "Le chantier mobilité"
    ]
    titles = [i["title"] for i in client.get("/api/v1/chantiers/?ordering=-title").json()["items"]]
    assert titles == ["Le chantier mobilité", "Le chantier emploi"]


def test_drafts_private_and_other_sites_never_appear(client, chantier_index, other_site, restrict):
    public = ChantierPageFactory(parent=chantier_index, title="Public")
    draft = ChantierPageFactory(parent=chantier_index, title="Brouillon", live=False)
    password = ChantierPageFactory(parent=chantier_index, title="Protégé")
    restrict(password)
    members_only = ChantierPageFactory(parent=chantier_index, title="Adhérents")
    restrict(members_only, PageViewRestriction.LOGIN)
    elsewhere = ChantierPageFactory(parent=ChantierIndexPageFactory(parent=other_site), title="Ailleurs")

    assert ids(client.get("/api/v1/chantiers/")) == [public.pk]
    # Unfiltered, the count is read from the page table alone (count_public_pages): same rules.
    assert client.get("/api/v1/chantiers/").json()["count"] == 1
    assert client.get("/api/v1/chantiers/?status=proposed&status=ongoing").json()["count"] == 1
    for hidden in (draft, password, members_only, elsewhere):
        assert client.get(f"/api/v1/chantiers/{hidden.pk}/").status_code == 404


def test_other_site_sees_its_own_chantiers(client, chantier_index, other_site):
    ChantierPageFactory(parent=chantier_index, title="Ici")
    elsewhere = ChantierPageFactory(parent=ChantierIndexPageFactory(parent=other_site), title="Ailleurs")

    assert ids(client.get("/api/v1/chantiers/", HTTP_HOST="autre.example")) == [elsewhere.pk]
    assert client.get("/api/v1/chantiers/", HTTP_HOST="autre.example").json()["count"] == 1


def test_detail_carries_roles_without_unconsenting_people(client, chantier_index):
    referent = PersonFactory(first_name="Nathalie", last_name="Morvan", with_photo=True)
    hidden = PersonWithoutConsentFactory(first_name="Secret", last_name="Personne")
    chantier = ChantierPageFactory(
        parent=chantier_index,
        co_president_referent=referent,
        staff_referent=hidden,
        status=ChantierStatus.ONGOING,
    )
    chantier.board_members.add(referent, hidden)
    chantier.save()
    ChantierMemberFactory(page=chantier, person=hidden)
    ChantierMemberFactory(
        page=chantier, person=None, organisation=OrganisationFactory(name="Compagnie Les Arts Nomades")
    )

    body = client.get(f"/api/v1/chantiers/{chantier.pk}/").json()

    roles = body["roles"]
    assert roles["co_president_referent"]["full_name"] == "Nathalie Morvan"
    assert roles["co_president_referent"]["photo"]["url"].startswith("http://testserver/media/images/")
    assert roles["staff_referent"] is None
    assert [p["full_name"] for p in roles["board_members"]] == ["Nathalie Morvan"]
    assert [m["organisation"]["name"] for m in roles["members"]] == ["Compagnie Les Arts Nomades"]
    assert "Secret" not in str(body)
    assert "@" not in str(body)


def test_detail_gives_target_progress_counted_from_events(client, chantier_index, event_index):
    chantier = ChantierPageFactory(
        parent=chantier_index,
        actions__0="action",
        actions__0__action__title="Organiser 5 à 6 meet-up annuels",
        actions__0__action__target__source=ProgressSource.EVENTS,
        actions__0__action__target__event_kind=EventKind.MEETUP,
        actions__0__action__target__period=TargetPeriod.TOTAL,
    )
    for day in (10, 20):
        EventPageFactory(
            parent=event_index,
            chantier=chantier,
            kind=EventKind.MEETUP,
            start=datetime(2025, 3, day, 18, 30, tzinfo=PARIS),
            end=datetime(2025, 3, day, 21, tzinfo=PARIS),
        )

    action = client.get(f"/api/v1/chantiers/{chantier.pk}/").json()["actions"][0]

    assert action["title"] == "Organiser 5 à 6 meet-up annuels"
    assert action["target"]["achieved"] == 2
    assert action["target"]["minimum"] == 5
    assert action["target"]["maximum"] == 6
    assert action["target"]["percent"] == 40


def test_detail_links_only_published_events_and_resources(
    client, chantier_index, event_index, resource_index
):
    chantier = ChantierPageFactory(parent=chantier_index)
    event = EventPageFactory(parent=event_index, chantier=chantier)
    EventPageFactory(parent=event_index, chantier=chantier, live=False, title="Brouillon")
    resource = ResourcePageFactory(parent=resource_index, chantier=chantier)

    body = client.get(f"/api/v1/chantiers/{chantier.pk}/").json()

    assert [e["id"] for e in body["events"]] == [event.pk]
    assert [r["id"] for r in body["resources"]] == [resource.pk]
    assert body["resources"][0]["type"] == "resourcepage"


def test_listing_query_count_does_not_depend_on_limit(
    client, chantier_index, uncached_api, assert_max_queries
):
    axes = [AxisFactory() for _ in range(3)]
    for n in range(100):
        chantier = ChantierPageFactory(
            parent=chantier_index,
            title=f"Chantier {n:03d}",
            image=ImageFactory(),
            co_president_referent=PersonFactory(with_photo=True),
        )
        chantier.axes.add(*axes)
        chantier.save()

    def listing(limit):
        response = client.get(f"/api/v1/chantiers/?limit={limit}")
        assert len(response.json()["items"]) == limit
        return response

    with_five = assert_max_queries(LISTING_MAX_QUERIES, listing, 5)
    assert_max_queries(with_five, listing, 100)


def test_action_lists_its_published_meetings(client, chantier_index, event_index):
    chantier = ChantierPageFactory(parent=chantier_index)
    meeting = EventPageFactory(parent=event_index, chantier=chantier, title="Réunion de lancement")
    draft = EventPageFactory(parent=event_index, chantier=chantier, live=False, title="Brouillon")
    EventPageFactory(parent=event_index, chantier=chantier, title="Autre rendez-vous")
    chantier.actions = json.dumps(
        [{"type": "action", "value": {"title": "Lancer le chantier", "events": [meeting.pk, draft.pk]}}]
    )
    chantier.save_revision().publish()

    action = client.get(f"/api/v1/chantiers/{chantier.pk}/").json()["actions"][0]

    assert [event["title"] for event in action["events"]] == ["Réunion de lancement"]


def test_wagtail_api_v2_gives_axes_and_people_in_the_shape_of_v1(client, chantier_index):
    referent = PersonFactory(with_photo=True)
    chantier = ChantierPageFactory(parent=chantier_index, co_president_referent=referent)
    chantier.axes.add(AxisFactory())
    chantier.board_members.add(referent, PersonWithoutConsentFactory())
    chantier.save()

    v1 = client.get(f"/api/v1/chantiers/{chantier.pk}/").json()
    v2 = client.get(f"/api/v2/pages/{chantier.pk}/").json()

    assert v2["axes"] == v1["axes"]
    assert v2["co_president_referent"] == v1["roles"]["co_president_referent"]
    assert v2["board_members"] == v1["roles"]["board_members"]
