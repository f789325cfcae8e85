"""Visitors asking to join, and the team's decisions on their requests."""

import html

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from pole_directory.models import Person
from pole_members.models import Invitation, JoinRequest, JoinRequestStatus
from pole_pages.workflow import EDITORS_GROUP, MEMBERS_GROUP
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

JOIN_URL = "/mon-espace/adhesion/"
VALID = {
    "first_name": "Gwenaël",
    "last_name": "Le Goff",
    "email": "Gwenael.LeGoff@Exemple.fr",
    "organisation_name": "Compagnie du Large",
    "message": "Je travaille sur un spectacle itinérant.",
    "consent": "on",
}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`commit(call, …)`: run `call` as if its transaction committed, so the mails it queues are sent."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def open_requests(settings):
    settings.POLE_MEMBERS_JOIN_REQUESTS = True


@pytest.fixture
def team_user(db, django_user_model):
    user = django_user_model.objects.create_user(
        username="lea", email="lea@pole.example", password="motdepasse", first_name="Léa"
    )
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def team_client(client, team_user):
    client.force_login(team_user)
    return client


def pending_request(**fields):
    data = {key: value for key, value in VALID.items() if key != "consent"}
    data["email"] = data["email"].lower()
    return JoinRequest.objects.create(**{**data, **fields})


def messages_of(response):
    # Wagtail's admin messages are HTML.
    return [html.unescape(str(message)).strip() for message in get_messages(response.wsgi_request)]


# The public form


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url", [JOIN_URL, JOIN_URL + "merci/"])
def test_without_the_setting_the_pages_do_not_exist(client, home, method, url):
    assert getattr(client, method)(url, VALID).status_code == 404
    assert not JoinRequest.objects.exists()


def test_the_form_asks_in_french(client, home, open_requests):
    response = client.get(JOIN_URL)
    assert response.status_code == 200
    page = response.content.decode()
    for label in (
        "Prénom",
        "Nom",
        "Courriel",
        "Structure",
        "Message",
        "J&#x27;accepte que l&#x27;équipe conserve",
    ):
        assert label in page


def test_a_request_is_stored_and_the_team_told(
    client, home, open_requests, team_user, commit, django_user_model
):
    django_user_model.objects.create_user("sans-role", email="autre@pole.example")

    response = commit(client.post, JOIN_URL, VALID)

    assert (response.status_code, response.url) == (303, reverse("pole_members:join_thanks"))
    assert client.get(response.url).status_code == 200
    join_request = JoinRequest.objects.get()
    assert (join_request.full_name, join_request.email, join_request.status) == (
        "Gwenaël Le Goff",
        "gwenael.legoff@exemple.fr",
        JoinRequestStatus.PENDING,
    )
    (message,) = mail.outbox
    assert message.to == ["lea@pole.example"]
    assert "Gwenaël Le Goff" in message.subject
    assert "Compagnie du Large" in message.body and "spectacle itinérant" in message.body
    assert f"http://testserver/admin/demandes-adhesion/edit/{join_request.pk}/" in message.body


def test_a_second_pending_request_for_the_same_address_is_refused_politely(client, home, open_requests):
    pending_request()

    response = client.post(JOIN_URL, {**VALID, "email": "GWENAEL.legoff@exemple.fr"})

    assert response.status_code == 400
    assert "déjà en attente" in response.content.decode()
    assert JoinRequest.objects.count() == 1


def test_a_member_asking_again_reads_the_same_thanks_as_anyone(client, home, open_requests):
    PersonFactory(email="gwenael.legoff@exemple.fr")
    response = client.post(JOIN_URL, VALID)
    assert response.status_code == 303


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"first_name": ""}, "first_name", "Champ requis."),
        ({"last_name": "  "}, "last_name", "Champ requis."),
        ({"email": "pas-une-adresse"}, "email", "Saisissez une adresse e-mail valide."),
        ({"consent": ""}, "consent", "Cochez cette case pour que l’équipe puisse traiter votre demande."),
        ({"message": "x" * 2001}, "message", "2000 caractères"),
    ],
)
def test_invalid_input_is_refused_field_by_field_and_nothing_is_stored(
    client, home, open_requests, team_user, changes, field, error
):
    response = client.post(JOIN_URL, {**VALID, **changes})

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert error.replace("’", "'") in " ".join(errors[field]).replace("’", "'")
    assert "Le formulaire contient 1 erreur" in response.content.decode()
    assert (JoinRequest.objects.count(), mail.outbox) == (0, [])


def test_a_robot_filling_the_hidden_field_is_thanked_and_forgotten(client, home, open_requests):
    response = client.post(JOIN_URL, {**VALID, "site_web": "http://spam.example"})
    assert response.status_code == 303
    assert not JoinRequest.objects.exists()


