"""The dashboard of the back office: pipeline, open forms, contributions to review, events, actions."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from pole_forms.choices import SubmissionStatus
from pole_pages.choices import EventKind, ProgressSource, Recurrence, TargetPeriod
from pole_pages.lifecycle import ChantierStatus
from tests.factories import ChantierIndexPageFactory, ChantierPageFactory, EventPageFactory
from tests.factories.forms import ConsultationPageFactory, ParticipationCallPageFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/"
# The README's number: the dashboard's queries with 1, 7 or 27 chantiers.
DASHBOARD_MAX_QUERIES = 38


def dashboard(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


def target(minimum, achieved=0, source=ProgressSource.MANUAL, period=TargetPeriod.TOTAL, kind=""):
    """Keyword arguments giving a chantier's only action this target."""
    return {
        "actions__0": "action",
        "actions__0__action__title": f"Organiser {minimum} rencontres",
        "actions__0__action__target__minimum": minimum,
        "actions__0__action__target__maximum": None,
        "actions__0__action__target__achieved": achieved,
        "actions__0__action__target__source": source,
        "actions__0__action__target__period": period,
        "actions__0__action__target__event_kind": kind,
    }


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_dashboard_answers_200_for_editors_and_moderators(make_client, home, group):
    assert make_client("dominique", group).get(DASHBOARD).status_code == 200


def test_dashboard_sends_an_anonymous_visitor_to_the_login_page(client, home):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("account_login")


def test_dashboard_refuses_a_user_in_no_group(make_client, home):
    response = make_client("sans-groupe").get(DASHBOARD)
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("account_login")


def test_pipeline_counts_chantiers_at_each_step_with_a_link_to_the_filtered_listing(
    editor_client, chantier_index
):
    ChantierPageFactory.create_batch(2, parent=chantier_index, status=ChantierStatus.PROPOSED)
    ChantierPageFactory(parent=chantier_index, status=ChantierStatus.ONGOING)
    html = dashboard(editor_client)
    assert '<svg class="pole-pipeline" aria-hidden="true"' in html
    assert "3 chantiers, par étape du cycle de vie" in html
    assert '<a href="/admin/chantiers/?status=proposed">Proposé</a> : 2' in html
    assert '<a href="/admin/chantiers/?status=ongoing">En cours</a> : 1' in html
    assert '<a href="/admin/chantiers/?status=closed">Clôturé</a> : 0' in html


def test_pipeline_bar_opens_the_listing_of_that_step(editor_client, chantier_index):
    ChantierPageFactory(parent=chantier_index, title="Chantier mobilité", status=ChantierStatus.PROPOSED)
    ChantierPageFactory(parent=chantier_index, title="Chantier emploi", status=ChantierStatus.ONGOING)
    html = editor_client.get("/admin/chantiers/?status=ongoing").content.decode()
    assert "Chantier emploi" in html
    assert "Chantier mobilité" not in html


def test_open_forms_show_their_submission_counts(editor_client, home):
    consultation = ConsultationPageFactory(parent=home, title="Consultation d'automne")
    SubmissionFactory(page=consultation, status=SubmissionStatus.NEW)
    SubmissionFactory(page=consultation, status=SubmissionStatus.RETAINED)
    call = ParticipationCallPageFactory(parent=home, title="Appel : chantier mobilité")
    SubmissionFactory(page=call, candidate=True)
    ConsultationPageFactory(
        parent=home,
        title="Enquête ressources close",
        opens_at=timezone.now() - timedelta(days=60),
        closes_at=timezone.now() - timedelta(days=1),
    )
    ConsultationPageFactory(
        parent=home, title="Consultation de printemps", opens_at=timezone.now() + timedelta(days=7)
    )
    html = dashboard(editor_client)
    assert "Consultation d&#x27;automne" in html
    assert "2 réponses" in html
    assert "(1 à traiter)" in html
    assert "Appel : chantier mobilité" in html
    assert "Appel à participation" in html
    assert "Enquête ressources close" not in html
    assert "Consultation de printemps" not in html


def test_awaiting_review_panel_counts_and_links_to_the_latest_submissions(editor_client, home):
    consultation = ConsultationPageFactory(parent=home)
    SubmissionFactory(page=consultation, status=SubmissionStatus.REVIEWED)
    waiting = SubmissionFactory(page=consultation, email="lou.martin@exemple.fr")
    SubmissionFactory(page=ParticipationCallPageFactory(parent=home), candidate=True)
    html = dashboard(editor_client)
    assert "2 réponses attendent d'être traitées" in html
    assert reverse("pole_forms:inbox") in html
    assert reverse("pole_forms:review", args=[consultation.pk, waiting.pk]) in html
    assert "lou.martin@exemple.fr" in html


