"""Progress of a chantier's actions toward their targets.

A target is followed by hand (the editor types what was achieved) or counted from the chantier's
events of one kind held in the current period, recurring events counting once per occurrence.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from .choices import ProgressSource, TargetPeriod
from .recurrence import expand


@dataclass(frozen=True)
class Progress:
    achieved: int
    minimum: int
    maximum: int | None
    unit: str
    period: str

    @property
    def ratio(self):
        """Share of the minimum reached, capped at 1."""
        return min(self.achieved / self.minimum, 1.0) if self.minimum else 0.0

    @property
    def percent(self):
        return round(self.ratio * 100)

    @property
    def is_reached(self):
        return self.achieved >= self.minimum


def period_bounds(period, today):
    """First and last day (inclusive) of the period containing `today`; None for a total target."""
    if period == TargetPeriod.YEAR:
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if period == TargetPeriod.QUARTER:
        first_month = 3 * ((today.month - 1) // 3) + 1
        return date(today.year, first_month, 1), _month_end(today.year, first_month + 2)
    if period == TargetPeriod.MONTH:
        return date(today.year, today.month, 1), _month_end(today.year, today.month)
    return None


def _month_end(year, month):
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def count_held(events, kind, period, now):
    """Occurrences of `kind` among `events` that started in the current period, up to `now`."""
    events = [event for event in events if event.kind == kind]
    bounds = period_bounds(period, timezone.localdate(now))
    if bounds:
        window_start = datetime.combine(bounds[0], time.min, timezone.get_current_timezone())
    else:
        # A total counts from the first event: datetime.min overflows once shifted by a time zone.
        window_start = min((event.start for event in events), default=now)
    # An occurrence under way when the period began was held in the previous one.
    return sum(1 for start, _event in expand(events, window_start, now) if start >= window_start)


def target_progress(target, events, now=None):
    """The Progress of one action's target block value, or None when the action has no target."""
    if not target or not target.get("minimum"):
        return None
    if target["source"] == ProgressSource.EVENTS:
        achieved = count_held(events, target["event_kind"], target["period"], now or timezone.now())
    else:
        achieved = target.get("achieved") or 0
    return Progress(
        achieved=achieved,
        minimum=target["minimum"],
        maximum=target.get("maximum"),
        unit=target.get("unit") or "",
        period=target["period"],
    )
