"""The shapes a front-end needs to show what the site shows: dates, people, recurrences, places, search."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from pole_pages.choices import EventKind, Recurrence
from pole_pages.lifecycle import ChantierStatus
from tests.factories import (
    ChantierMemberFactory,
    ChantierPageFactory,
    EventPageFactory,
    MapPageFactory,
    OrganisationFactory,
    PersonFactory,
    PersonWithoutConsentFactory,
    PlaceFactory,
    ResourcePageFactory,
)
from tests.factories.forms import ConsultationPageFactory, ParticipationCallPageFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def in_days(days, hour=18):
    moment = timezone.localtime(timezone.now() + timedelta(days=days))
    return moment.replace(hour=hour, minute=30, second=0, microsecond=0)


@pytest.mark.parametrize(
    ("status", "step"),
    [(ChantierStatus.PROPOSED, 1), (ChantierStatus.ONGOING, 4), (ChantierStatus.CLOSED, 6)],
)
def test_step_counts_from_one_like_the_timeline(client, chantier_index, status, step):
    chantier = ChantierPageFactory(parent=chantier_index, status=status)

    assert client.get(f"/api/v1/chantiers/{chantier.pk}/").json()["step"] == step
    assert client.get("/api/v1/chantiers/").json()["items"][0]["step"] == step


def test_chantier_events_carry_their_dates_and_recurrence(client, chantier_index, event_index):
    chantier = ChantierPageFactory(parent=chantier_index)
    start = in_days(3)
    EventPageFactory(
        parent=event_index,
        chantier=chantier,
        start=start,
        end=start + timedelta(hours=2),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=(start + timedelta(days=14)).date(),
    )

    event = client.get(f"/api/v1/chantiers/{chantier.pk}/").json()["events"][0]

    assert datetime.fromisoformat(event["start"]) == start
    assert datetime.fromisoformat(event["end"]) == start + timedelta(hours=2)
    assert event["recurrence"]["value"] == "weekly"
    assert event["recurrence"]["rule_text"].startswith("Chaque semaine, le ")
    assert [datetime.fromisoformat(o["start"]) for o in event["next_occurrences"]] == [
        start + timedelta(days=7 * week) for week in range(3)
    ]


def test_a_past_event_of_a_chantier_is_dated_at_its_last_occurrence(client, chantier_index, event_index):
    chantier = ChantierPageFactory(parent=chantier_index)
    start = in_days(-30)
    EventPageFactory(parent=event_index, chantier=chantier, start=start, end=None)

    event = client.get(f"/api/v1/chantiers/{chantier.pk}/").json()["events"][0]

    assert datetime.fromisoformat(event["start"]) == start
    assert event["next_occurrences"] == []


def test_chantier_forms_say_whether_they_are_open(client, chantier_index):
    chantier = ChantierPageFactory(parent=chantier_index)
    open_call = ParticipationCallPageFactory(parent=chantier_index, chantier=chantier)
    ParticipationCallPageFactory(
        parent=chantier_index,
        chantier=chantier,
        opens_at=timezone.now() - timedelta(days=10),
        closes_at=timezone.now() - timedelta(days=1),
    )

    forms = client.get(f"/api/v1/chantiers/{chantier.pk}/").json()["forms"]

    assert [(form["id"] == open_call.pk, form["is_open"]) for form in forms] == [(True, True), (False, False)]
    assert forms[0]["api_url"] == f"http://testserver/api/v1/forms/{open_call.pk}/"


def test_person_references_carry_organisation_and_only_public_contact_details(client, chantier_index):
    organisation = OrganisationFactory(name="La Fabrique")
    referent = PersonFactory(
        organisation=organisation, email="lea@exemple.fr", email_is_public=True, phone="02 40 00 00 00"
    )
    staff = PersonFactory(email="prive@exemple.fr", phone="02 41 00 00 00", phone_is_public=True)
    chantier = ChantierPageFactory(
        parent=chantier_index, co_president_referent=referent, staff_referent=staff
    )

    detail = client.get(f"/api/v1/chantiers/{chantier.pk}/").json()
    listed = client.get("/api/v1/chantiers/").json()["items"][0]["co_president_referent"]

    roles = detail["roles"]
    assert roles["co_president_referent"]["organisation"] == {
        "id": organisation.pk,
        "name": "La Fabrique",
        "slug": organisation.slug,
    }
    assert (roles["co_president_referent"]["email"], roles["co_president_referent"]["phone"]) == (
        "lea@exemple.fr",
        None,
    )
    assert (roles["staff_referent"]["email"], roles["staff_referent"]["phone"]) == (None, "02 41 00 00 00")
    assert listed == roles["co_president_referent"]


def test_chantier_roles_count_the_people_left_unnamed_as_the_page_does(client, chantier_index):
    hidden = PersonWithoutConsentFactory()
    shown = PersonFactory()
    chantier = ChantierPageFactory(parent=chantier_index, co_president_referent=hidden, staff_referent=shown)
    chantier.board_members.set([hidden, shown])
    ChantierMemberFactory(page=chantier, person=hidden, organisation=OrganisationFactory())
    ChantierMemberFactory(page=chantier, person=None, organisation=OrganisationFactory())
    chantier.save_revision().publish()

    roles = client.get(f"/api/v1/chantiers/{chantier.pk}/").json()["roles"]

    assert (roles["co_president_referent"], roles["co_president_referent_withheld"]) == (None, True)
    assert roles["staff_referent_withheld"] is False
    assert [person["id"] for person in roles["board_members"]] == [shown.pk]
    assert roles["board_members_withheld"] == 1
    assert [member["person"] for member in roles["members"]] == [None]
    assert roles["members_withheld"] == 1


def test_event_place_links_to_its_website(client, event_index):
    event = EventPageFactory(parent=event_index, place=PlaceFactory(url="https://lieu.exemple.fr/"))

    assert client.get(f"/api/v1/events/{event.pk}/").json()["place"]["url"] == "https://lieu.exemple.fr/"


def test_unconsenting_people_never_appear_even_with_public_details(client, chantier_index):
    hidden = PersonWithoutConsentFactory(email="x@exemple.fr", email_is_public=True)
    chantier = ChantierPageFactory(parent=chantier_index, co_president_referent=hidden)

    assert client.get(f"/api/v1/chantiers/{chantier.pk}/").json()["roles"]["co_president_referent"] is None


def test_event_detail_starts_at_its_next_occurrence(client, event_index):
    start = in_days(-20)
    event = EventPageFactory(
        parent=event_index,
        start=start,
        end=start + timedelta(hours=1),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=(start + timedelta(days=70)).date(),
    )

    body = client.get(f"/api/v1/events/{event.pk}/").json()

    first = datetime.fromisoformat(body["next_occurrences"][0]["start"])
    assert datetime.fromisoformat(body["start"]) == first == start + timedelta(days=21)
    assert datetime.fromisoformat(body["end"]) == first + timedelta(hours=1)
    assert body["recurrence"]["until"] == event.recurrence_until.isoformat()


def test_single_event_has_no_recurrence(client, event_index):
    event = EventPageFactory(parent=event_index, start=in_days(2), end=None)

    body = client.get(f"/api/v1/events/{event.pk}/").json()

    assert body["recurrence"] is None
    assert body["end"] is None


def test_ical_feed_takes_the_list_default_and_filters(client, event_index):
    EventPageFactory(parent=event_index, title="Passé", start=in_days(-10), end=in_days(-10, 20))
    EventPageFactory(parent=event_index, title="Meet-up", kind=EventKind.MEETUP, start=in_days(5), end=None)
    EventPageFactory(parent=event_index, title="Apéro", kind=EventKind.APERO, start=in_days(6), end=None)

    def summaries(query=""):
        calendar = Calendar.from_ical(client.get(f"/api/v1/events.ics{query}").content)
        return sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))

    assert summaries() == ["Apéro", "Meet-up"]
    assert summaries("?kind=meetup") == ["Meet-up"]
    past_day = (timezone.localdate() - timedelta(days=11)).isoformat()
    assert summaries(f"?from={past_day}") == ["Apéro", "Meet-up", "Passé"]
    assert client.get("/api/v1/events.ics?colour=red").status_code == 400


def test_geojson_gives_status_as_a_choice_and_links_the_place_page(client, home):
    MapPageFactory(parent=home, slug="carte")
    place = PlaceFactory(slug="la-cantine", url="", organisation=OrganisationFactory(website=""))

    feature = client.get("/api/v1/places.geojson").json()["features"][0]

    properties = feature["properties"]
    assert properties["status"] == {"value": "open", "label": "Ouvert"}
    assert properties["url"] is None
    assert properties["page_url"] == "http://testserver/carte/lieux/la-cantine/"
    assert properties["organisation"]["id"] == place.organisation_id
    assert properties["organisation_website"] is None


def test_geojson_page_url_is_null_without_a_map_page(client, home):
    PlaceFactory(url="https://lieu.exemple.fr/")

    properties = client.get("/api/v1/places.geojson").json()["features"][0]["properties"]

    assert properties["page_url"] is None
    assert properties["url"] == "https://lieu.exemple.fr/"


def test_place_detail_gives_its_feature_and_image(client, home):
    place = PlaceFactory()
    place.labels.add("Fabrique de territoire", "Atelier")
    place.save()

    body = client.get(f"/api/v1/places/{place.pk}/").json()

    assert body["id"] == place.pk
    assert body["properties"]["labels"] == ["Atelier", "Fabrique de territoire"]
    assert body["image"] is None


def search(client, q):
    response = client.get("/api/v1/search/", {"q": q})
    assert response.status_code == 200, response.content
    return {(item["type"], item["id"]): item for item in response.json()["items"]}


@pytest.mark.parametrize("q", ["mobilite", "MOBILITÉ", "Mobilité"])
def test_search_finds_people_whatever_the_accents(client, home, q):
    person = PersonFactory(first_name="Léa", last_name="Guérin", role_title="Référente mobilité")

    assert ("person", person.pk) in search(client, q)
    assert ("person", person.pk) in search(client, "lea guerin")


def test_people_list_search_ignores_accents(client, home):
    person = PersonFactory(first_name="Gwenaël", last_name="Morvan")

    assert [item["id"] for item in client.get("/api/v1/people/?q=gwenael").json()["items"]] == [person.pk]


def test_search_text_follows_a_renamed_person(client, home):
    person = PersonFactory(first_name="Léa", last_name="Martin")
    person.last_name = "Hélias"
    person.save(update_fields=["last_name"])

    assert ("person", person.pk) in search(client, "helias")


def test_search_finds_public_forms_only(client, home, restrict):
    public = ConsultationPageFactory(parent=home, title="Consultation sur la mobilité")
    members = ConsultationPageFactory(parent=home, title="Consultation mobilité des adhérents")
    restrict(members)

    found = search(client, "consultation")

    assert ("consultationpage", public.pk) in found
    assert ("consultationpage", members.pk) not in found


def test_search_gives_places_their_page(client, home):
    MapPageFactory(parent=home, slug="carte")
    place = PlaceFactory(name="La Cantine numérique", slug="la-cantine")

    assert (
        search(client, "cantine")[("place", place.pk)]["url"] == "http://testserver/carte/lieux/la-cantine/"
    )


def test_search_summaries_keep_paragraphs_apart(client, home):
    form = ConsultationPageFactory(
        parent=home, title="Consultation", intro="<p>Premier &amp; dernier.</p><p>Second<br>ligne</p>"
    )

    summary = search(client, "consultation")[("consultationpage", form.pk)]["summary"]

    assert summary == "Premier & dernier.\n\nSecond\n\nligne"


def test_search_query_count_does_not_depend_on_the_results(
    client, uncached_api, home, resource_index, assert_max_queries
):
    def add(count):
        for number in range(count):
            PersonFactory(first_name="Mobilité", last_name=f"Personne {number}")
            PlaceFactory(name=f"Lieu mobilité {number}")
            ResourcePageFactory(parent=resource_index, title=f"Guide mobilité {number}")

    add(2)
    few = assert_max_queries(40, client.get, "/api/v1/search/?q=mobilite")
    add(10)

    assert assert_max_queries(few, client.get, "/api/v1/search/?q=mobilite") == few
