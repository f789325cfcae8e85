"""Expanding recurring events into occurrences, in the event's local time."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr

from pole_pages.choices import Recurrence
from pole_pages.recurrence import nth_weekday
from tests.factories import EventIndexPageFactory, EventPageFactory

PARIS = ZoneInfo("Europe/Paris")

# Events are built, never saved; building a page still looks up its content type.
pytestmark = pytest.mark.django_db


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def event(start, recurrence=Recurrence.NONE, until=None, interval=1, duration=timedelta(hours=2)):
    return EventPageFactory.build(
        parent=None,
        start=start,
        end=start + duration,
        recurrence=recurrence,
        recurrence_interval=interval,
        recurrence_until=until,
    )


def days(occurrences):
    return [moment.date() for moment in occurrences]


def test_single_event_has_one_occurrence_in_a_window_around_it():
    meetup = event(paris(2025, 3, 13, 18, 30))
    assert meetup.recurrence_rule.between(paris(2025, 3, 1), paris(2025, 4, 1)) == [
        paris(2025, 3, 13, 18, 30)
    ]


def test_single_event_has_no_occurrence_outside_the_window():
    meetup = event(paris(2025, 3, 13, 18, 30))
    assert meetup.recurrence_rule.between(paris(2025, 4, 1), paris(2025, 5, 1)) == []


def test_weekly_event_occurs_every_week():
    meeting = event(paris(2025, 3, 4, 18, 30), Recurrence.WEEKLY, until=date(2025, 12, 31))
    assert days(meeting.recurrence_rule.between(paris(2025, 3, 1), paris(2025, 4, 1))) == [
        date(2025, 3, 4),
        date(2025, 3, 11),
        date(2025, 3, 18),
        date(2025, 3, 25),
    ]


def test_fortnightly_event_occurs_every_other_week():
    meeting = event(paris(2025, 3, 4, 18, 30), Recurrence.WEEKLY, until=date(2025, 12, 31), interval=2)
    assert days(meeting.recurrence_rule.between(paris(2025, 3, 1), paris(2025, 4, 1))) == [
        date(2025, 3, 4),
        date(2025, 3, 18),
    ]


def test_monthly_event_keeps_the_first_thursday():
    apero = event(paris(2025, 1, 2, 18, 30), Recurrence.MONTHLY_NTH_WEEKDAY, until=date(2025, 12, 31))
    assert days(apero.recurrence_rule.between(paris(2025, 1, 1), paris(2025, 5, 1))) == [
        date(2025, 1, 2),
        date(2025, 2, 6),
        date(2025, 3, 6),
        date(2025, 4, 3),
    ]


def test_monthly_event_started_on_a_fifth_weekday_keeps_the_last_weekday_of_the_month():
    # 30 January 2025 is the fifth, hence last, Thursday; most months have only four.
    apero = event(paris(2025, 1, 30, 18, 30), Recurrence.MONTHLY_NTH_WEEKDAY, until=date(2025, 12, 31))
    assert days(apero.recurrence_rule.between(paris(2025, 2, 1), paris(2025, 6, 1))) == [
        date(2025, 2, 27),
        date(2025, 3, 27),
        date(2025, 4, 24),
        date(2025, 5, 29),
    ]


def test_monthly_event_started_on_a_fourth_weekday_keeps_the_fourth_weekday():
    apero = event(paris(2025, 1, 23, 18, 30), Recurrence.MONTHLY_NTH_WEEKDAY, until=date(2025, 12, 31))
    assert days(apero.recurrence_rule.between(paris(2025, 5, 1), paris(2025, 6, 1))) == [date(2025, 5, 22)]


def test_nth_weekday_counts_from_the_start_of_the_month():
    assert [nth_weekday(date(2025, 1, day)) for day in (2, 9, 16, 23, 30)] == [1, 2, 3, 4, -1]


def test_recurrence_stops_after_its_until_date_included():
    apero = event(paris(2025, 1, 2, 18, 30), Recurrence.MONTHLY_NTH_WEEKDAY, until=date(2025, 3, 6))
    assert days(apero.recurrence_rule.between(paris(2025, 1, 1), paris(2025, 12, 31))) == [
        date(2025, 1, 2),
        date(2025, 2, 6),
        date(2025, 3, 6),
    ]


def test_occurrence_under_way_at_the_start_of_the_window_is_kept():
    meeting = event(paris(2025, 3, 4, 18, 30), Recurrence.WEEKLY, until=date(2025, 12, 31))
    assert meeting.recurrence_rule.between(paris(2025, 3, 11, 19, 0), paris(2025, 3, 12)) == [
        paris(2025, 3, 11, 18, 30)
    ]


def test_occurrence_under_way_across_the_spring_time_change_is_kept():
    # 22:30 to 04:30 on the night of 28 March 2026: five hours elapse, the clock moves six.
    party = event(
        paris(2026, 3, 21, 22, 30), Recurrence.WEEKLY, until=date(2026, 4, 30), duration=timedelta(hours=5)
    )
    assert party.recurrence_rule.between(paris(2026, 3, 29, 4, 0), paris(2026, 3, 29, 12, 0)) == [
        paris(2026, 3, 28, 22, 30)
    ]
    assert party.recurrence_rule.end_of(paris(2026, 3, 28, 22, 30)) == paris(2026, 3, 29, 4, 30)


def test_weekly_event_keeps_its_local_time_across_the_spring_time_change():
    meeting = event(paris(2025, 3, 20, 18, 30), Recurrence.WEEKLY, until=date(2025, 12, 31))
    occurrences = meeting.recurrence_rule.between(paris(2025, 3, 20), paris(2025, 4, 11))
    assert [moment.astimezone(PARIS).strftime("%d/%m %H:%M") for moment in occurrences] == [
        "20/03 18:30",
        "27/03 18:30",
        "03/04 18:30",
        "10/04 18:30",
    ]


def test_weekly_event_moves_one_hour_earlier_in_utc_after_the_spring_time_change():
    meeting = event(paris(2025, 3, 27, 18, 30), Recurrence.WEEKLY, until=date(2025, 12, 31))
    occurrences = meeting.recurrence_rule.between(paris(2025, 3, 27), paris(2025, 4, 4))
    assert [moment.astimezone(UTC) for moment in occurrences] == [
        datetime(2025, 3, 27, 17, 30, tzinfo=UTC),
        datetime(2025, 4, 3, 16, 30, tzinfo=UTC),
    ]


def test_monthly_event_keeps_its_local_time_across_the_autumn_time_change():
    apero = event(paris(2025, 10, 2, 18, 30), Recurrence.MONTHLY_NTH_WEEKDAY, until=date(2025, 12, 31))
    occurrences = apero.recurrence_rule.between(paris(2025, 10, 1), paris(2025, 12, 1))
    assert [(moment.astimezone(PARIS).hour, moment.astimezone(PARIS).minute) for moment in occurrences] == [
        (18, 30),
        (18, 30),
    ]
    assert [moment.utcoffset() for moment in occurrences] == [timedelta(hours=2), timedelta(hours=1)]


# The published rule and the listed occurrences, compared over starts that test the rule's edges:
# fifth weekdays (which become the last one), the 31st, both time changes of Europe/Paris, and
# wall-clock times that do not exist (02:30 on 29 March) or exist twice (02:30 on 25 October).
GRID_STARTS = [
    paris(2026, 10, 29, 18, 30),  # fifth Thursday, after the autumn change
    paris(2026, 12, 31, 18, 30),  # fifth Thursday, the 31st, the last day of the year
    paris(2026, 3, 31, 18, 30),  # fifth Tuesday, the 31st, after the spring change
    paris(2026, 1, 31, 10, 0),  # fifth Saturday, the 31st
    paris(2026, 3, 26, 18, 30),  # fourth and last Thursday, before the spring change
    paris(2026, 10, 22, 18, 30),  # fourth Thursday, before the autumn change
    paris(2026, 3, 22, 2, 30),  # Sunday: a week later, 02:30 does not exist
    paris(2026, 10, 25, 2, 30),  # Sunday of the autumn change: 02:30 happens twice
    paris(2026, 3, 28, 23, 0),  # overnight, across the spring change
]
GRID_RULES = [
    (Recurrence.NONE, 1),
    (Recurrence.WEEKLY, 1),
    (Recurrence.WEEKLY, 2),
    (Recurrence.MONTHLY_NTH_WEEKDAY, 1),
    (Recurrence.MONTHLY_NTH_WEEKDAY, 2),
]


def published_occurrences(client, page):
    """The recurrence set of the page's iCalendar VEVENT, expanded by dateutil alone."""
    vevent = icalendar.Calendar.from_ical(client.get(f"/api/v1/events/{page.pk}.ics").content).walk("VEVENT")[
        0
    ]
    dtstart = vevent["DTSTART"].dt
    if isinstance(dtstart, datetime):
        assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
        dtstart = dtstart.replace(tzinfo=PARIS)
    else:
        dtstart = datetime.combine(dtstart, time.min)
    if "RRULE" not in vevent:
        return [dtstart]
    return list(rrulestr(f"RRULE:{vevent['RRULE'].to_ical().decode()}", dtstart=dtstart))


