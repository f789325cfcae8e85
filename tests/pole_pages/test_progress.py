"""Progress of a chantier's actions toward their targets: typed by hand or counted from events."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from pole_pages.blocks import TargetBlock
from pole_pages.choices import EventKind, ProgressSource, TargetPeriod
from pole_pages.models import ChantierPage
from pole_pages.progress import period_bounds, target_progress
from tests.factories import ChantierPageFactory, EventIndexPageFactory, EventPageFactory

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2025, 6, 15, 12, 0, tzinfo=PARIS)


def manual_target(**values):
    return {
        "minimum": 5,
        "maximum": 6,
        "unit": "meet-up",
        "period": TargetPeriod.YEAR,
        "source": ProgressSource.MANUAL,
        "event_kind": "",
        "achieved": 2,
        **values,
    }


def events_target(kind=EventKind.MEETUP, period=TargetPeriod.YEAR, **values):
    return manual_target(
        source=ProgressSource.EVENTS, event_kind=kind, period=period, achieved=None, **values
    )


# Targets followed by hand


def test_manual_target_shows_what_the_editor_typed():
    progress = target_progress(manual_target(achieved=2), [], NOW)
    assert (progress.achieved, progress.minimum, progress.maximum, progress.unit) == (2, 5, 6, "meet-up")


def test_manual_progress_is_a_share_of_the_minimum():
    progress = target_progress(manual_target(achieved=2), [], NOW)
    assert (progress.percent, progress.is_reached) == (40, False)


def test_manual_progress_is_capped_at_100_percent_once_reached():
    progress = target_progress(manual_target(achieved=7), [], NOW)
    assert (progress.percent, progress.is_reached) == (100, True)


def test_manual_target_without_achieved_counts_zero():
    assert target_progress(manual_target(achieved=None), [], NOW).achieved == 0


def test_action_without_target_has_no_progress():
    assert target_progress(manual_target(minimum=None, maximum=None), [], NOW) is None


def target_errors(target):
    with pytest.raises(StructBlockValidationError) as caught:
        TargetBlock().clean(TargetBlock().to_python(target))
    return {name: error.messages for name, error in caught.value.block_errors.items()}


def test_target_maximum_below_minimum_is_refused_in_french():
    errors = target_errors(manual_target(minimum=6, maximum=5))
    assert errors == {"maximum": ["Le maximum doit être supérieur ou égal au minimum."]}


def test_target_counted_from_events_needs_an_event_kind():
    errors = target_errors(events_target(kind=""))
    assert errors == {"event_kind": ["Choisissez le type d'événement à compter."]}


# Targets counted from the chantier's events


@pytest.fixture
def agenda(home):
    return EventIndexPageFactory(parent=home)


@pytest.fixture
def chantier(home):
    return ChantierPageFactory(parent__parent=home, title="Le chantier mobilité")


def meetup(agenda, chantier, start, **values):
    return EventPageFactory(parent=agenda, chantier=chantier, start=start, end=None, **values)


def counted(chantier, target, now=NOW):
    return target_progress(target, list(chantier.events.live().public()), now).achieved


@pytest.mark.django_db
def test_held_events_of_the_target_kind_are_counted(agenda, chantier):
    meetup(agenda, chantier, datetime(2025, 2, 6, 18, 30, tzinfo=PARIS))
    meetup(agenda, chantier, datetime(2025, 5, 15, 18, 30, tzinfo=PARIS))
    assert counted(chantier, events_target()) == 2


@pytest.mark.django_db
def test_events_of_another_kind_are_not_counted(agenda, chantier):
    meetup(agenda, chantier, datetime(2025, 2, 6, 18, 30, tzinfo=PARIS))
    meetup(agenda, chantier, datetime(2025, 3, 6, 18, 30, tzinfo=PARIS), kind=EventKind.TRAINING)
    assert counted(chantier, events_target()) == 1


@pytest.mark.django_db
def test_future_events_are_not_counted(agenda, chantier):
    meetup(agenda, chantier, datetime(2025, 2, 6, 18, 30, tzinfo=PARIS))
    meetup(agenda, chantier, datetime(2025, 9, 18, 18, 30, tzinfo=PARIS))
    assert counted(chantier, events_target()) == 1


@pytest.mark.django_db
def test_events_held_before_the_period_are_not_counted(agenda, chantier):
    meetup(agenda, chantier, datetime(2025, 2, 6, 18, 30, tzinfo=PARIS))
    meetup(agenda, chantier, datetime(2024, 12, 31, 23, 30, tzinfo=PARIS))
    assert counted(chantier, events_target()) == 1


@pytest.mark.django_db
def test_events_of_another_chantier_are_not_counted(agenda, chantier):
    other = ChantierPageFactory(parent=chantier.get_parent(), title="Le chantier mutualisation de l'emploi")
    meetup(agenda, chantier, datetime(2025, 2, 6, 18, 30, tzinfo=PARIS))
    meetup(agenda, other, datetime(2025, 3, 6, 18, 30, tzinfo=PARIS))
    assert counted(chantier, events_target()) == 1


@pytest.mark.django_db
def test_draft_events_are_not_counted(agenda, chantier):
    meetup(agenda, chantier, datetime(2025, 2, 6, 18, 30, tzinfo=PARIS))
    meetup(agenda, chantier, datetime(2025, 3, 6, 18, 30, tzinfo=PARIS), live=False)
    assert counted(chantier, events_target()) == 1


@pytest.mark.django_db
def test_chantier_action_progress_counts_its_events(agenda, chantier):
    chantier.actions = [
        (
            "action",
            {
                "title": "Organiser 5 à 6 meet-up annuels",
                "axis": None,
                "owner": None,
                "status": "in_progress",
                "description": "",
                "target": events_target(),
            },
        )
    ]
    chantier.save_revision().publish()
    meetup(agenda, chantier, datetime(2025, 2, 6, 18, 30, tzinfo=PARIS))
    [(action, progress)] = ChantierPage.objects.get(pk=chantier.pk).action_progress(now=NOW)
    assert (action["title"], progress.achieved, progress.minimum) == ("Organiser 5 à 6 meet-up annuels", 1, 5)


# "Organiser un apéro tiers-lieux par mois": one recurring event, counted once per occurrence held


@pytest.fixture
def monthly_apero(agenda, chantier):
    """First Thursday of the month at 18:30, from January to December 2025."""
    return EventPageFactory(parent=agenda, chantier=chantier, monthly_apero=True)


def apero_target(period):
    return events_target(kind=EventKind.APERO, period=period, minimum=1, maximum=None, unit="apéro")


@pytest.mark.django_db
def test_recurring_apero_counts_each_occurrence_held_this_year(chantier, monthly_apero):
    # 2 January, 6 February, 6 March, 3 April, 1 May and 5 June 2025.
    assert counted(chantier, apero_target(TargetPeriod.YEAR)) == 6


@pytest.mark.django_db
def test_recurring_apero_counts_each_occurrence_held_this_quarter(chantier, monthly_apero):
    # 3 April, 1 May and 5 June 2025.
    assert counted(chantier, apero_target(TargetPeriod.QUARTER)) == 3


@pytest.mark.django_db
def test_recurring_apero_counts_the_occurrence_held_this_month(chantier, monthly_apero):
    assert counted(chantier, apero_target(TargetPeriod.MONTH)) == 1


@pytest.mark.django_db
def test_recurring_apero_not_yet_held_this_month_counts_zero(chantier, monthly_apero):
    assert (
        counted(chantier, apero_target(TargetPeriod.MONTH), now=datetime(2025, 6, 4, 12, tzinfo=PARIS)) == 0
    )


@pytest.mark.django_db
def test_recurring_apero_counts_every_occurrence_held_for_a_total_target(chantier, monthly_apero):
    assert counted(chantier, apero_target(TargetPeriod.TOTAL)) == 6


@pytest.mark.django_db
def test_single_event_counts_for_a_total_target(agenda, chantier):
    meetup(agenda, chantier, datetime(2023, 11, 9, 18, 30, tzinfo=PARIS))
    assert counted(chantier, events_target(period=TargetPeriod.TOTAL)) == 1


# Period bounds


@pytest.mark.parametrize(
    ("period", "today", "bounds"),
    [
        (TargetPeriod.YEAR, date(2025, 6, 15), (date(2025, 1, 1), date(2025, 12, 31))),
        (TargetPeriod.QUARTER, date(2025, 6, 15), (date(2025, 4, 1), date(2025, 6, 30))),
        (TargetPeriod.QUARTER, date(2025, 1, 1), (date(2025, 1, 1), date(2025, 3, 31))),
        (TargetPeriod.QUARTER, date(2025, 11, 20), (date(2025, 10, 1), date(2025, 12, 31))),
        (TargetPeriod.MONTH, date(2025, 6, 15), (date(2025, 6, 1), date(2025, 6, 30))),
        (TargetPeriod.MONTH, date(2024, 2, 10), (date(2024, 2, 1), date(2024, 2, 29))),
        (TargetPeriod.MONTH, date(2025, 12, 31), (date(2025, 12, 1), date(2025, 12, 31))),
        (TargetPeriod.TOTAL, date(2025, 6, 15), None),
    ],
    ids=["year", "quarter", "first-quarter", "last-quarter", "month", "leap-february", "december", "total"],
)
def test_period_bounds(period, today, bounds):
    assert period_bounds(period, today) == bounds
