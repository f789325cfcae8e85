"""Events: the JSON list (recurrences expanded) and the iCalendar feeds."""

from datetime import date, datetime, time, timedelta

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from pole_core.api.choices import choice_of
from pole_core.api.errors import ERROR_RESPONSES, NOT_FOUND
from pole_core.api.listing import apply_filters, filter_parameters, paginate
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
from .common import chantier_refs, page_summary, public_pages, stream_out
from .schemas import (
    EventListOut,
    EventOut,
)

router = Router(tags=["événements"])

# Events


def event_queryset(request):
    return public_pages(request, EventPage).select_related("place")


def event_window(request):
    """The requested [from, to] days as aware datetimes; by default from today, for a year."""
    tz = timezone.get_current_timezone()
    first = _day(request, "from") or timezone.localdate()
    last = _day(request, "to") or first + HORIZON
    return datetime.combine(first, time.min, tz), datetime.combine(last + timedelta(days=1), time.min, tz)


def _day(request, name):
    try:
        return date.fromisoformat(request.GET[name]) if request.GET.get(name) else None
    except ValueError:
        return None  # the FilterSet reports the malformed date


def event_summary(event, request, chantiers, occurrence_start=None):
    """An event, its datetimes given in its own time zone; `occurrence_start` picks one occurrence."""
    rule = event.recurrence_rule
    tz = rule.time_zone
    occurrence_start = (occurrence_start or rule.start).astimezone(tz)
    return {
        **page_summary(event, request),
        "kind": choice_of(EventKind, event.kind),
        "intro": event.intro,
        "start": rule.start,
        "end": event.end and event.end.astimezone(tz),
        "all_day": event.all_day,
        "time_zone": event.time_zone,
        "is_recurring": rule.is_recurring,
        "recurrence": choice_of(Recurrence, event.recurrence),
        "occurrence_start": occurrence_start,
        "occurrence_end": rule.end_of(occurrence_start),
        "place": place_ref(event.place),
        "address": event.address,
        "online_url": event.online_url,
        "chantier": chantiers.get(event.chantier_id),
        "registration_url": event.registration_url,
        "capacity": event.capacity,
        "ical_url": request.build_absolute_uri(api_path("event_ical", event.pk)),
    }


@router.get(
    "/events/",
    response={200: EventListOut, **ERROR_RESPONSES},
    openapi_extra=filter_parameters(EventFilterSet),
    summary="Événements, une entrée par occurrence (les événements récurrents sont développés dans la période)",
    description="`from` et `to` (dates) bornent la période ; par défaut, à partir d'aujourd'hui et pour un an.",
)
def list_events(request):
    window_start, window_end = event_window(request)
    defaults = {
        "from": window_start.date().isoformat(),
        "to": (window_end.date() - timedelta(days=1)).isoformat(),
    }
    events = apply_filters(request, EventFilterSet, event_queryset(request), defaults=defaults)
    page = paginate(request, expand(events, window_start, window_end))
    chantiers = chantier_refs(request, [event.chantier_id for _start, event in page["items"]])
    page["items"] = [event_summary(event, request, chantiers, start) for start, event in page["items"]]
    return page


def event_detail(event, request):
    now = timezone.now()
    upcoming = event.recurrence_rule.between(now, now + HORIZON)
    return {
        **event_summary(
            event, request, chantier_refs(request, [event.chantier_id]), upcoming[0] if upcoming else None
        ),
        "body": stream_out(event.body, request),
        "registration_details": expand_db_html(event.registration_details),
        "next_occurrences": upcoming[:12],
    }


@router.get("/events/{page_id}/", response={200: EventOut, **NOT_FOUND}, summary="Un événement")
def get_event(request, page_id: int):
    return event_detail(get_object_or_404(event_queryset(request), pk=page_id), request)


def ical_response(events, request, name):
    return HttpResponse(calendar_bytes(events, request, name), content_type="text/calendar; charset=utf-8")


ICAL_RESPONSE = {
    200: {"description": "iCalendar (RFC 5545)", "content": {"text/calendar": {"schema": {"type": "string"}}}}
}


@router.get(
    "/events.ics",
    response={**ERROR_RESPONSES},
    openapi_extra={**filter_parameters(EventFilterSet), "responses": ICAL_RESPONSE},
    summary="Flux iCalendar des événements (mêmes filtres que la liste ; récurrences en RRULE)",
)
def events_ical(request):
    events = apply_filters(request, EventFilterSet, event_queryset(request).order_by("start", "pk"))
    return ical_response(events, request, Site.find_for_request(request).site_name or "Pôle")


@router.get(
    "/events/{page_id}.ics",
    response={**NOT_FOUND},
    openapi_extra={"responses": ICAL_RESPONSE},
    url_name="event_ical",
    summary="Un événement au format iCalendar",
)
def event_ical(request, page_id: int):
    event = get_object_or_404(event_queryset(request), pk=page_id)
    return ical_response([event], request, event.title)
