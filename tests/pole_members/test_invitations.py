"""Inviting people of the directory: the admin actions, the mail, and the two ways in that it opens."""

import html
import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pole_members.admin_views import invite_person_url
from pole_members.invitations import (
    AlreadyMember,
    EmailTaken,
    NoEmail,
    create_account,
    invite,
)
from pole_members.models import Invitation
from pole_pages.workflow import EDITORS_GROUP, MEMBERS_GROUP
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Un-mot-de-passe-solide-42"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`commit(call, …)`: run `call` as if its transaction committed, so the mails it queues are sent."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def team_user(db, django_user_model):
    user = django_user_model.objects.create_user(
        username="lea", email="lea@pole.example", password="motdepasse", first_name="Léa", last_name="Guérin"
    )
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def team_client(client, team_user):
    client.force_login(team_user)
    return client


@pytest.fixture
def person(db):
    return PersonFactory(first_name="Yannick", last_name="Morvan", email="yannick.morvan@exemple.fr")


def bulk_url(model, action, *objects):
    app_label = model._meta.app_label
    url = reverse("wagtail_bulk_action", args=[app_label, model._meta.model_name, action])
    return url + "?" + "&".join(f"id={obj.pk}" for obj in objects)


def link_in(body, path_start):
    """The first URL of `body` whose path starts with `path_start`."""
    for url in re.findall(r"https?://\S+", body):
        if urlsplit(url).path.startswith(path_start):
            return url
    raise AssertionError(f"no link to {path_start} in:\n{body}")


def messages_of(response):
    # Wagtail's admin messages are HTML.
    return [html.unescape(str(message)).strip() for message in get_messages(response.wsgi_request)]


def activate(person):
    person.account.last_login = timezone.now()
    person.account.save(update_fields=["last_login"])


# The action on a person


def test_person_listing_offers_the_invite_action(team_client, person):
    response = team_client.get(reverse("wagtailsnippets_pole_directory_person:list"))
    assert invite_person_url(person, reverse("wagtailsnippets_pole_directory_person:list")) in (
        response.content.decode().replace("&amp;", "&")
    )


def test_the_confirmation_page_lists_who_will_be_invited_and_changes_nothing(team_client, person):
    response = team_client.get(invite_person_url(person))
    assert response.status_code == 200
    assert "Yannick Morvan" in response.content.decode()
    assert "sera invité·e à yannick.morvan@exemple.fr" in response.content.decode()
    assert (person.account_id, Invitation.objects.count(), len(mail.outbox)) == (None, 0, 0)


def test_inviting_a_person_creates_their_account_and_sends_the_invitation(
    team_client, team_user, person, commit
):
    response = commit(team_client.post, invite_person_url(person), follow=True)

    assert "1 invitation envoyée" in messages_of(response)
    person.refresh_from_db()
    account = person.account
    assert (account.email, account.first_name, account.last_name) == (
        "yannick.morvan@exemple.fr",
        "Yannick",
        "Morvan",
    )
    assert not account.has_usable_password()
    assert account.groups.filter(name=MEMBERS_GROUP).exists()
    address = EmailAddress.objects.get(user=account)
    assert (address.email, address.verified, address.primary) == ("yannick.morvan@exemple.fr", True, True)
    invitation = Invitation.objects.get()
    assert (invitation.person, invitation.email, invitation.invited_by) == (person, account.email, team_user)

    (message,) = mail.outbox
    assert message.to == ["yannick.morvan@exemple.fr"]
    assert "Pôle" in message.subject
    assert "Bonjour Yannick" in message.body
    assert "Léa Guérin vous invite" in message.body
    assert link_in(message.body, "/compte/password/reset/key/").startswith("http://testserver/")
    assert link_in(message.body, reverse("account_request_login_code"))


