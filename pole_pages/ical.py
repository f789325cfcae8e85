"""iCalendar (RFC 5545) export of events: one VEVENT per event, recurrence as RRULE."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from .choices import EventKind


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
    rule = event.recurrence_rule
    end = rule.end_of(rule.start)
    if event.all_day:
        component.add("dtstart", rule.start.date())
        component.add("dtend", (end or rule.start).date() + timedelta(days=1))
    else:
        component.add("dtstart", rule.start)
        if end:
            component.add("dtend", end)
    if rule.is_recurring:
        component.add("rrule", rule.ical_rrule())
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
