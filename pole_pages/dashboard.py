"""Panels of the admin dashboard: the chantier pipeline, the next events, the actions behind target.

Each panel makes a fixed number of queries, whatever the number of chantiers or events, and shows
only the pages the user may explore in the admin.
"""

from collections import Counter, defaultdict

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .choices import ActionStatus, ProgressSource, TargetPeriod
from .lifecycle import STEPS, ChantierStatus
from .models import ChantierPage, EventPage
from .models.event import upcoming
from .progress import period_bounds, target_progress

EVENT_COUNT = 5
ACTION_COUNT = 8

# Geometry of the pipeline chart, in SVG user units.
LABEL_WIDTH = 180
BAR_MAX_WIDTH = 240
ROW_HEIGHT = 30
BAR_HEIGHT = 20
CHART_WIDTH = LABEL_WIDTH + BAR_MAX_WIDTH + 40


def explorable(model, user):
    """Pages of `model` the user may see in the admin, as the page explorer and listings decide."""
    pages = PagePermissionPolicy(Page).explorable_instances(user)
    return model.objects.filter(pk__in=pages.values("pk"))


def chantier_listing_url(status):
    return f"{reverse('chantiers:index')}?{urlencode({'status': status})}"


def pipeline(user):
    """One row per life-cycle step: its label, count, listing URL and bar geometry (one query)."""
    counts = Counter(
        dict(
            explorable(ChantierPage, user)
            .order_by()
            .values("status")
            .annotate(count=Count("pk"))
            .values_list("status", "count")
        )
    )
    highest = max(counts.values(), default=0)
    rows = []
    for index, status in enumerate(STEPS):
        count = counts[status.value]
        width = round(BAR_MAX_WIDTH * count / highest) if highest else 0
        rows.append(
            {
                "status": status,
                "label": status.label,
                "count": count,
                "url": chantier_listing_url(status.value),
                "y": index * ROW_HEIGHT,
                "bar_y": index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2,
                "text_y": index * ROW_HEIGHT + ROW_HEIGHT // 2,
                "width": max(width, 2) if count else 0,
                "count_x": LABEL_WIDTH + width + 6,
            }
        )
    return rows


def next_events(user, now=None, limit=EVENT_COUNT):
    """[(next start, event)] of the events under way or to come, recurring ones at their next date."""
    return upcoming(explorable(EventPage, user), now)[:limit]


def is_behind(progress, action_status, today):
    """True when the target is not met, pro rata of the period elapsed (all of it for a total)."""
    if progress is None or action_status in (ActionStatus.DONE, ActionStatus.DROPPED):
        return False
    bounds = period_bounds(progress.period, today)
    if bounds is None:
        return not progress.is_reached
    first, last = bounds
    elapsed = ((today - first).days + 1) / ((last - first).days + 1)
    return progress.achieved < progress.minimum * elapsed


def actions_behind_target(user, now=None, limit=ACTION_COUNT):
    """[{chantier, action title, progress}] of the open chantiers' actions behind their target.

    Two queries: the chantiers with their raw actions (no block conversion, so no query per
    chooser), then the events of those counting their targets from events.
    """
    now = now or timezone.now()
    chantiers = list(
        explorable(ChantierPage, user)
        .exclude(status=ChantierStatus.CLOSED)
        .only("pk", "title", "actions")
        .order_by("title")
    )
    actions = [
        (chantier, action["value"])
        for chantier in chantiers
        for action in chantier.actions.raw_data
        if action["type"] == "action" and (action["value"].get("target") or {}).get("minimum")
    ]
    counted_from_events = {
        chantier.pk for chantier, action in actions if action["target"].get("source") == ProgressSource.EVENTS
    }
    events_by_chantier = defaultdict(list)
    if counted_from_events:
        for event in EventPage.objects.live().public().filter(chantier_id__in=counted_from_events):
            events_by_chantier[event.chantier_id].append(event)
    today = timezone.localdate(now)
    behind = []
    for chantier, action in actions:
        progress = target_progress(action["target"], events_by_chantier[chantier.pk], now)
        if is_behind(progress, action.get("status"), today):
            behind.append(
                {
                    "chantier": chantier,
                    "title": action.get("title", ""),
                    "progress": progress,
                    "period": TargetPeriod(progress.period).label,
                }
            )
    behind.sort(key=lambda row: row["progress"].ratio)
    return behind[:limit]


class ChantierPipelinePanel(Component):
    name = "pole_chantier_pipeline"
    template_name = "pole_pages/dashboard/chantier_pipeline.html"
    order = 110

    def get_context_data(self, parent_context):
        rows = pipeline(parent_context["request"].user)
        return {
            "rows": rows,
            "total": sum(row["count"] for row in rows),
            "listing_url": reverse("chantiers:index"),
            "chart_width": CHART_WIDTH,
            "chart_height": len(rows) * ROW_HEIGHT,
            "label_width": LABEL_WIDTH,
        }


class UpcomingEventsPanel(Component):
    name = "pole_upcoming_events"
    template_name = "pole_pages/dashboard/upcoming_events.html"
    order = 140

    def get_context_data(self, parent_context):
        return {"events": next_events(parent_context["request"].user)}


class ActionsBehindTargetPanel(Component):
    name = "pole_actions_behind_target"
    template_name = "pole_pages/dashboard/actions_behind_target.html"
    order = 150

    def get_context_data(self, parent_context):
        return {"actions": actions_behind_target(parent_context["request"].user)}
