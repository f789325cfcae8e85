"""Template tags of Pôle's default templates: site navigation, French labels and date formatting."""

from datetime import date
from itertools import groupby

from django import template
from django.conf import settings
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from .. import blocks, lifecycle
from ..choices import (
    ActionStatus,
    Audience,
    DeliverableStatus,
    EventKind,
    MissionHolder,
    Priority,
    TargetPeriod,
)
from ..models import NetworkSettings
from ..models.listing import PAGE_PARAMETER

register = template.Library()

# The choices of StreamField blocks, whose values reach templates as raw strings.
VOCABULARIES = {
    "action_status": ActionStatus,
    "audience": Audience,
    "deliverable_status": DeliverableStatus,
    "event_kind": EventKind,
    "mission_holder": MissionHolder,
    "priority": Priority,
    "target_period": TargetPeriod,
}

DAY_FORMAT = "l j F Y"
TIME_FORMAT = "G\\hi"


def current_site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request is not None else None


def aria_current(item, page):
    """ "page" for the page itself, "true" for one of its ancestors, "" otherwise."""
    if page is None or not page.path:
        return ""
    if page.path == item.path:
        return "page"
    return "true" if page.path.startswith(item.path) else ""


@register.simple_tag(takes_context=True)
def site_name(context):
    """The name of the current Wagtail site, or WAGTAIL_SITE_NAME."""
    site = current_site(context)
    return (site.site_name if site else "") or getattr(settings, "WAGTAIL_SITE_NAME", "")