def test_the_link_of_the_mail_sets_a_password_then_the_member_signs_in(client, person, commit):
    commit(invite, person)
    url = link_in(mail.outbox[0].body, "/compte/password/reset/key/")

    # allauth's own flow: the key moves to the session, then the form sets the password.
    response = client.get(urlsplit(url).path)
    assert response.status_code == 302
    form_url = response.url
    assert client.get(form_url).status_code == 200
    response = client.post(form_url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    person.account.refresh_from_db()
    assert person.account.check_password(PASSWORD)

    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.account.pk)


def test_the_link_works_once(client, person, commit):
    commit(invite, person)
    path = urlsplit(link_in(mail.outbox[0].body, "/compte/password/reset/key/")).path
    form_url = client.get(path).url
    client.post(form_url, {"password1": PASSWORD, "password2": PASSWORD})

    response = client.get(path, follow=True)
    assert response.context["token_fail"] is True


def test_an_invited_member_signs_in_with_an_emailed_code(client, person, commit):
    commit(invite, person)
    mail.outbox.clear()

    response = commit(client.post, reverse("account_request_login_code"), {"email": person.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [person.email]
    code = next(
        line.strip() for line in message.body.splitlines() if re.fullmatch(r"[A-Z0-9-]{6,9}", line.strip())
    )
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.account.pk)


def test_inviting_again_before_the_first_sign_in_resends(person, team_user, commit):
    commit(invite, person)
    account = person.account
    commit(invite, person, invited_by=team_user)

    assert Invitation.objects.filter(person=person).count() == 2
    assert [message.to for message in mail.outbox] == [[person.email], [person.email]]
    person.refresh_from_db()
    assert person.account == account


def test_an_address_changed_before_the_first_sign_in_follows_the_person(person, commit):
    commit(invite, person)
    person.email = "y.morvan@exemple.fr"
    person.save()
    commit(invite, person)

    assert list(EmailAddress.objects.filter(user=person.account).values_list("email", flat=True)) == [
        "y.morvan@exemple.fr"
    ]
    assert mail.outbox[-1].to == ["y.morvan@exemple.fr"]


def test_inviting_a_member_whose_account_is_active_says_so(team_client, person, commit):
    commit(invite, person)
    activate(person)
    mail.outbox.clear()

    with pytest.raises(AlreadyMember, match="a déjà un compte actif"):
        commit(invite, person)
    response = commit(team_client.post, invite_person_url(person), follow=True)
    assert "Aucune invitation envoyée, 1 déjà membre" in messages_of(response)
    assert (Invitation.objects.count(), mail.outbox) == (1, [])


@pytest.mark.parametrize(
    "owner",
    [
        pytest.param(
            lambda users: users.create_user("autre", email="YANNICK.morvan@exemple.fr"), id="user email"
        ),
        pytest.param(
            lambda users: EmailAddress.objects.create(
                user=users.create_user("autre"), email="yannick.morvan@exemple.fr", verified=True
            ),
            id="allauth address",
        ),
    ],
)
def test_an_address_used_by_another_account_is_refused(person, django_user_model, owner, commit):
    owner(django_user_model.objects)

    with pytest.raises(EmailTaken, match="déjà celui d'un autre compte"):
        commit(invite, person)
    person.refresh_from_db()
    assert (person.account, Invitation.objects.count(), mail.outbox) == (None, 0, [])


def test_a_deactivated_account_is_not_reactivated_by_an_invitation(team_client, person, commit):
    commit(invite, person)
    person.account.is_active = False
    person.account.save()
    mail.outbox.clear()

    response = commit(team_client.post, invite_person_url(person), follow=True)

    assert messages_of(response) == [
        "Le compte de Yannick Morvan est désactivé : réactivez-le d'abord dans la liste des utilisateurs.",
        "Aucune invitation envoyée, 1 autre refus",
    ]
    person.account.refresh_from_db()
    assert (person.account.is_active, Invitation.objects.count(), mail.outbox) == (False, 1, [])


def test_a_person_without_email_is_refused(db, commit):
    person = PersonFactory(email="")
    with pytest.raises(NoEmail, match="n'a pas de courriel"):
        commit(invite, person)
    assert (Invitation.objects.count(), mail.outbox) == (0, [])


def test_create_account_links_an_account_without_sending_anything(person):
    account = create_account(person)

    person.refresh_from_db()
    assert person.account == account
    assert account.groups.filter(name=MEMBERS_GROUP).exists()
    assert EmailAddress.objects.filter(user=account, verified=True, primary=True).exists()
    assert create_account(person) == account
    assert (Invitation.objects.count(), mail.outbox) == (0, [])


# The bulk actions


def test_inviting_selected_people_reports_each_outcome(team_client, commit):
    first, second = PersonFactory(email="un@exemple.fr"), PersonFactory(email="deux@exemple.fr")
    without_email = PersonFactory(email="")
    response = commit(team_client.post, bulk_url(first, "invite", first, second, without_email), follow=True)

    assert "2 invitations envoyées, 1 personne sans courriel" in messages_of(response)
    assert sorted(message.to[0] for message in mail.outbox) == ["deux@exemple.fr", "un@exemple.fr"]


def test_inviting_the_people_of_organisations_counts_sent_without_email_and_members(team_client, commit):
    theatre, cirque, empty = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    invited = [
        PersonFactory(organisation=theatre, email="a@exemple.fr"),
        PersonFactory(organisation=theatre, email="b@exemple.fr"),
        PersonFactory(organisation=cirque, email="c@exemple.fr"),
    ]
    PersonFactory(organisation=theatre, email="")
    PersonFactory(organisation=cirque, email="")
    for email in ("d@exemple.fr", "e@exemple.fr"):
        member = PersonFactory(organisation=cirque, email=email)
        commit(invite, member)
        activate(member)
    outsider = PersonFactory(email="hors@exemple.fr")
    mail.outbox.clear()

    url = bulk_url(theatre, "invite_people", theatre, cirque, empty)
    confirmation = team_client.get(url).content.decode()
    assert "a@exemple.fr" in confirmation and "déjà membre : compte actif" in confirmation
    response = commit(team_client.post, url, follow=True)

    assert "3 invitations envoyées, 2 personnes sans courriel, 2 déjà membres" in messages_of(response)
    assert sorted(message.to[0] for message in mail.outbox) == [person.email for person in invited]
    outsider.refresh_from_db()
    assert outsider.account is None


def test_the_pages_listing_people_do_not_query_per_person(team_client, assert_max_queries):
    # Measured: 16, 15 and 15 queries with 3 people as with 12; a query per person would pass the ceilings.
    organisation = OrganisationFactory()
    people = [PersonFactory(organisation=organisation, email=f"p{index}@exemple.fr") for index in range(12)]
    for person in people[:4]:
        invite(person)
    activate(people[0])

    assert_max_queries(18, team_client.get, bulk_url(organisation, "invite_people", organisation))
    assert_max_queries(17, team_client.get, bulk_url(people[0], "invite", *people))
    assert_max_queries(17, team_client.get, reverse("wagtailsnippets_pole_directory_person:list"))


def test_the_organisation_listing_offers_the_bulk_invitation(team_client):
    OrganisationFactory()
    response = team_client.get(reverse("wagtailsnippets_pole_directory_organisation:list"))
    assert "Inviter les personnes de ces structures" in response.content.decode()


@pytest.mark.parametrize("action", ["person", "organisation"])
def test_only_users_who_may_change_people_invite(make_client, admin_access_group, person, action):
    client = make_client("sans-droit", admin_access_group)
    if action == "person":
        url = invite_person_url(person)
    else:
        person.organisation = OrganisationFactory()
        person.save()
        url = bulk_url(person.organisation, "invite_people", person.organisation)

    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    person.refresh_from_db()
    assert (person.account, Invitation.objects.count(), mail.outbox) == (None, 0, [])
