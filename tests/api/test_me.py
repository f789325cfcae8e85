"""`/api/v1/me/…`: a member's own data, to that member only, never cached for anyone else."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from pole_directory.models import Person
from pole_forms.choices import SubmissionStatus
from pole_site.api import api
from tests.api.conftest import make_account, schema_validator, sign_in, token_headers
from tests.factories import ChantierMemberFactory, ChantierPageFactory, PersonFactory
from tests.factories.forms import ConsultationPageFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

PROBLEM_JSON = "application/problem+json"
READS = [
    "/api/v1/me/",
    "/api/v1/me/submissions/",
    "/api/v1/me/chantiers/",
    "/api/v1/me/forms/",
    "/api/v1/me/export/",
]


@pytest.fixture
def lou(members):
    """A member with a card, a place in a working group and two answers to forms."""
    user = make_account("lou@exemple.fr", members)
    person = PersonFactory(
        first_name="Lou", last_name="Martin", email="lou@exemple.fr", account=user, bio="Régisseuse."
    )
    return user, person


@pytest.fixture
def sam(members, consultation):
    """Another member, with data of their own that Lou must never see."""
    user = make_account("sam@exemple.fr", members)
    person = PersonFactory(
        first_name="Samuel", last_name="Zanetti", email="sam@exemple.fr", account=user, bio="Secret de Sam."
    )
    SubmissionFactory(page=consultation, user=user, email="sam@exemple.fr", decision_reason="Raison pour Sam")
    ChantierMemberFactory(person=person, page__title="Chantier de Sam")
    return user, person


def get_as(client, url, token, **params):
    return client.get(url, params, headers=token_headers(token))


def assert_documented(response, method, path):
    """The answer matches the schema the OpenAPI document publishes for it."""
    document = json.loads(json.dumps(api.get_openapi_schema()))
    media_type = "application/problem+json" if response.status_code >= 400 else "application/json"
    validator = schema_validator(document, method, path, response.status_code, media_type)
    errors = [error.message for error in validator.iter_errors(response.json())]
    assert not errors, errors


# Access


@pytest.mark.parametrize("url", READS)
def test_without_a_token_every_read_answers_401_privately(client, home, url):
    response = client.get(url)

    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM_JSON
    assert response["Cache-Control"] == "private, no-store"
    assert_documented(response, "GET", url)


def test_without_a_token_the_card_cannot_be_changed(client, home):
    response = client.patch("/api/v1/me/card/", {"bio": "x"}, content_type="application/json")

    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM_JSON


@pytest.mark.parametrize("url", READS)
def test_every_read_answers_the_member_privately_as_documented(client, lou, url):
    token = sign_in(client, "lou@exemple.fr")

    response = get_as(client, url, token)

    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response
    if url != "/api/v1/me/export/":
        assert_documented(response, "GET", url)


@pytest.mark.parametrize("url", READS)
def test_a_session_opens_the_member_space_too(client, lou, url):
    client.force_login(lou[0])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("url", ["/api/v1/me/", "/api/v1/me/export/"])
def test_unknown_parameters_answer_400(client, lou, url):
    token = sign_in(client, "lou@exemple.fr")

    assert get_as(client, url, token, inconnu="1").status_code == 400


# Only the member's own data


@pytest.mark.parametrize("url", READS)
def test_another_members_data_never_shows(client, lou, sam, url):
    token = sign_in(client, "lou@exemple.fr")

    text = get_as(client, url, token).content.decode()

    for secret in (
        "sam@exemple.fr",
        "Samuel",
        "Zanetti",
        "Secret de Sam",
        "Raison pour Sam",
        "Chantier de Sam",
    ):
        assert secret not in text, secret


def test_me_gives_the_account_and_its_card_with_its_private_fields(client, lou):
    person = lou[1]
    person.phone, person.phone_is_public = "02 99 00 00 00", False
    person.save()
    token = sign_in(client, "lou@exemple.fr")

    me = get_as(client, "/api/v1/me/", token).json()

    assert me["email"] == "lou@exemple.fr"
    card = me["card"]
    assert (card["id"], card["bio"], card["phone"]) == (person.pk, "Régisseuse.", "02 99 00 00 00")
    assert (card["publication_consent"], card["is_published"]) == (True, True)
    assert (card["email_is_public"], card["phone_is_public"]) == (False, False)


def test_an_account_without_a_card_has_a_null_card(client):
    token = sign_in(client, make_account("seul@exemple.fr").email)

    assert get_as(client, "/api/v1/me/", token).json()["card"] is None


# Submissions


def test_submissions_give_form_status_reason_and_chantier(client, lou, consultation, chantier_index):
    chantier = ChantierPageFactory(parent=chantier_index, title="Mobilité douce")
    SubmissionFactory(
        page=consultation,
        user=lou[0],
        status=SubmissionStatus.RETAINED,
        decision_reason="Le CA l'a retenue.",
        chantier=chantier,
    )
    token = sign_in(client, "lou@exemple.fr")

    (item,) = get_as(client, "/api/v1/me/submissions/", token).json()["items"]

    assert item["form"]["id"] == consultation.pk
    assert item["status"] == {"value": "retained", "label": "Retenue"}
    assert item["decision_reason"] == "Le CA l'a retenue."
    assert item["chantier"]["id"] == chantier.pk


def test_submissions_sent_with_a_verified_address_before_the_account_count(client, lou, consultation):
    SubmissionFactory(page=consultation, email="LOU@exemple.fr")
    SubmissionFactory(page=consultation, email="autre@exemple.fr")
    token = sign_in(client, "lou@exemple.fr")

    assert get_as(client, "/api/v1/me/submissions/", token).json()["count"] == 1


def test_a_draft_chantier_is_not_linked(client, lou, consultation, chantier_index):
    chantier = ChantierPageFactory(parent=chantier_index, live=False)
    SubmissionFactory(page=consultation, user=lou[0], status=SubmissionStatus.RETAINED, chantier=chantier)
    token = sign_in(client, "lou@exemple.fr")

    (item,) = get_as(client, "/api/v1/me/submissions/", token).json()["items"]

    assert item["chantier"] is None


def test_submissions_are_paginated(client, lou, consultation):
    SubmissionFactory.create_batch(3, page=consultation, user=lou[0])
    token = sign_in(client, "lou@exemple.fr")

    page = get_as(client, "/api/v1/me/submissions/", token, limit=2, offset=2).json()

    assert (page["count"], page["limit"], page["offset"], len(page["items"])) == (3, 2, 2, 1)
    assert get_as(client, "/api/v1/me/submissions/", token, limit=101).status_code == 400


def submissions_queries(client, token):
    # Once to fill the caches every request shares (the sites' root paths), then counted.
    get_as(client, "/api/v1/me/submissions/", token, limit=100)
    with CaptureQueriesContext(connection) as queries:
        response = get_as(client, "/api/v1/me/submissions/", token, limit=100)
    assert response.status_code == 200
    return len(response.json()["items"]), len(queries)


def test_submissions_take_as_many_queries_for_30_as_for_1(client, lou, home, chantier_index):
    token = sign_in(client, "lou@exemple.fr")
    chantier = ChantierPageFactory(parent=chantier_index)
    form = ConsultationPageFactory(parent=home, slug="autre-consultation")
    SubmissionFactory(page=form, user=lou[0], chantier=chantier)
    one, queries_for_one = submissions_queries(client, token)

    for index in range(29):
        page = ConsultationPageFactory(parent=home, slug=f"consultation-{index}")
        SubmissionFactory(page=page, user=lou[0], chantier=ChantierPageFactory(parent=chantier_index))
    thirty, queries_for_thirty = submissions_queries(client, token)

    assert (one, thirty) == (1, 30)
    assert queries_for_thirty == queries_for_one


# Chantiers and forms


def test_chantiers_give_the_working_groups_with_the_role(client, lou, chantier_index):
    chantier = ChantierPageFactory(parent=chantier_index, title="Mobilité douce")
    ChantierMemberFactory(page=chantier, person=lou[1], role="pilot")
    ChantierMemberFactory(page=ChantierPageFactory(parent=chantier_index, live=False), person=lou[1])
    token = sign_in(client, "lou@exemple.fr")

    items = get_as(client, "/api/v1/me/chantiers/", token).json()["items"]

    assert [(item["chantier"]["id"], item["role"]["value"]) for item in items] == [(chantier.pk, "pilot")]


def test_forms_give_the_open_ones_the_member_may_fill(client, lou, members, home, consultation):
    restriction = PageViewRestriction.objects.create(
        page=consultation, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members)
    closed = ConsultationPageFactory(
        parent=home, slug="close", opens_at=None, closes_at="2000-01-01T00:00:00Z"
    )
    token = sign_in(client, "lou@exemple.fr")

    ids = [item["id"] for item in get_as(client, "/api/v1/me/forms/", token).json()["items"]]

    assert consultation.pk in ids
    assert closed.pk not in ids


def test_forms_leave_out_the_ones_of_other_groups(client, consultation, members):
    restriction = PageViewRestriction.objects.create(
        page=consultation, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members)
    token = sign_in(client, make_account("hors-groupe@exemple.fr").email)

    ids = [item["id"] for item in get_as(client, "/api/v1/me/forms/", token).json()["items"]]

    assert consultation.pk not in ids


# Export


def test_export_gives_the_members_data(client, lou, consultation):
    SubmissionFactory(page=consultation, user=lou[0], form_data={"theme_propose": "Navettes rurales"})
    token = sign_in(client, "lou@exemple.fr")

    data = get_as(client, "/api/v1/me/export/", token).json()

    assert data["card"]["bio"] == "Régisseuse."
    assert data["submissions"][0]["answers"] == {"theme_propose": "Navettes rurales"}


# The card


def patch_card(client, token, body, **kwargs):
    return client.patch(
        "/api/v1/me/card/",
        json.dumps(body),
        content_type=kwargs.pop("content_type", "application/json"),
        headers=token_headers(token),
    )


def test_patching_the_card_changes_only_the_fields_sent(client, lou):
    token = sign_in(client, "lou@exemple.fr")

    response = patch_card(client, token, {"bio": "Nouvelle présentation.", "email_is_public": True})

    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "private, no-store"
    assert_documented(response, "PATCH", "/api/v1/me/card/")
    person = Person.objects.get(pk=lou[1].pk)
    assert (person.bio, person.email_is_public, person.role_title) == (
        "Nouvelle présentation.",
        True,
        lou[1].role_title,
    )


def test_withdrawing_consent_removes_the_card_from_the_stored_public_answers(client, lou):
    for _ in range(2):
        before = client.get("/api/v1/people/")
    assert lou[1].pk in [item["id"] for item in before.json()["items"]]
    token = sign_in(client, "lou@exemple.fr")

    assert patch_card(client, token, {"publication_consent": False}).status_code == 200

    after = client.get("/api/v1/people/")
    assert lou[1].pk not in [item["id"] for item in after.json()["items"]]
    assert client.get(f"/api/v1/people/{lou[1].pk}/").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"phone_is_public": True}, "phone"),
        ({"bio": "x" * 601}, "bio"),
        ({"inconnu": "x"}, "inconnu"),
        ({"publication_consent": "peut-être"}, "publication_consent"),
    ],
)
def test_an_invalid_card_answers_400_naming_the_field_and_changes_nothing(client, lou, body, field):
    token = sign_in(client, "lou@exemple.fr")

    response = patch_card(client, token, body)

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM_JSON
    assert field in response.json()["errors"]
    assert Person.objects.get(pk=lou[1].pk).bio == "Régisseuse."


def test_a_card_body_that_is_not_json_answers_415(client, lou):
    token = sign_in(client, "lou@exemple.fr")

    assert patch_card(client, token, {"bio": "x"}, content_type="text/plain").status_code == 415


def test_a_member_without_a_card_gets_one_in_their_name(client):
    user = make_account("nouvelle@exemple.fr")
    token = sign_in(client, user.email)

    response = patch_card(client, token, {"bio": "Bonjour."})

    assert response.status_code == 200, response.content
    person = Person.objects.get(account=user)
    assert (person.email, person.bio, person.publication_consent) == (
        "nouvelle@exemple.fr",
        "Bonjour.",
        False,
    )


# The server-side cache


def test_a_members_space_is_never_stored_for_anyone(client, lou, sam):
    lou_token = sign_in(client, "lou@exemple.fr")
    sam_token = sign_in(client, "sam@exemple.fr")
    for _ in range(2):
        as_lou = get_as(client, "/api/v1/me/", lou_token)

    as_sam = get_as(client, "/api/v1/me/", sam_token)
    as_visitor = client.get("/api/v1/me/")

    assert as_lou.json()["email"] == "lou@exemple.fr"
    assert as_sam.json()["email"] == "sam@exemple.fr"
    assert as_visitor.status_code == 401
