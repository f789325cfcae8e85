"""iCalendar (RFC 5545) export of events: one VEVENT per event, recurrence as RRULE."""

from datetime import UTC, datetime, time, timedelta

from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from .choices import EventKind, Recurrence
from .recurrence import nth_weekday

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def recurrence_rule(event):
    local_start = event.local_start
    rule = {"FREQ": "WEEKLY" if event.recurrence == Recurrence.WEEKLY else "MONTHLY"}
    if event.recurrence_interval > 1:
        rule["INTERVAL"] = event.recurrence_interval
    if event.recurrence == Recurrence.MONTHLY_NTH_WEEKDAY:
        rule["BYDAY"] = f"{nth_weekday(local_start)}{WEEKDAY_CODES[local_start.weekday()]}"
    if event.recurrence_until:
        # With a zoned DTSTART, UNTIL must be given in UTC (RFC 5545, 3.3.10).
        until = datetime.combine(event.recurrence_until, time.max.replace(microsecond=0), local_start.tzinfo)
        rule["UNTIL"] = until.astimezone(UTC)
    return vRecur(rule)


def location_of(event):
    if event.place:
        parts = [
            event.place.name,
            event.place.street_address,
            f"{event.place.postal_code} {event.place.address_locality}",
        ]
        return ", ".join(part.strip() for part in parts if part.strip())
    return event.address or event.online_url


def vevent(event, request, host):
    component = Event()
    component.add("uid", f"event-{event.pk}@{host}")
    component.add("dtstamp", event.last_published_at or timezone.now())
    component.add("summary", event.title)
    if event.all_day:
        first_day = event.local_start.date()
        last_day = event.end.astimezone(event.local_start.tzinfo).date() if event.end else first_day
        component.add("dtstart", first_day)
        component.add("dtend", last_day + timedelta(days=1))
    else:
        component.add("dtstart", event.local_start)
        if event.end:
            component.add("dtend", event.end.astimezone(event.local_start.tzinfo))
    if event.recurrence:
        component.add("rrule", recurrence_rule(event))
    if event.intro:
        component.add("description", event.intro)
    location = location_of(event)
    if location:
        component.add("location", location)
    if event.place:
        component.add("geo", (float(event.place.latitude), float(event.place.longitude)))
    component.add("categories", [str(EventKind(event.kind).label)])
    component.add("url", event.get_full_url(request))
    return component


def calendar_bytes(events, request, name):
    """A VCALENDAR holding `events`, with the VTIMEZONE definitions they use."""
    calendar = Calendar()
    calendar.add("prodid", "-//Pôle//API v1//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    host = request.get_host().split(":")[0]
    for event in events:
        calendar.add_component(vevent(event, request, host))
    calendar.add_missing_timezones()
    return calendar.to_ical()
