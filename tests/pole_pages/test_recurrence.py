"""Expanding recurring events into occurrences, in the event's local time."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pole_pages.choices import Recurrence
from pole_pages.recurrence import nth_weekday
from tests.factories import EventPageFactory

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
    assert meetup.occurrences_between(paris(2025, 3, 1), paris(2025, 4, 1)) == [paris(2025, 3, 13, 18, 30)]


def test_single_event_has_no_occurrence_outside_the_window():
    meetup = event(paris(2025, 3, 13, 18, 30))
    assert meetup.occurrences_between(paris(2025, 4, 1), paris(2025, 5, 1)) == []


def test_weekly_event_occurs_every_week():
    meeting = event(paris(2025, 3, 4, 18, 30), Recurrence.WEEKLY, until=date(2025, 12, 31))
    assert days(meeting.occurrences_between(paris(2025, 3, 1), paris(2025, 4, 1))) == [
        date(2025, 3, 4),
        date(2025, 3, 11),
        date(2025, 3, 18),
        date(2025, 3, 25),
    ]


def test_fortnightly_event_occurs_every_other_week():
    meeting = event(paris(2025, 3, 4, 18, 30), Recurrence.WEEKLY, until=date(2025, 12, 31), interval=2)
    assert days(meeting.occurrences_between(paris(2025, 3, 1), paris(2025, 4, 1))) == [
        date(2025, 3, 4),
        date(2025, 3, 18),
    ]


def test_monthly_event_keeps_the_first_thursday():
    apero = event(paris(2025, 1, 2, 18, 30), Recurrence.MONTHLY_NTH_WEEKDAY, until=date(2025, 12, 31))
    assert days(apero.occurrences_between(paris(2025, 1, 1), paris(2025, 5, 1))) == [
        date(2025, 1, 2),
        date(2025, 2, 6),
        date(2025, 3, 6),
        date(2025, 4, 3),
    ]


def test_monthly_event_started_on_a_fifth_weekday_keeps_the_last_weekday_of_the_month():
    # 30 January 2025 is the fifth, hence last, Thursday; most months have only four.
    apero = event(paris(2025, 1, 30, 18, 30), Recurrence.MONTHLY_NTH_WEEKDAY, until=date(2025, 12, 31))
    assert days(apero.occurrences_between(paris(2025, 2, 1), paris(2025, 6, 1))) == [
        date(2025, 2, 27),
        date(2025, 3, 27),
        date(2025, 4, 24),
        date(2025, 5, 29),
    ]


def test_monthly_event_started_on_a_fourth_weekday_keeps_the_fourth_weekday():
    apero = event(paris(2025, 1, 23, 18, 30), Recurrence.MONTHLY_NTH_WEEKDAY, until=date(2025, 12, 31))
    assert days(apero.occurrences_between(paris(2025, 5, 1), paris(2025, 6, 1))) == [date(2025, 5, 22)]


def test_nth_weekday_counts_from_the_start_of_the_month():
    assert [nth_weekday(date(2025, 1, day)) for day in (2, 9, 16, 23, 30)] == [1, 2, 3, 4, -1]


def test_recurrence_stops_after_its_until_date_included():
    apero = event(paris(2025, 1, 2, 18, 30), Recurrence.MONTHLY_NTH_WEEKDAY, until=date(2025, 3, 6))
    assert days(apero.occurrences_between(paris(2025, 1, 1), paris(2025, 12, 31))) == [
        date(2025, 1, 2),
        date(2025, 2, 6),
        date(2025, 3, 6),
    ]


def test_occurrence_under_way_at_the_start_of_the_window_is_kept():
    meeting = event(paris(2025, 3, 4, 18, 30), Recurrence.WEEKLY, until=date(2025, 12, 31))
    assert meeting.occurrences_between(paris(2025, 3, 11, 19, 0), paris(2025, 3, 12)) == [
        paris(2025, 3, 11, 18, 30)
    ]


def test_weekly_event_keeps_its_local_time_across_the_spring_time_change():
    meeting = event(paris(2025, 3, 20, 18, 30), Recurrence.WEEKLY, until=date(2025, 12, 31))
    occurrences = meeting.occurrences_between(paris(2025, 3, 20), paris(2025, 4, 11))
    assert [moment.astimezone(PARIS).strftime("%d/%m %H:%M") for moment in occurrences] == [
        "20/03 18:30",
        "27/03 18:30",
        "03/04 18:30",
        "10/04 18:30",
    ]


def test_weekly_event_moves_one_hour_earlier_in_utc_after_the_spring_time_change():
    meeting = event(paris(2025, 3, 27, 18, 30), Recurrence.WEEKLY, until=date(2025, 12, 31))
    occurrences = meeting.occurrences_between(paris(2025, 3, 27), paris(2025, 4, 4))
    assert [moment.astimezone(UTC) for moment in occurrences] == [
        datetime(2025, 3, 27, 17, 30, tzinfo=UTC),
        datetime(2025, 4, 3, 16, 30, tzinfo=UTC),
    ]


def test_monthly_event_keeps_its_local_time_across_the_autumn_time_change():
    apero = event(paris(2025, 10, 2, 18, 30), Recurrence.MONTHLY_NTH_WEEKDAY, until=date(2025, 12, 31))
    occurrences = apero.occurrences_between(paris(2025, 10, 1), paris(2025, 12, 1))
    assert [(moment.astimezone(PARIS).hour, moment.astimezone(PARIS).minute) for moment in occurrences] == [
        (18, 30),
        (18, 30),
    ]
    assert [moment.utcoffset() for moment in occurrences] == [timedelta(hours=2), timedelta(hours=1)]