def listed_starts(client, first_day, last_day):
    """The occurrence starts the events API lists for the days [first_day, last_day], all on one page."""
    body = client.get(f"/api/v1/events/?from={first_day}&to={last_day}&limit=100").json()
    assert body["count"] == len(body["items"])
    return [datetime.fromisoformat(item["start"]) for item in body["items"]]


def instants(moments):
    # Aware datetimes of different zones compare unequal when one is in a gap or a fold (PEP 495).
    return [moment.astimezone(UTC) for moment in moments]


@pytest.mark.parametrize("all_day", [False, True], ids=["timed", "all-day"])
@pytest.mark.parametrize(("recurrence", "interval"), GRID_RULES, ids=lambda value: str(value or "none"))
@pytest.mark.parametrize("start", GRID_STARTS, ids=lambda start: start.strftime("%Y-%m-%dT%H%M"))
def test_published_rrule_gives_exactly_the_occurrences_the_api_lists(
    client, home, start, recurrence, interval, all_day
):
    duration = timedelta(hours=5) if start.hour == 23 else timedelta(hours=2)
    page = EventPageFactory(
        parent=EventIndexPageFactory(parent=home),
        start=start,
        end=start + duration,
        all_day=all_day,
        recurrence=recurrence,
        recurrence_interval=interval,
        # 52 weeks later: on an occurrence of every weekly rule and of some monthly ones.
        recurrence_until=start.date() + timedelta(weeks=52) if recurrence else None,
    )

    published = published_occurrences(client, page)
    listed = listed_starts(client, start.date(), page.recurrence_until or start.date())

    if all_day:
        assert [moment.date() for moment in listed] == [moment.date() for moment in published]
        return
    assert instants(listed) == instants(published)
    # Two months from the day after an occurrence halfway through, which an overnight one straddles.
    first_day = published[len(published) // 2].date() + timedelta(days=1)
    last_day = first_day + timedelta(days=60)
    window_start = datetime.combine(first_day, time.min, PARIS)
    window_end = datetime.combine(last_day + timedelta(days=1), time.min, PARIS)
    assert instants(listed_starts(client, first_day, last_day)) == [
        moment for moment in instants(published) if moment < window_end and moment + duration >= window_start
    ]
