"""`manage.py load_demo`: complete, faithful to the seeds, and idempotent."""

from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Page, Revision, Site

from pole_directory.models import Axis, Organisation, Person, Place
from pole_pages.choices import AccessibilityStatus
from pole_pages.lifecycle import ChantierStatus
from pole_pages.models import (
    ChantierPage,
    EventPage,
    GovernanceDocumentPage,
    HomePage,
    NetworkSettings,
    ResourcePage,
)
from pole_site.demo import content

ADMIN_LINE = "Compte d'administration : admin / "

pytestmark = pytest.mark.django_db


def load():
    output = StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


def snapshot():
    return {
        "counts": {model._meta.label: model._default_manager.count() for model in apps.get_models()},
        "tree": list(
            Page.objects.order_by("path").values_list(
                "path", "url_path", "content_type__model", "title", "live", "latest_revision_id"
            )
        ),
        "last_revision": Revision.objects.order_by("-pk").values_list("pk", flat=True).first(),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded twice, once for the whole module (loading takes seconds), then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        first_output = load()
        after_first = snapshot()
        second_output = load()
        yield SimpleNamespace(
            first_output=first_output,
            second_output=second_output,
            after_first=after_first,
            after_second=snapshot(),
        )
        transaction.set_rollback(True)


def test_second_run_changes_nothing(demo):
    assert demo.after_second["counts"] == demo.after_first["counts"]
    assert demo.after_second["tree"] == demo.after_first["tree"]
    assert demo.after_second["last_revision"] == demo.after_first["last_revision"]


def test_every_data_table_is_loaded(demo):
    assert Axis.objects.count() == len(content.AXES)
    assert Organisation.objects.count() == len(content.ORGANISATIONS)
    assert Place.objects.count() == len(content.PLACES)
    assert Person.objects.filter(photo__isnull=False).count() == len(content.PEOPLE)
    assert ChantierPage.objects.live().count() == len(content.CHANTIERS)
    assert ResourcePage.objects.live().count() == len(content.RESOURCES)
    assert EventPage.objects.live().count() == len(content.EVENTS)
    assert not Page.objects.filter(live=False).exists()


def test_default_site_serves_the_demo_home(demo):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.site_name == "Pôle démo"
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()
    assert ChantierPage.objects.get(slug="mobilite").get_url_parts()[2] == "/chantiers/mobilite/"


def test_footer_mention_links_to_the_accessibility_statement(demo):
    network = NetworkSettings.objects.get(site__is_default_site=True)
    assert network.accessibility_status == AccessibilityStatus.PARTIALLY_COMPLIANT
    statement = network.accessibility_statement.specific
    assert statement.live and statement.title == "Déclaration d'accessibilité"
    assert "Texte de démonstration" in str(statement.body)


def test_only_people_who_consented_are_published(demo):
    withheld = {
        f"{first} {last}" for first, last, *_rest, consent, _public, _phone in content.PEOPLE if not consent
    }
    assert 2 <= len(withheld) <= 3
    assert {person.full_name for person in Person.objects.filter(publication_consent=False)} == withheld
    assert Person.objects.published().count() == len(content.PEOPLE) - len(withheld)
    assert 1 <= Person.objects.filter(email_is_public=True).count() <= 2


def test_chantiers_are_at_different_steps_with_their_dates(demo):
    chantiers = list(ChantierPage.objects.all())
    assert {
        ChantierStatus.PROPOSED,
        ChantierStatus.CALL_FOR_PARTICIPATION,
        ChantierStatus.ONGOING,
        ChantierStatus.RESTITUTION,
    } <= {chantier.status for chantier in chantiers}
    for chantier in chantiers:
        dates = [day for _status, day in chantier.status_dates()]
        reached, ahead = dates[: chantier.step + 1], dates[chantier.step + 1 :]
        assert None not in reached and reached == sorted(reached), chantier.slug
        assert set(ahead) <= {None}, chantier.slug


def test_meetup_target_counts_the_meetups_held_this_year(demo):
    chantier = ChantierPage.objects.get(slug="mailler-le-territoire")
    progress = {action["title"]: progress for action, progress in chantier.action_progress()}
    meetups = progress["Organiser 5 à 6 meet-up annuels"]
    assert (meetups.minimum, meetups.maximum, meetups.unit) == (5, 6, "meet-up")
    assert meetups.achieved > 0


def test_monthly_apero_recurs_on_the_first_thursday(demo):
    apero = EventPage.objects.get(slug="apero-tiers-lieux")
    assert apero.recurrence == "monthly_nth_weekday"
    assert apero.local_start.weekday() == 3 and apero.local_start.day <= 7
    assert apero.chantier.slug == "accompagner"


def test_governance_documents_are_marked_as_demo_text(demo):
    documents = {document.kind: document for document in GovernanceDocumentPage.objects.all()}
    assert set(documents) == {"statutes", "internal_rules", "charter"}
    for document in documents.values():
        assert "Texte de démonstration, sans valeur juridique" in document.intro
    assert 6 <= len(documents["statutes"].articles) <= 10
    assert 6 <= len(documents["internal_rules"].articles) <= 10


def test_admin_password_is_printed_on_first_run_only(demo):
    password = next(
        line.removeprefix(ADMIN_LINE)
        for line in demo.first_output.splitlines()
        if line.startswith(ADMIN_LINE)
    )
    assert get_user_model().objects.get(username="admin").check_password(password)
    assert ADMIN_LINE not in demo.second_output
    assert "python manage.py changepassword admin" in demo.second_output