@register.inclusion_tag("pole_pages/includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The site's home and logo, and its live children shown in menus, each marked when it holds the current page."""
    request, page, site = context.get("request"), context.get("page"), current_site(context)
    if site is None:
        return {"items": []}
    root = site.root_page
    items = [
        {"title": item.title, "url": item.get_url(request), "current": aria_current(item, page)}
        for item in root.get_children().live().in_menu()
    ]
    home = {"title": root.title, "url": root.get_url(request), "current": aria_current(root, page) == "page"}
    logo = NetworkSettings.for_request(request).logo_rendition
    return {"home": home, "items": items, "site_name": site_name(context), "logo": logo}


@register.inclusion_tag("pole_pages/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, current=None):
    """The ancestors of the current page from the site's home, for a breadcrumb trail.

    `current` names what a sub-route of the page shows (a place under the map): the page then
    becomes the last link of the trail.
    """
    request, page, site = context.get("request"), context.get("page"), current_site(context)
    if page is None or site is None or not page.path or page.depth <= site.root_page.depth:
        return {"ancestors": []}
    ancestors = Page.objects.ancestor_of(page, inclusive=current is not None).descendant_of(
        site.root_page, inclusive=True
    )
    return {
        "ancestors": [(ancestor.title, ancestor.get_url(request)) for ancestor in ancestors],
        "current": current or page.title,
    }


@register.filter
def filter_options(field):
    """(value, label, selected) for each choice of a filter form's bound field, the empty choice left out.

    Multiple-choice filters are shown as a single select: any of their current values is selected.
    """
    current = field.value()
    if current in (None, ""):
        current = []
    elif not isinstance(current, (list, tuple)):
        current = [current]
    current = {str(value) for value in current}
    return [(str(value), label, str(value) in current) for value, label in field.field.choices if str(value)]


@register.simple_tag(takes_context=True)
def page_number_url(context, number):
    """The current address at page `number` of its listing, the other parameters (the filters) kept.

    Page 1 has no page parameter, so that it is the same address as the unpaginated list.
    """
    request = context["request"]
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    if number != 1:
        query[PAGE_PARAMETER] = number
    return f"{request.path}?{query.urlencode()}" if query else request.path


@register.filter
def is_filtered(query):
    """Whether a listing's query string (request.GET) holds anything but its page number."""
    return any(key != PAGE_PARAMETER for key in query)


@register.filter
def page_numbers(page):
    """The page numbers to link to around a listing's page: 1 2 … 6 7 8 … 19 20, "…" where elided."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.filter
def by_month(dated_events):
    """[(first day of the month, [(start, event)…])] for a list of (start, event), in its order."""

    def month(item):
        start = timezone.localtime(item[0])
        return date(start.year, start.month, 1)

    return [(first_day, list(items)) for first_day, items in groupby(dated_events, key=month)]


@register.filter
def open_forms(forms):
    """The forms that take answers now: those without an opening window (is_open()) count as open."""
    return [form for form in forms if not callable(getattr(form, "is_open", None)) or form.is_open()]


@register.simple_tag
def chantier_timeline(chantier):
    """The steps of a chantier's life cycle for its timeline: [{"status", "date", "state"}].

    `state` is "done", "current", "upcoming" or "skipped" (a step a closed chantier never reached,
    which has no date). Closing shows only once the chantier is closed.
    """
    current = chantier.step
    closed = chantier.status == lifecycle.ChantierStatus.CLOSED
    steps = []
    for index, (status, day) in enumerate(chantier.status_dates()):
        if status == lifecycle.ChantierStatus.CLOSED and not closed:
            continue
        if index == current:
            state = "current"
        elif index > current:
            state = "upcoming"
        else:
            state = "done" if day or not closed else "skipped"
        steps.append({"status": status, "date": day, "state": state})
    return steps


@register.filter
def article_anchor(article):
    """The anchor of a governance document's article, the same as in its table of contents."""
    return blocks.article_anchor(article)


@register.filter
def choice_label(value, vocabulary):
    """The French label of a block's raw choice value: {{ objective.priority|choice_label:"priority" }}."""
    try:
        return VOCABULARIES[vocabulary](value).label
    except ValueError:
        return value


@register.filter
def progress_text(progress):
    """A target's progress in words, as a screen reader says it too: « 3 sur 5 à 6 meet-up par an »."""
    values = {
        "achieved": progress.achieved,
        "minimum": progress.minimum,
        "maximum": progress.maximum,
        "unit": progress.unit,
        "period": TargetPeriod(progress.period).label,
    }
    if progress.maximum and progress.maximum != progress.minimum:
        text = _("%(achieved)s sur %(minimum)s à %(maximum)s %(unit)s %(period)s") % values
    else:
        text = _("%(achieved)s sur %(minimum)s %(unit)s %(period)s") % values
    return " ".join(text.split())


def _time_tag(moment, text, iso_format="c"):
    return format_html('<time datetime="{}">{}</time>', dateformat.format(moment, iso_format), text)


def _day(moment):
    return dateformat.format(moment, DAY_FORMAT)


def _hour(moment):
    return dateformat.format(moment, TIME_FORMAT)


@register.simple_tag
def event_dates(event, start=None):
    """When an event, or its occurrence starting at `start`, takes place, in the event's time zone.

    « jeudi 5 juin 2025, de 18h30 à 21h00 », « du lundi 2 juin 2025 au mardi 3 juin 2025 »…
    with <time> elements for machines.
    """
    rule = event.recurrence_rule
    local_start = (start or rule.start).astimezone(rule.time_zone)
    local_end = rule.end_of(local_start)
    same_day = local_end is None or local_end.date() == local_start.date()
    if event.all_day:
        text = _time_tag(local_start, _day(local_start), "Y-m-d")
        if not same_day:
            text = format_html(
                _("du {start} au {end}"), start=text, end=_time_tag(local_end, _day(local_end), "Y-m-d")
            )
    elif local_end is None:
        text = format_html(
            _("{day} à {time}"), day=_day(local_start), time=_time_tag(local_start, _hour(local_start))
        )
    elif same_day:
        text = format_html(
            _("{day}, de {start} à {end}"),
            day=_day(local_start),
            start=_time_tag(local_start, _hour(local_start)),
            end=_time_tag(local_end, _hour(local_end)),
        )
    else:
        start_text, end_text = (
            _("{day} à {time}").format(day=_day(moment), time=_hour(moment))
            for moment in (local_start, local_end)
        )
        text = format_html(
            _("du {start} au {end}"),
            start=_time_tag(local_start, start_text),
            end=_time_tag(local_end, end_text),
        )
    if event.time_zone != timezone.get_current_timezone_name():
        text = format_html(_("{when} (heure de {time_zone})"), when=text, time_zone=event.time_zone)
    return text


@register.filter
def among(pages, allowed):
    """The pages of `pages` also in `allowed`: an action's meetings among the chantier's public events."""
    allowed_ids = {page.pk for page in allowed}
    return [page for page in pages or () if page.pk in allowed_ids]
