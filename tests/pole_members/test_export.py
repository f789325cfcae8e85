"""« Mes données »: everything about the member, as a JSON download and as a readable page."""

import json

import pytest
from allauth.account.models import EmailAddress

from pole_forms.choices import SubmissionStatus
from pole_forms.models import MailDelivery
from pole_forms.models.mail import MailKind, MailState
from pole_members.export import member_data
from pole_members.models import Invitation, JoinRequest
from tests.factories import ChantierMemberFactory, ChantierPageFactory, PersonFactory
from tests.factories.forms import SubmissionFactory

JSON = "/mon-espace/donnees.json"
PAGE = "/mon-espace/donnees/"


@pytest.fixture
def member(make_account):
    return make_account("lou@exemple.fr", first_name="Lou", last_name="Martin")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def history(member, consultation, chantier_index, make_account):
    """The member's card, working group, submission with its mails, invitation and join request, and
    another member's submission."""
    person = PersonFactory(
        account=member, first_name="Lou", last_name="Martin", email="lou@exemple.fr", bio="Bio de Lou"
    )
    chantier = ChantierPageFactory(parent=chantier_index, title="Navettes rurales")
    ChantierMemberFactory(page=chantier, person=person, role="lead")
    submission = SubmissionFactory(
        page=consultation,
        user=member,
        status=SubmissionStatus.RETAINED,
        chantier=chantier,
        note="Note interne",
    )
    MailDelivery.objects.filter(submission=submission).delete()
    MailDelivery.objects.create(
        submission=submission,
        kind=MailKind.ACKNOWLEDGEMENT,
        recipients="lou@exemple.fr",
        state=MailState.SENT,
    )
    Invitation.objects.create(person=person, email="lou@exemple.fr")
    JoinRequest.objects.create(
        first_name="Lou", last_name="Martin", email="lou@exemple.fr", message="Bonjour"
    )
    other = make_account("sam@exemple.fr")
    SubmissionFactory(
        page=consultation, user=other, email="sam@exemple.fr", form_data={"idee": "Secret de Sam"}
    )
    return submission


def test_the_json_is_an_attachment_holding_everything(member_client, history):
    response = member_client.get(JSON)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-')
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email_addresses"] == [
        {"email": "lou@exemple.fr", "verified": True, "primary": True}
    ]
    assert data["account"]["date_joined"]
    assert data["card"]["bio"] == "Bio de Lou"
    assert [(m["chantier"], m["role"]) for m in data["memberships"]] == [("Navettes rurales", "lead")]
    [submission] = data["submissions"]
    assert submission["status"] == "retained" and submission["status_label"] == "Retenue"
    assert submission["answers"]["theme_propose"] == "Mobilité douce des publics"
    assert submission["chantier"]["title"] == "Navettes rurales"
    assert [(mail["kind"], mail["state"]) for mail in submission["mails"]] == [("acknowledgement", "sent")]
    assert [invitation["email"] for invitation in data["invitations"]] == ["lou@exemple.fr"]
    assert [join_request["message"] for join_request in data["join_requests"]] == ["Bonjour"]


def test_the_export_holds_nothing_of_another_member_nor_the_teams_note(member_client, history):
    content = member_client.get(JSON).content.decode()

    assert "Secret de Sam" not in content
    assert "sam@exemple.fr" not in content
    assert "Note interne" not in content


def test_an_unverified_address_brings_nothing_in(member_client, member, history, consultation):
    EmailAddress.objects.create(user=member, email="pas-a-moi@exemple.fr", verified=False)
    SubmissionFactory(page=consultation, email="pas-a-moi@exemple.fr", form_data={"idee": "Pas à moi"})

    assert "Pas à moi" not in member_client.get(JSON).content.decode()


def test_the_page_shows_the_same_data_readably(member_client, history):
    response = member_client.get(PAGE)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    for text in [
        "lou@exemple.fr",
        "Bio de Lou",
        "Navettes rurales",
        "Retenue",
        "Mobilité douce des publics",
        "Accusé de réception",
        "Envoyé",
        "Bonjour",
    ]:
        assert text in html, text
    assert "Secret de Sam" not in html
    assert "Note interne" not in html


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    assert client.get(JSON).status_code == 302
    assert client.get(PAGE).status_code == 302


def test_a_member_without_card_gets_an_export_too(member_client, member):
    data = member_data(member)

    assert data["card"] is None and data["submissions"] == [] and data["memberships"] == []
    assert member_client.get(JSON).status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_the_query_count_does_not_depend_on_the_rows(
    member, consultation, django_assert_max_num_queries, count
):
    person = PersonFactory(account=member)
    for _index in range(count):
        submission = SubmissionFactory(page=consultation, user=member)
        MailDelivery.objects.get_or_create(
            submission=submission, kind=MailKind.ACKNOWLEDGEMENT, recipients="x@y.fr"
        )
        Invitation.objects.create(person=person, email="lou@exemple.fr")

    with django_assert_max_num_queries(MAX_EXPORT_QUERIES):
        member_data(member)


MAX_EXPORT_QUERIES = 9
