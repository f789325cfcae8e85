from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from pole_pages.choices import EventKind, Recurrence
from tests.api.conftest import ids
from tests.factories import ChantierPageFactory, EventPageFactory, PlaceFactory

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


@pytest.fixture
def monthly_apero(event_index):
    """The seed's "apéro tiers-lieux par mois": first Thursday, 18:30–20:30, all of 2026."""
    return EventPageFactory(
        parent=event_index,
        title="Apéro tiers-lieux",
        kind=EventKind.APERO,
        start=datetime(2026, 1, 1, 18, 30, tzinfo=PARIS),
        end=datetime(2026, 1, 1, 20, 30, tzinfo=PARIS),
        recurrence=Recurrence.MONTHLY_NTH_WEEKDAY,
        recurrence_until=date(2026, 12, 31),
    )


def test_recurring_event_is_expanded_inside_the_range(client, monthly_apero):
    response = client.get("/api/v1/events/?from=2026-03-01&to=2026-05-31")

    items = response.json()["items"]
    assert response.json()["count"] == 3
    assert [(item["start"], item["end"]) for item in items] == [
        ("2026-03-05T18:30:00+01:00", "2026-03-05T20:30:00+01:00"),
        ("2026-04-02T18:30:00+02:00", "2026-04-02T20:30:00+02:00"),
        ("2026-05-07T18:30:00+02:00", "2026-05-07T20:30:00+02:00"),
    ]
    assert {item["id"] for item in items} == {monthly_apero.pk}
    assert items[0]["recurrence"] == {
        "value": "monthly_nth_weekday",
        "label": "Chaque mois, le même jour de la semaine (ex. 1er jeudi)",
        "interval": 1,
        "until": "2026-12-31",
        "rule_text": "Chaque mois, le premier jeudi, jusqu'au 31 décembre 2026",
    }


def test_events_filter_by_kind_place_and_chantier(client, event_index, chantier_index):
    place = PlaceFactory()
    chantier = ChantierPageFactory(parent=chantier_index)
    meetup = EventPageFactory(
        parent=event_index,
        kind=EventKind.MEETUP,
        place=place,
        chantier=chantier,
        start=datetime(2026, 6, 4, 18, tzinfo=PARIS),
        end=None,
    )
    EventPageFactory(
        parent=event_index, kind=EventKind.TRAINING, start=datetime(2026, 6, 5, 9, tzinfo=PARIS), end=None
    )

    base = "/api/v1/events/?from=2026-06-01&to=2026-06-30"
    assert ids(client.get(f"{base}&kind=meetup")) == [meetup.pk]
    assert ids(client.get(f"{base}&place={place.pk}")) == [meetup.pk]
    assert ids(client.get(f"{base}&chantier={chantier.pk}")) == [meetup.pk]


def test_past_events_are_left_out_by_default(client, event_index):
    EventPageFactory(parent=event_index, start=datetime(2020, 1, 1, 18, tzinfo=PARIS), end=None)

    assert client.get("/api/v1/events/").json()["count"] == 0


@pytest.mark.parametrize("query", ["from=hier", "to=2026-13-01", "kind=concert"])
def test_bad_event_filters_answer_400(client, event_index, query):
    response = client.get(f"/api/v1/events/?{query}")

    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["errors"]


def test_ical_feed_is_valid_with_rrule_timezone_and_stable_uid(client, monthly_apero):
    response = client.get("/api/v1/events.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    timezones = [component["TZID"] for component in calendar.walk("VTIMEZONE")]
    assert timezones == ["Europe/Paris"]
    event = calendar.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Apéro tiers-lieux"
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event["RRULE"]["FREQ"] == ["MONTHLY"]
    assert event["RRULE"]["BYDAY"] == ["1TH"]
    assert event["RRULE"]["UNTIL"][0].tzinfo is not None
    second = icalendar.Calendar.from_ical(client.get("/api/v1/events.ics").content).walk("VEVENT")[0]
    assert second["UID"] == event["UID"]


def test_single_event_ical(client, monthly_apero, event_index):
    response = client.get(f"/api/v1/events/{monthly_apero.pk}.ics")

    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["UID"]).startswith(f"event-{monthly_apero.pk}@")


def test_draft_events_never_appear_in_json_or_ical(client, event_index):
    draft = EventPageFactory(
        parent=event_index,
        title="Brouillon secret",
        live=False,
        start=datetime(2030, 1, 1, 18, tzinfo=PARIS),
        end=None,
    )

    assert client.get("/api/v1/events/?from=2029-01-01&to=2031-01-01").json()["count"] == 0
    assert b"Brouillon secret" not in client.get("/api/v1/events.ics").content
    assert client.get(f"/api/v1/events/{draft.pk}.ics").status_code == 404
