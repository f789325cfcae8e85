"""Expanding recurring events into their occurrences, in the event's own time zone."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule

from .choices import Recurrence


def nth_weekday(day):
    """The position of `day`'s weekday in its month: 1 for the first Thursday, -1 for the last."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def build_rule(recurrence, interval, local_start, until_date):
    """A dateutil rule over naive local datetimes, or None for a single event."""
    if not recurrence:
        return None
    until = datetime.combine(until_date, time.max) if until_date else None
    if recurrence == Recurrence.WEEKLY:
        return rrule.rrule(rrule.WEEKLY, interval=interval, dtstart=local_start, until=until)
    if recurrence == Recurrence.MONTHLY_NTH_WEEKDAY:
        weekday = rrule.weekdays[local_start.weekday()](nth_weekday(local_start))
        return rrule.rrule(
            rrule.MONTHLY, interval=interval, byweekday=weekday, dtstart=local_start, until=until
        )
    raise ValueError(f"Unknown recurrence {recurrence!r}")


def occurrences(start, duration, tz_name, recurrence, interval, until_date, window_start, window_end):
    """Start datetimes (aware) of the occurrences that overlap [window_start, window_end)."""
    tz = ZoneInfo(tz_name)
    local_start = start.astimezone(tz).replace(tzinfo=None)
    rule = build_rule(recurrence, interval or 1, local_start, until_date)
    if rule is None:
        starts = [start]
    else:
        # Search from one duration before the window so an occurrence already under way is kept.
        after = (window_start - duration).astimezone(tz).replace(tzinfo=None)
        before = window_end.astimezone(tz).replace(tzinfo=None)
        starts = [moment.replace(tzinfo=tz) for moment in rule.between(after, before, inc=True)]
    return [
        moment
        for moment in starts
        if moment < window_end and moment + max(duration, timedelta(0)) >= window_start
    ]
