"""When an event takes place, as one rule: its occurrences, its iCalendar RRULE, its schema.org
Schedule and its French sentence all come from the same parts, in the event's own time zone.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from itertools import islice

from dateutil import rrule
from django.utils import dateformat
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from icalendar import vRecur

from .choices import Recurrence

# How far ahead a list of coming occurrences looks: the API's default window, its event detail
# and the RSS feed.
HORIZON = timedelta(days=365)

FREQUENCIES = {Recurrence.WEEKLY: rrule.WEEKLY, Recurrence.MONTHLY_NTH_WEEKDAY: rrule.MONTHLY}
# The position of a weekday in its month, as the French sentence says it.
ORDINALS = {1: _("premier"), 2: _("deuxième"), 3: _("troisième"), 4: _("quatrième"), -1: _("dernier")}
SCHEMA_ORG_DAYS = [
    f"https://schema.org/{day}"
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
]
# The until day is included up to its last second, the precision of an iCalendar UNTIL.
UNTIL_TIME = time(23, 59, 59)


def nth_weekday(day):
    """The position of `day`'s weekday in its month: 1 for the first Thursday, -1 for the last."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


@dataclass(frozen=True)
class RecurrenceRule:
    """An event's first occurrence and how it repeats.

    `start` is aware, in the event's time zone; `end` is None for an event without duration;
    `frequency` is a `Recurrence` choice, empty for a single occurrence. A monthly rule keeps the
    weekday and its position in the month of `start` (a fifth weekday becomes the last one).
    """

    start: datetime
    end: datetime | None = None
    all_day: bool = False
    frequency: str = Recurrence.NONE
    interval: int = 1
    until: date | None = None

    @property
    def is_recurring(self):
        return bool(self.frequency)

    @property
    def time_zone(self):
        return self.start.tzinfo

    @property
    def duration(self):
        """How long each occurrence lasts: zero without an end."""
        return max(self.end - self.start, timedelta(0)) if self.end else timedelta(0)

    def end_of(self, start):
        """The end, in the event's time zone, of the occurrence starting at `start`; None without an end."""
        if self.end is None:
            return None
        return (start.astimezone(UTC) + self.duration).astimezone(self.time_zone)

    def between(self, window_start, window_end):
        """Starts of the occurrences that overlap [window_start, window_end), soonest first."""
        if self._rule is None:
            starts = [self.start]
        else:
            starts = self._rule.between(
                self._search_from(window_start), window_end.astimezone(self.time_zone), inc=True
            )
        return [
            moment for moment in starts if moment < window_end and self._not_over_at(moment, window_start)
        ]

    def upcoming(self, now, count):
        """Starts of the next `count` occurrences under way or to come at `now`."""
        if self._rule is None:
            starts = [self.start]
        else:
            starts = self._rule.xafter(self._search_from(now), inc=True)
        return list(islice((moment for moment in starts if self._not_over_at(moment, now)), count))

    def last_start(self, before):
        """The start of the last occurrence begun before `before`; the first start if there is none."""
        last = self._rule.before(before.astimezone(self.time_zone)) if self._rule else None
        return last or self.start

    def ical_rrule(self):
        """The RRULE (RFC 5545) to publish with `start` as DTSTART (its date for an all-day event), or None."""
        if self._rule is None:
            return None
        parts = {"FREQ": rrule.FREQNAMES[FREQUENCIES[self.frequency]]}
        if self.interval > 1:
            parts["INTERVAL"] = self.interval
        if self._byweekday:
            parts["BYDAY"] = f"{self._byweekday.n}{rrule.weekdays[self._byweekday.weekday]}"
        if self.until:
            # UNTIL takes the type of DTSTART: a date, or a UTC datetime for a zoned one (3.3.10).
            parts["UNTIL"] = self.until if self.all_day else self._until_moment
        return vRecur(parts)

    def schedule(self):
        """The repetition as a schema.org Schedule, or None for a single occurrence."""
        if not self.is_recurring:
            return None
        weekly = self.frequency == Recurrence.WEEKLY
        end = self.end_of(self.start)
        data = {
            "@type": "Schedule",
            "repeatFrequency": f"P{self.interval}W" if weekly else f"P{self.interval}M",
            "byDay": SCHEMA_ORG_DAYS[self.start.weekday()],
            "byMonthWeek": None if weekly else nth_weekday(self.start),
            "startDate": self.start.date().isoformat(),
            "endDate": self.until.isoformat() if self.until else None,
            "startTime": None if self.all_day else self.start.strftime("%H:%M:%S"),
            "endTime": end.strftime("%H:%M:%S") if end and not self.all_day else None,
            "scheduleTimezone": self.time_zone.key,
        }
        return {key: value for key, value in data.items() if value is not None}

    def description(self):
        """The repetition in French: « Toutes les 2 semaines, le jeudi, jusqu'au 30 juin 2026 »."""
        if not self.is_recurring:
            return ""
        weekday = dateformat.format(self.start, "l")
        if self.frequency == Recurrence.WEEKLY:
            text = ngettext(
                "Chaque semaine, le %(weekday)s",
                "Toutes les %(interval)s semaines, le %(weekday)s",
                self.interval,
            )
        else:
            text = ngettext(
                "Chaque mois, le %(nth)s %(weekday)s",
                "Tous les %(interval)s mois, le %(nth)s %(weekday)s",
                self.interval,
            )
        text %= {"interval": self.interval, "weekday": weekday, "nth": ORDINALS[nth_weekday(self.start)]}
        if self.until:
            text = gettext("%(rule)s, jusqu'au %(until)s") % {
                "rule": text,
                "until": dateformat.format(self.until, "j F Y"),
            }
        return text

    def _not_over_at(self, start, moment):
        """Whether the occurrence starting at `start` is under way or to come at `moment`."""
        return (self.end_of(start) or start) >= moment

    def _search_from(self, moment):
        """The local time from which to look for occurrences not over at `moment`: one duration earlier,
        counted in elapsed time, so an occurrence under way, even across a time change, is kept."""
        return (moment.astimezone(UTC) - self.duration).astimezone(self.time_zone)

    @cached_property
    def _byweekday(self):
        if self.frequency != Recurrence.MONTHLY_NTH_WEEKDAY:
            return None
        return rrule.weekdays[self.start.weekday()](nth_weekday(self.start))

    @cached_property
    def _until_moment(self):
        if self.until is None:
            return None
        return datetime.combine(self.until, UNTIL_TIME, self.time_zone).astimezone(UTC)

    @cached_property
    def _rule(self):
        """The dateutil rule over aware local datetimes, or None for a single occurrence."""
        if not self.is_recurring:
            return None
        if self.frequency not in FREQUENCIES:
            raise ValueError(f"Unknown recurrence {self.frequency!r}")
        return rrule.rrule(
            FREQUENCIES[self.frequency],
            interval=self.interval,
            byweekday=self._byweekday,
            dtstart=self.start,
            until=self._until_moment,
        )


def expand(events, window_start, window_end):
    """[(start, event)] for every occurrence of `events` overlapping [window_start, window_end),
    soonest first, then in id order."""
    return sorted(
        (
            (start, event)
            for event in events
            for start in event.recurrence_rule.between(window_start, window_end)
        ),
        key=lambda occurrence: (occurrence[0], occurrence[1].pk),
    )
