"""Members through allauth's headless API: the session token it gives opens /api/v1/ for them.

The token comes from the real flow (`POST /_allauth/app/v1/auth/login`) and ends with the real sign
out; the API's server-side cache is on, as in production.
"""

import pytest
from wagtail.models import PageViewRestriction

from pole_forms.models import Submission
from tests.api.conftest import make_account, sign_in, token_headers
from tests.factories import ResourcePageFactory

pytestmark = pytest.mark.django_db

SESSION = "/_allauth/app/v1/auth/session"
PROBLEM_JSON = "application/problem+json"
ANSWERS = {
    "prenom": "Lou",
    "nom": "Martin",
    "courriel": "lou.martin@exemple.fr",
    "theme_propose": "Mobilité douce des publics",
    "description": "Mutualiser des navettes entre les tiers-lieux ruraux.",
    "axes_concernes": ["Ressources"],
    "consent": True,
}


def restrict(page, *groups):
    """Keep `page` to `groups` (to signed-in accounts without groups), as an editor would."""
    kind = PageViewRestriction.GROUPS if groups else PageViewRestriction.LOGIN
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind)
    restriction.groups.add(*groups)
    return page


@pytest.fixture
def members_form(consultation, members):
    return restrict(consultation, members)


@pytest.fixture
def members_resource(resource_index, members):
    return restrict(ResourcePageFactory(parent=resource_index, title="Le guide des adhérent·es"), members)


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_JSON
    assert response.json()["status"] == status
    if response.request["REQUEST_METHOD"] == "GET":
        assert response["Cache-Control"] == "private, no-store"


# Signing in


def test_the_headless_login_gives_a_session_token(client):
    make_account("lou@exemple.fr")

    assert sign_in(client, "lou@exemple.fr")


def test_with_the_token_a_members_only_form_schema_answers_privately(client, members, members_form):
    token = sign_in(client, make_account("lou@exemple.fr", members).email)

    response = client.get(f"/api/v1/forms/{members_form.pk}/", headers=token_headers(token))

    assert response.status_code == 200
    assert response.json()["audience"] == "members"
    assert response["Cache-Control"] == "private, no-store"


def test_a_submission_with_the_token_is_stored_with_the_account(client, members, members_form):
    member = make_account("lou@exemple.fr", members)
    token = sign_in(client, member.email)

    response = client.post(
        f"/api/v1/forms/{members_form.pk}/submissions/",
        ANSWERS,
        content_type="application/json",
        headers=token_headers(token),
    )

    assert response.status_code == 201, response.content
    assert Submission.objects.get(pk=response.json()["id"]).user == member


def test_the_token_is_not_a_cookie_session(client, members, members_form):
    """The front-end holds the token; the test client keeps no session that would sign it in."""
    sign_in(client, make_account("lou@exemple.fr", members).email)

    assert_problem(client.get(f"/api/v1/forms/{members_form.pk}/"), 401)


@pytest.mark.parametrize("method", ["get", "post"])
def test_without_a_token_a_members_only_form_answers_401(client, members_form, method):
    url = f"/api/v1/forms/{members_form.pk}/"
    response = (
        client.get(url) if method == "get" else client.post(f"{url}submissions/", ANSWERS, "application/json")
    )

    assert_problem(response, 401)
    assert not Submission.objects.exists()


# Tokens allauth does not know


@pytest.mark.parametrize("token", ["", "inconnu", "x" * 40])
@pytest.mark.parametrize("url", ["/api/v1/axes/", "/api/v1/forms/", "/api/v1/me/", "/api/v1/resources/"])
def test_an_unknown_token_answers_401_on_any_api_address(client, home, token, url):
    assert_problem(client.get(url, headers=token_headers(token)), 401)


def test_after_signing_out_the_token_answers_401(client, members, members_form):
    token = sign_in(client, make_account("lou@exemple.fr", members).email)
    url = f"/api/v1/forms/{members_form.pk}/"
    assert client.get(url, headers=token_headers(token)).status_code == 200

    assert client.delete(SESSION, headers=token_headers(token)).status_code == 401  # allauth: signed out

    assert_problem(client.get(url, headers=token_headers(token)), 401)
    assert_problem(client.get("/api/v1/axes/", headers=token_headers(token)), 401)


def test_a_token_of_a_deactivated_account_answers_401(client, members, members_form):
    member = make_account("lou@exemple.fr", members)
    token = sign_in(client, member.email)
    member.is_active = False
    member.save()

    assert_problem(client.get(f"/api/v1/forms/{members_form.pk}/", headers=token_headers(token)), 401)