def test_too_many_requests_from_one_client_wait(client, home, open_requests, settings):
    settings.POLE_FORMS_THROTTLE = "2/600"
    for index in range(2):
        client.post(JOIN_URL, {**VALID, "email": f"n{index}@exemple.fr"})
    response = client.post(JOIN_URL, {**VALID, "email": "n3@exemple.fr"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert JoinRequest.objects.count() == 2


# The team's decisions


def test_the_team_lists_the_requests_filtered_by_status(team_client, assert_max_queries):
    for index in range(8):
        pending_request(email=f"p{index}@exemple.fr")
    pending_request(email="vieux@exemple.fr", status=JoinRequestStatus.DECLINED)

    response = team_client.get(reverse("join_requests:index"), {"status": "pending"})
    page = response.content.decode()
    assert "p0@exemple.fr" in page and "vieux@exemple.fr" not in page
    assert reverse("join_requests:approve", args=[JoinRequest.objects.get(email="p0@exemple.fr").pk]) in page
    declined = JoinRequest.objects.get(email="vieux@exemple.fr")
    assert (
        reverse("join_requests:approve", args=[declined.pk])
        not in team_client.get(reverse("join_requests:index")).content.decode()
    )
    # Measured: 14 queries with 3 requests as with 12.
    assert_max_queries(16, team_client.get, reverse("join_requests:index"))


def test_the_dashboard_counts_the_pending_requests(team_client):
    pending_request(email="a@exemple.fr")
    pending_request(email="b@exemple.fr")
    assert (
        "2 demandes en attente de décision" in team_client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_approving_adds_the_person_unpublished_and_invites_them(team_client, team_user, commit):
    organisation = OrganisationFactory()
    join_request = pending_request(organisation=organisation)
    url = reverse("join_requests:approve", args=[join_request.pk])

    assert team_client.get(url).status_code == 200
    response = commit(team_client.post, url, follow=True)

    assert "Demande acceptée : Gwenaël Le Goff a reçu une invitation." in messages_of(response)
    person = Person.objects.get(email="gwenael.legoff@exemple.fr")
    assert (person.publication_consent, person.organisation) == (False, organisation)
    assert person.account.groups.filter(name=MEMBERS_GROUP).exists()
    join_request.refresh_from_db()
    assert (join_request.status, join_request.decided_by, join_request.person) == (
        JoinRequestStatus.APPROVED,
        team_user,
        person,
    )
    assert join_request.decided_at is not None
    (message,) = mail.outbox
    assert message.to == ["gwenael.legoff@exemple.fr"]
    assert "/compte/password/reset/key/" in message.body


def test_approving_matches_the_person_already_in_the_directory(team_client, commit):
    person = PersonFactory(email="Gwenael.LeGoff@exemple.fr", publication_consent=True)
    join_request = pending_request()

    commit(team_client.post, reverse("join_requests:approve", args=[join_request.pk]))

    assert Person.objects.count() == 1
    person.refresh_from_db()
    assert person.publication_consent is True and person.account is not None
    assert Invitation.objects.get().person == person


def test_declining_records_the_reason_and_tells_the_visitor(team_client, team_user, commit):
    join_request = pending_request()
    url = reverse("join_requests:decline", args=[join_request.pk])

    response = commit(
        team_client.post, url, {"reason": "L'adhésion est réservée aux structures bretonnes."}, follow=True
    )

    assert "Demande refusée : Gwenaël Le Goff en est informé·e par courriel." in messages_of(response)
    join_request.refresh_from_db()
    assert (join_request.status, join_request.decline_reason, join_request.decided_by) == (
        JoinRequestStatus.DECLINED,
        "L'adhésion est réservée aux structures bretonnes.",
        team_user,
    )
    (message,) = mail.outbox
    assert message.to == ["gwenael.legoff@exemple.fr"]
    assert "Bonjour Gwenaël" in message.body
    assert "L'adhésion est réservée aux structures bretonnes." in message.body
    assert not Person.objects.exists()


def test_declining_needs_a_reason(team_client):
    join_request = pending_request()
    response = team_client.post(reverse("join_requests:decline", args=[join_request.pk]), {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    join_request.refresh_from_db()
    assert (join_request.status, mail.outbox) == (JoinRequestStatus.PENDING, [])


@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_a_decided_request_is_not_decided_again(team_client, commit, decision):
    join_request = pending_request(status=JoinRequestStatus.DECLINED)
    response = commit(
        team_client.post,
        reverse(f"join_requests:{decision}", args=[join_request.pk]),
        {"reason": "x"},
        follow=True,
    )
    assert "Cette demande a déjà été traitée." in messages_of(response)
    assert (Person.objects.count(), mail.outbox) == (0, [])


@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_only_the_team_decides(make_client, admin_access_group, decision):
    join_request = pending_request()
    client = make_client("sans-droit", admin_access_group)
    url = reverse(f"join_requests:{decision}", args=[join_request.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "x"}).status_code == 403
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING
