"""Erasing a person (`pole_forms.erasure`) reaches page revisions and the audit log; « Mon espace »
erases a member's account with it."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry, Revision

from pole_directory.models import Person
from pole_forms.erasure import ERASED_LABEL, erase_account_data, erase_person, portraits_collection
from pole_forms.models import Submission
from pole_pages.models import ChantierMember, ChantierPage
from tests.factories import ChantierMemberFactory, ChantierPageFactory, ImageFactory, PersonFactory
from tests.factories.forms import SubmissionFactory

EMAIL = "lou@exemple.fr"
PASSWORD = "un mot de passe solide 42"


@pytest.fixture
def make_account(db, django_user_model):
    """An account signing in with `email` and PASSWORD, its address verified."""

    def make(email):
        user = django_user_model.objects.create_user(
            username=email.split("@")[0], email=email, password=PASSWORD
        )
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    return make


@pytest.fixture
def lou(db):
    return PersonFactory(first_name="Léa", last_name="Zéphyrin", email=EMAIL)


@pytest.fixture
def sam(db):
    return PersonFactory(first_name="Sam", last_name="Durand", email="sam@exemple.fr")


@pytest.fixture
def chantier(chantier_index, lou, sam):
    """A chantier whose saved revision names Léa (member, referent, mission, text) and Sam."""
    page = ChantierPageFactory(
        parent=chantier_index,
        title="Navettes rurales",
        co_president_referent=lou,
        missions=[
            ("mission", {"holder": "board", "person": lou, "mission": f"Écrire à {EMAIL}"}),
            ("mission", {"holder": "board", "person": sam, "mission": "Animer"}),
        ],
    )
    ChantierMemberFactory(page=page, person=lou)
    ChantierMemberFactory(page=page, person=sam)
    page = ChantierPage.objects.get(pk=page.pk)
    page.save_revision()
    page.intro = "Porté par Léa Zéphyrin et Sam Durand."
    page.save_revision().publish()
    return page


def revision_of(page):
    return Revision.objects.filter(object_id=str(page.pk)).latest("pk").content


def test_erasing_removes_the_person_from_every_revision(chantier, lou, sam):
    old_revision = Revision.objects.filter(object_id=str(chantier.pk)).earliest("pk")

    report = erase_person(EMAIL)

    assert report.revisions == Revision.objects.filter(object_id=str(chantier.pk)).count() >= 2
    for revision in Revision.objects.filter(object_id=str(chantier.pk)):
        text = str(revision.content)
        assert "Zéphyrin" not in text and EMAIL not in text
        assert [row["person"] for row in revision.content["members"]] == [sam.pk]
        assert revision.content["co_president_referent"] is None
    content = revision_of(chantier)
    assert content["intro"] == f"Porté par {ERASED_LABEL} et Sam Durand."
    assert '"person": null' in content["missions"] and f'"person": {sam.pk}' in content["missions"]
    # The old revision still opens as a page (the editor may compare or revert to it).
    assert Revision.objects.get(pk=old_revision.pk).as_object().members.count() == 1


def test_an_erased_revision_can_be_published_again(chantier, lou, sam):
    erase_person(EMAIL)

    Revision.objects.filter(object_id=str(chantier.pk)).latest("pk").publish()

    assert list(ChantierMember.objects.filter(page=chantier).values_list("person", flat=True)) == [sam.pk]


def test_erasing_anonymises_the_audit_log(chantier, lou, sam):
    log(instance=lou, action="wagtail.edit", data={"title": lou.full_name})
    log(instance=sam, action="wagtail.edit")
    log(instance=chantier, action="wagtail.edit", data={"note": f"Ajout de {EMAIL}"})
    log(instance=chantier, action="wagtail.lock")

    report = erase_person(EMAIL)

    about_lou = ModelLogEntry.objects.get(object_id=str(lou.pk), action="wagtail.edit")
    assert (about_lou.label, about_lou.data) == (str(ERASED_LABEL), {})
    assert ModelLogEntry.objects.get(object_id=str(sam.pk), action="wagtail.edit").label == "Sam Durand"
    assert PageLogEntry.objects.get(page=chantier, action="wagtail.edit").data == {}
    assert PageLogEntry.objects.get(page=chantier, action="wagtail.lock").label == "Navettes rurales"
    assert report.log_entries == 2


def test_erasing_deletes_the_members_photo_but_not_the_teams(db):
    uploaded = ImageFactory(collection=portraits_collection())
    team_photo = ImageFactory()
    PersonFactory(email=EMAIL, photo=uploaded)
    PersonFactory(email="autre@exemple.fr", photo=team_photo)
    PersonFactory(email=EMAIL, photo=team_photo)

    report = erase_person(EMAIL)

    assert report.photos == 1
    assert not type(uploaded).objects.filter(pk=uploaded.pk).exists()
    assert type(team_photo).objects.filter(pk=team_photo.pk).exists()


def test_erasing_someone_unknown_changes_nothing(chantier):
    before = [revision.content for revision in Revision.objects.order_by("pk")]

    assert not erase_person("personne@exemple.fr")

    assert [revision.content for revision in Revision.objects.order_by("pk")] == before


def test_account_erasure_reaches_the_accounts_submissions_and_card(make_account, consultation):
    user = make_account(EMAIL)
    PersonFactory(account=user, email="ancienne@exemple.fr")
    SubmissionFactory(page=consultation, user=user, email="ancienne@exemple.fr")
    SubmissionFactory(page=consultation, email=EMAIL)
    kept = SubmissionFactory(page=consultation, email="sam@exemple.fr")

    report = erase_account_data(user, [EMAIL])

    assert (report.submissions, report.people) == (2, 1)
    assert list(Submission.objects.all()) == [kept]


# « Mon espace » › Supprimer mon compte

ERASE = "/mon-espace/supprimer/"


@pytest.fixture
def member(make_account):
    return make_account(EMAIL)


def reauthenticate(client):
    """Give the password again on allauth's page, where the erasure sent the member."""
    response = client.get(ERASE)
    assert response.status_code == 302
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def test_erasing_an_account_asks_for_the_password_again(client, member):
    client.force_login(member)  # signed in long ago, as far as allauth knows

    response = client.get(ERASE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.post(ERASE).status_code == 302
    assert member.__class__.objects.filter(pk=member.pk).exists()


def test_a_member_erases_their_account(client, member, chantier, lou, sam, consultation):
    lou.account = member
    lou.save()
    SubmissionFactory(page=consultation, user=member)
    kept = SubmissionFactory(page=consultation, email="sam@exemple.fr")
    log(instance=lou, action="wagtail.edit")
    client.force_login(member)
    back = reauthenticate(client)

    confirmation = client.get(back["Location"])
    assert confirmation.status_code == 200
    assert "no-store" in confirmation["Cache-Control"]
    response = client.post(ERASE)

    assert response.status_code == 303
    assert response["Location"] == "/"
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Votre compte et vos données ont été effacés. Au revoir !"
    ]
    assert not member.__class__.objects.filter(pk=member.pk).exists()
    assert not Person.objects.filter(pk=lou.pk).exists()
    assert list(Submission.objects.all()) == [kept]
    assert "Zéphyrin" not in str(revision_of(chantier))
    assert ModelLogEntry.objects.get(object_id=str(lou.pk)).label == str(ERASED_LABEL)
    assert "_auth_user_id" not in client.session
