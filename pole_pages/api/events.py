"""Events: the JSON list (recurrences expanded) and the iCalendar feeds."""

from datetime import datetime, time, timedelta

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from pole_core.api.choices import choice_of
from pole_core.api.errors import ERROR_RESPONSES, NOT_FOUND
from pole_core.api.listing import apply_filters, check_parameters, filter_parameters, paginate
from pole_core.api.params import Id, date_parameter
from pole_core.api.urls import api_path
from pole_directory.schemas import place_ref

from ..choices import (
    EventKind,
    Recurrence,
)
from ..filters import EventFilterSet
from ..ical import calendar_bytes
from ..models import EventPage
from ..recurrence import HORIZON, expand
from .common import chantier_refs, page_ref, page_summary, public_pages, stream_out
from .schemas import (
    EventListOut,
    EventOut,
)

router = Router(tags=["événements"])

EVENT_FILTER_DESCRIPTIONS = {
    "kind": "Kind(s) of event; repeat the parameter for several.",
    "place": "Id of a place of the directory.",
    "chantier": "Id of a chantier.",
    "from": "First day (YYYY-MM-DD): events with an occurrence not over that day. Default: today.",
    "to": "Last day (YYYY-MM-DD): events starting on or before it. Default: one year after `from`.",
}
# How many coming occurrences an event's detail and a chantier's events list.
MAX_NEXT_OCCURRENCES = 12

# Events


def event_queryset(request):
    return public_pages(request, EventPage).select_related("place")


def event_window(request):
    """The requested [from, to] days as aware datetimes; by default from today, for a year."""
    tz = timezone.get_current_timezone()
    first = date_parameter(request, "from") or timezone.localdate()
    last = date_parameter(request, "to") or first + HORIZON
    return datetime.combine(first, time.min, tz), datetime.combine(last + timedelta(days=1), time.min, tz)


def filtered_events(request, queryset):
    """(`queryset` through EventFilterSet, window start, window end): the list's and the feed's
    filters, `from` and `to` defaulting to the window of `event_window`."""
    window_start, window_end = event_window(request)
    defaults = {
        "from": window_start.date().isoformat(),
        "to": (window_end.date() - timedelta(days=1)).isoformat(),
    }
    return apply_filters(request, EventFilterSet, queryset, defaults=defaults), window_start, window_end


def occurrence_out(rule, start):
    """OccurrenceOut of the occurrence of `rule` starting at `start`, in the event's time zone."""
    start = start.astimezone(rule.time_zone)
    return {"start": start, "end": rule.end_of(start)}


def recurrence_out(event):
    """RecurrenceOut of an event, or None for a single occurrence."""
    rule = event.recurrence_rule
    if not rule.is_recurring:
        return None
    return {
        **choice_of(Recurrence, event.recurrence),
        "interval": rule.interval,
        "until": rule.until,
        "rule_text": rule.description(),
    }


def next_starts(event, now):
    """Starts of the occurrences of `event` under way or to come within HORIZON (at most 12)."""
    return event.recurrence_rule.between(now, now + HORIZON)[:MAX_NEXT_OCCURRENCES]


def current_start(event, now, upcoming):
    """The occurrence an event is shown at: its next one under way or to come (the first of
    `upcoming`), else its last one."""
    return upcoming[0] if upcoming else event.recurrence_rule.last_start(now)


def event_summary(event, request, chantiers, occurrence_start=None):
    """An event at one occurrence (`occurrence_start`, by default its first), in its own time zone."""
    rule = event.recurrence_rule
    occurrence = occurrence_out(rule, occurrence_start or rule.start)
    return {
        **page_summary(event, request),
        "kind": choice_of(EventKind, event.kind),
        "intro": event.intro,
        **occurrence,
        "all_day": event.all_day,
        "time_zone": event.time_zone,
        "is_recurring": rule.is_recurring,
        "recurrence": recurrence_out(event),
        "place": place_ref(event.place),
        "address": event.address,
        "online_url": event.online_url,
        "chantier": chantiers.get(event.chantier_id),
        "registration_url": event.registration_url,
        "capacity": event.capacity,
        "ical_url": request.build_absolute_uri(api_path("event_ical", event.pk)),
    }


def event_dates_ref(event, request, now):
    """ChantierEventOut: a reference to an event with its dates."""
    upcoming = next_starts(event, now)
    rule = event.recurrence_rule
    return {
        **page_ref(event, request),
        "kind": choice_of(EventKind, event.kind),
        **occurrence_out(rule, current_start(event, now, upcoming)),
        "all_day": event.all_day,
        "time_zone": event.time_zone,
        "recurrence": recurrence_out(event),
        "next_occurrences": [occurrence_out(rule, start) for start in upcoming],
    }


@router.get(
    "/events/",
    response={200: EventListOut, **ERROR_RESPONSES},
    openapi_extra=filter_parameters(EventFilterSet, descriptions=EVENT_FILTER_DESCRIPTIONS),
    summary="Événements, une entrée par occurrence (les événements récurrents sont développés dans la période)",
    description="`from` et `to` (dates) bornent la période ; par défaut, à partir d'aujourd'hui et pour un an.",
)
def list_events(request):
    events, window_start, window_end = filtered_events(request, event_queryset(request))
    page = paginate(request, expand(events, window_start, window_end))
    chantiers = chantier_refs(request, [event.chantier_id for _start, event in page["items"]])
    page["items"] = [event_summary(event, request, chantiers, start) for start, event in page["items"]]
    return page


def event_detail(event, request):
    now = timezone.now()
    upcoming = next_starts(event, now)
    rule = event.recurrence_rule
    return {
        **event_summary(
            event, request, chantier_refs(request, [event.chantier_id]), current_start(event, now, upcoming)
        ),
        "body": stream_out(event.body, request),
        "registration_details": expand_db_html(event.registration_details),
        "next_occurrences": [occurrence_out(rule, start) for start in upcoming],
    }


@router.get(
    "/events/{page_id}/", response={200: EventOut, **ERROR_RESPONSES, **NOT_FOUND}, summary="Un événement"
)
def get_event(request, page_id: Id):
    check_parameters(request, [])
    return event_detail(get_object_or_404(event_queryset(request), pk=page_id), request)


def ical_response(events, request, name):
    return HttpResponse(calendar_bytes(events, request, name), content_type="text/calendar; charset=utf-8")


ICAL_RESPONSE = {
    200: {"description": "iCalendar (RFC 5545)", "content": {"text/calendar": {"schema": {"type": "string"}}}}
}


@router.get(
    "/events.ics",
    response={**ERROR_RESPONSES},
    openapi_extra={
        **filter_parameters(EventFilterSet, descriptions=EVENT_FILTER_DESCRIPTIONS),
        "responses": ICAL_RESPONSE,
    },
    summary="Flux iCalendar des événements (mêmes filtres que la liste ; récurrences en RRULE)",
)
def events_ical(request):
    events, _start, _end = filtered_events(request, event_queryset(request).order_by("start", "pk"))
    return ical_response(events, request, Site.find_for_request(request).site_name or "Pôle")


@router.get(
    "/events/{page_id}.ics",
    response={**ERROR_RESPONSES, **NOT_FOUND},
    openapi_extra={"responses": ICAL_RESPONSE},
    url_name="event_ical",
    summary="Un événement au format iCalendar",
)
def event_ical(request, page_id: Id):
    check_parameters(request, [])
    event = get_object_or_404(event_queryset(request), pk=page_id)
    return ical_response([event], request, event.title)