def test_a_token_outside_the_api_changes_nothing(client, home):
    assert client.get("/", headers=token_headers("inconnu")).status_code == 200


# Resources behind page privacy


def test_a_members_only_resource_answers_401_to_a_visitor(client, members_resource):
    response = client.get(f"/api/v1/resources/{members_resource.pk}/")

    assert_problem(response, 401)
    assert "guide" not in response.content.decode()


def test_a_members_only_resource_answers_403_to_a_member_outside_its_group(client, members_resource):
    token = sign_in(client, make_account("autre@exemple.fr").email)

    response = client.get(f"/api/v1/resources/{members_resource.pk}/", headers=token_headers(token))

    assert_problem(response, 403)
    assert "guide" not in response.content.decode()


def test_a_members_only_resource_answers_its_member_privately(client, members, members_resource):
    token = sign_in(client, make_account("lou@exemple.fr", members).email)

    response = client.get(f"/api/v1/resources/{members_resource.pk}/", headers=token_headers(token))

    assert response.status_code == 200
    assert response.json()["title"] == "Le guide des adhérent·es"
    assert response["Cache-Control"] == "private, no-store"


def test_a_resource_for_signed_in_accounts_opens_to_any_token(client, resource_index):
    resource = restrict(ResourcePageFactory(parent=resource_index))
    token = sign_in(client, make_account("lou@exemple.fr").email)

    assert client.get(f"/api/v1/resources/{resource.pk}/", headers=token_headers(token)).status_code == 200


def test_the_resources_list_stays_public_only(client, members, members_resource):
    token = sign_in(client, make_account("lou@exemple.fr", members).email)

    response = client.get("/api/v1/resources/", headers=token_headers(token))

    assert members_resource.pk not in [item["id"] for item in response.json()["items"]]


def test_a_resource_opened_by_a_password_in_the_session_is_not_stored(client, resource_index):
    resource = ResourcePageFactory(parent=resource_index, title="Le guide au mot de passe")
    restriction = PageViewRestriction.objects.create(
        page=resource, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    session = client.session
    session[PageViewRestriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    url = f"/api/v1/resources/{resource.pk}/"

    assert client.get(url)["Cache-Control"] == "private, no-store"
    client.cookies.clear()
    assert_problem(client.get(url), 401)


# The server-side cache


def test_a_members_answer_is_never_served_to_a_visitor(client, members, resource_index, members_form):
    token = sign_in(client, make_account("lou@exemple.fr", members).email)
    for _ in range(2):
        as_member = client.get("/api/v1/forms/", headers=token_headers(token))

    as_visitor = client.get("/api/v1/forms/")

    assert members_form.pk in [item["id"] for item in as_member.json()["items"]]
    assert as_member["Cache-Control"] == "private, no-store"
    assert "ETag" not in as_member
    assert members_form.pk not in [item["id"] for item in as_visitor.json()["items"]]
    assert as_visitor["Cache-Control"].startswith("public")


def test_a_stored_public_answer_is_never_served_to_a_member(client, members, members_form):
    token = sign_in(client, make_account("lou@exemple.fr", members).email)
    for _ in range(2):
        as_visitor = client.get("/api/v1/forms/")

    as_member = client.get("/api/v1/forms/", headers=token_headers(token))
    revalidated = client.get(
        "/api/v1/forms/", headers={**token_headers(token), "If-None-Match": as_visitor["ETag"]}
    )

    assert members_form.pk not in [item["id"] for item in as_visitor.json()["items"]]
    assert members_form.pk in [item["id"] for item in as_member.json()["items"]]
    assert as_member["Cache-Control"] == "private, no-store"
    assert revalidated.status_code == 200


def test_public_answers_vary_on_the_credentials(client, home):
    response = client.get("/api/v1/axes/")

    vary = {value.strip().lower() for value in response["Vary"].split(",")}
    assert {"cookie", "x-session-token"} <= vary


# The OpenAPI document


def test_the_document_describes_the_session_token_scheme(client):
    document = client.get("/api/v1/openapi.json").json()

    scheme = document["components"]["securitySchemes"]["sessionToken"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "X-Session-Token")
    assert "/_allauth/app/v1/auth/login" in scheme["description"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/forms/{form_id}/"),
        ("post", "/api/v1/forms/{form_id}/submissions/"),
        ("get", "/api/v1/resources/{page_id}/"),
    ],
)
def test_members_capable_operations_take_the_token_optionally_and_document_401(client, method, path):
    operation = client.get("/api/v1/openapi.json").json()["paths"][path][method]

    assert operation["security"] == [{}, {"sessionToken": []}]
    assert PROBLEM_JSON in operation["responses"]["401"]["content"]
