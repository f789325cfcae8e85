"""`manage.py load_demo`: complete, faithful to the seeds, and idempotent."""

from io import StringIO
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Revision, Site

from pole_directory.models import Axis, Organisation, Person, Place
from pole_forms.choices import FieldPurpose
from pole_forms.models import ConsultationPage
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
from pole_pages.workflow import MEMBERS_GROUP
from pole_site.demo import content

ADMIN_LINE = f"Compte d'administration : {content.ADMIN_EMAIL} / "
MEMBERS_LINE = "Comptes adhérent·es, mot de passe : "

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


def printed(output, prefix):
    return next(line.removeprefix(prefix) for line in output.splitlines() if line.startswith(prefix))


def test_admin_password_is_printed_on_first_run_only(demo):
    password = printed(demo.first_output, ADMIN_LINE)
    assert get_user_model().objects.get(username="admin").check_password(password)
    assert ADMIN_LINE not in demo.second_output
    assert "python manage.py changepassword admin" in demo.second_output


def test_the_admin_signs_in_with_its_verified_address(demo, client):
    """Accounts sign in by address (allauth): the administrator's is verified, so no confirmation step."""
    admin = get_user_model().objects.get(username="admin")
    assert EmailAddress.objects.filter(
        user=admin, email=content.ADMIN_EMAIL, verified=True, primary=True
    ).exists()

    response = client.post(
        "/compte/login/", {"login": content.ADMIN_EMAIL, "password": printed(demo.first_output, ADMIN_LINE)}
    )

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == admin.pk


def member_organisations():
    return {
        name for name, _kind, _city, _territory, year, *_rest in content.ORGANISATIONS if year is not None
    }


def test_each_member_organisation_has_one_member_account_held_by_one_of_its_people(demo):
    holders = Person.objects.filter(account__isnull=False).select_related("organisation", "account")

    assert sorted(person.organisation.name for person in holders) == sorted(member_organisations())
    members = get_user_model().objects.filter(groups__name=MEMBERS_GROUP)
    assert set(members) == {person.account for person in holders}
    for person in holders:
        assert person.account.email == person.email
        assert not person.account.is_staff
        assert EmailAddress.objects.filter(user=person.account, email=person.email, verified=True).exists()


def test_member_accounts_are_printed_with_their_password_on_first_run_only(demo):
    listed = {
        line.strip().split(" ", 1)[0]
        for line in demo.first_output.splitlines()
        if line.startswith("  ") and "@example.org (" in line
    }
    assert listed == set(Person.objects.filter(account__isnull=False).values_list("email", flat=True))
    assert MEMBERS_LINE not in demo.second_output


@pytest.mark.parametrize("organisation", sorted(member_organisations())[::5])
def test_a_demo_member_signs_in_with_the_printed_password(demo, client, organisation):
    person = Person.objects.get(organisation__name=organisation, account__isnull=False)

    response = client.post(
        "/compte/login/", {"login": person.email, "password": printed(demo.first_output, MEMBERS_LINE)}
    )

    assert response.status_code == 302 and response.url == "/mon-espace/"
    assert int(client.session["_auth_user_id"]) == person.account_id


def test_a_wrong_password_signs_no_member_in(demo, client):
    person = Person.objects.filter(account__isnull=False).first()

    response = client.post("/compte/login/", {"login": person.email, "password": "pas-le-bon-mot-de-passe"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def members_only_consultation():
    (slug,) = content.MEMBERS_ONLY_FORMS
    return ConsultationPage.objects.get(slug=slug)


def test_the_members_only_consultation_asks_for_a_proposal(demo):
    page = members_only_consultation()
    purposes = {field.purpose for field in page.form_fields.all()}
    assert {
        FieldPurpose.EMAIL,
        FieldPurpose.FIRST_NAME,
        FieldPurpose.LAST_NAME,
        FieldPurpose.PROPOSAL_TITLE,
        FieldPurpose.PROPOSAL_DESCRIPTION,
    } <= purposes
    assert page.live and page.is_open()
    (restriction,) = PageViewRestriction.objects.filter(page=page)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert [group.name for group in restriction.groups.all()] == [MEMBERS_GROUP]


def test_only_signed_in_members_see_the_members_only_consultation(demo, client):
    url = members_only_consultation().url

    anonymous = client.get(url)
    client.force_login(Person.objects.filter(account__isnull=False).first().account)
    member = client.get(url)

    assert anonymous.status_code == 302 and anonymous.url.startswith("/compte/login/")
    assert member.status_code == 200 and "Titre de votre proposition" in member.text


def test_every_other_form_stays_public(demo):
    public = ConsultationPage.objects.exclude(slug__in=content.MEMBERS_ONLY_FORMS)
    assert public.exists()
    assert not PageViewRestriction.objects.filter(page__in=public).exists()


def member_document():
    resource = ResourcePage.objects.get(slug="guide-emploi-partage")
    (block,) = [block for block in resource.attachments if block.block_type == "document"]
    return resource, block.value


def test_the_members_only_resource_holds_a_pdf_in_the_members_collection(demo):
    resource, document = member_document()

    assert resource.access == "members"
    restrictions = document.collection.get_view_restrictions()
    assert [group.name for restriction in restrictions for group in restriction.groups.all()] == [
        MEMBERS_GROUP
    ]
    with document.open_file() as file:
        data = file.read()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    assert get_document_model().objects.filter(collection=document.collection).count() == 1


def test_the_members_document_downloads_only_for_a_signed_in_member(demo, client):
    _resource, document = member_document()

    anonymous = client.get(document.url)
    client.force_login(Person.objects.filter(account__isnull=False).first().account)
    member = client.get(document.url)

    assert anonymous.status_code == 302 and "/compte/login/" in anonymous.url
    assert member.status_code == 200
    assert b"".join(member.streaming_content).startswith(b"%PDF")
