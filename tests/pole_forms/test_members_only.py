"""Members-only forms: signing in first, then a form filled with the member's name and email."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from pole_forms.models import Submission
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(django_user_model):
    """An account in the "Adhérents" group, tied to its directory person."""
    user = django_user_model.objects.create_user(
        username="lou", email="lou.martin@exemple.fr", password="motdepasse", first_name="L.", last_name="M."
    )
    user.groups.add(Group.objects.get(name="Adhérents"))
    PersonFactory(first_name="Lou", last_name="Martin", email="autre@exemple.fr", account=user)
    return user


@pytest.fixture
def member_client(member):
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture(params=[PageViewRestriction.LOGIN, PageViewRestriction.GROUPS])
def members_form(request, consultation):
    """The consultation, kept to signed-in visitors or to the "Adhérents" group (page privacy)."""
    restriction = PageViewRestriction.objects.create(page=consultation, restriction_type=request.param)
    if request.param == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get(name="Adhérents"))
    return consultation


def value_of(html, name):
    """The value attribute of the input named `name` ("" when it has none)."""
    start = html.index(f'name="{name}"')
    tag = html[html.rindex("<", 0, start) : html.index(">", start)]
    return tag.partition('value="')[2].partition('"')[0]


def test_anonymous_visitors_are_sent_to_sign_in_and_back(client, members_form):
    response = client.get(members_form.url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={members_form.url}"


def test_a_signed_in_member_gets_the_form_with_their_name_and_email_in_a_private_answer(
    member_client, members_form
):
    response = member_client.get(members_form.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    # The directory person's name, the account's email (the address the account signs in and gets mail with).
    assert (value_of(html, "prenom"), value_of(html, "nom")) == ("Lou", "Martin")
    assert value_of(html, "courriel") == "lou.martin@exemple.fr"
    assert value_of(html, "theme_propose") == ""


def test_the_submission_of_a_member_is_stored_with_their_account(
    member_client, members_form, member, answers
):
    response = member_client.post(members_form.url, answers)

    assert response.status_code == 200
    submission = Submission.objects.get()
    assert submission.user == member
    assert submission.email == answers["courriel"]


def test_a_member_may_change_the_prefilled_answers(member_client, members_form, answers):
    member_client.post(members_form.url, {**answers, "prenom": "Louise", "courriel": "louise@exemple.fr"})

    submission = Submission.objects.get()
    assert (submission.form_data["prenom"], submission.email) == ("Louise", "louise@exemple.fr")


def test_a_public_form_is_prefilled_for_a_signed_in_visitor_too(member_client, consultation):
    html = member_client.get(consultation.url).content.decode()

    assert value_of(html, "courriel") == "lou.martin@exemple.fr"


def test_an_account_without_directory_person_gives_its_own_names(consultation, django_user_model):
    user = django_user_model.objects.create_user(
        username="sam", email="sam@exemple.fr", password="motdepasse", first_name="Sam", last_name="Roux"
    )
    client = Client()
    client.force_login(user)

    html = client.get(consultation.url).content.decode()

    assert (value_of(html, "prenom"), value_of(html, "nom"), value_of(html, "courriel")) == (
        "Sam",
        "Roux",
        "sam@exemple.fr",
    )


def test_anonymous_visitors_get_an_empty_public_form(client, consultation):
    html = client.get(consultation.url).content.decode()

    assert (value_of(html, "prenom"), value_of(html, "courriel")) == ("", "")