def test_next_events_give_a_recurring_event_its_next_date(editor_client, event_index):
    now = timezone.now()
    apero = EventPageFactory(
        parent=event_index,
        title="Apéro des tiers-lieux",
        kind=EventKind.APERO,
        start=now - timedelta(days=30, hours=1),
        end=now - timedelta(days=30),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=(now + timedelta(days=60)).date(),
    )
    EventPageFactory(
        parent=event_index,
        title="Rencontre passée",
        start=now - timedelta(days=3),
        end=now - timedelta(days=3),
    )
    html = dashboard(editor_client)
    next_start = apero.next_occurrences(1)[0]
    assert "Apéro des tiers-lieux" in html
    assert f'<time datetime="{timezone.localtime(next_start).isoformat()}">' in html
    assert "Rencontre passée" not in html


def test_actions_behind_target_show_their_progress(editor_client, chantier_index, event_index):
    behind = ChantierPageFactory(parent=chantier_index, title="Chantier mobilité", **target(5, achieved=1))
    ChantierPageFactory(parent=chantier_index, title="Chantier atteint", **target(2, achieved=2))
    counted = ChantierPageFactory(
        parent=chantier_index,
        title="Chantier meet-up",
        **target(3, source=ProgressSource.EVENTS, kind=EventKind.MEETUP),
    )
    two_days_ago = timezone.now() - timedelta(days=2)
    EventPageFactory(
        parent=event_index, chantier=counted, kind=EventKind.MEETUP, start=two_days_ago, end=two_days_ago
    )
    html = dashboard(editor_client)
    assert reverse("wagtailadmin_pages:edit", args=[behind.pk]) in html
    assert '<progress max="100" value="20"' in html
    assert "1 sur 5 meet-up au total (20 %)" in html
    assert "1 sur 3 meet-up au total (33 %)" in html
    assert "Chantier atteint" not in html


def test_a_yearly_target_is_behind_only_pro_rata_of_the_year(editor_client, chantier_index):
    day_of_year = timezone.localdate().timetuple().tm_yday
    # Twelve a year: one a month is on time, whatever today's date.
    on_time = round(12 * day_of_year / 366 + 1)
    ChantierPageFactory(
        parent=chantier_index,
        title="Chantier à l'heure",
        **target(12, achieved=on_time, period=TargetPeriod.YEAR),
    )
    late = ChantierPageFactory(
        parent=chantier_index, title="Chantier en retard", **target(12, achieved=0, period=TargetPeriod.YEAR)
    )
    html = dashboard(editor_client)
    assert reverse("wagtailadmin_pages:edit", args=[late.pk]) in html
    assert "Chantier à l&#x27;heure" not in html


def test_a_section_editor_sees_only_the_chantiers_and_forms_of_the_section(
    make_client, section_editor_group, home, chantier_index
):
    other_index = ChantierIndexPageFactory(parent=home, title="Archives")
    ChantierPageFactory(parent=chantier_index, status=ChantierStatus.ONGOING)
    ChantierPageFactory.create_batch(2, parent=other_index, status=ChantierStatus.ONGOING)
    SubmissionFactory(page=ConsultationPageFactory(parent=home))
    client = make_client("claude", section_editor_group("Archives", other_index))
    html = dashboard(client)
    assert "2 chantiers, par étape du cycle de vie" in html
    assert "Contributions à traiter" not in html


def build_network(home, chantier_index, event_index, size):
    """`size` chantiers at various steps with targets, events (one recurring each), forms and submissions.

    The first chantier counts its target from events, so the smallest network already reads the events.
    """
    now = timezone.now()
    statuses = list(ChantierStatus)
    for n in range(size):
        chantier = ChantierPageFactory(
            parent=chantier_index,
            status=statuses[n % len(statuses)],
            **target(
                4, source=ProgressSource.MANUAL if n % 2 else ProgressSource.EVENTS, kind=EventKind.MEETUP
            ),
        )
        EventPageFactory(
            parent=event_index,
            chantier=chantier,
            start=now + timedelta(days=n + 1),
            end=now + timedelta(days=n + 1, hours=2),
        )
        EventPageFactory(
            parent=event_index,
            monthly_apero=True,
            start=now - timedelta(days=40),
            end=now - timedelta(days=40) + timedelta(hours=2),
            recurrence_until=(now + timedelta(days=200)).date(),
        )
        consultation = ConsultationPageFactory(parent=home)
        SubmissionFactory.create_batch(2, page=consultation)
        call = ParticipationCallPageFactory(parent=home, chantier=chantier)
        SubmissionFactory(page=call, candidate=True)


def test_dashboard_queries_do_not_grow_with_the_network(
    editor_client, home, chantier_index, event_index, assert_max_queries
):
    build_network(home, chantier_index, event_index, 1)
    small = assert_max_queries(DASHBOARD_MAX_QUERIES, dashboard, editor_client)
    for size in (6, 20):
        build_network(home, chantier_index, event_index, size)
        assert_max_queries(small, dashboard, editor_client)


def test_the_admin_asks_no_avatar_from_gravatar(editor_client):
    html = dashboard(editor_client)
    assert "default-user-avatar" in html
    assert "gravatar" not in html
