from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from openapi_schema_validator import OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from wagtail.models import PageViewRestriction

DOCUMENT_URI = "urn:pole:openapi"
LOGIN = "/_allauth/app/v1/auth/login"
PASSWORD = "un mot de passe solide 42"


@pytest.fixture
def uncached_api(settings):
    """Run every API request through its endpoint, to count the endpoint's own queries."""
    settings.POLE_API_SERVER_CACHE_SECONDS = 0


@pytest.fixture
def restrict():
    """Put a page behind a password, as an editor would in the page's privacy settings."""

    def restrict(page, kind=PageViewRestriction.PASSWORD):
        return PageViewRestriction.objects.create(page=page, restriction_type=kind, password="secret")

    return restrict


@pytest.fixture
def members():
    return Group.objects.create(name="Adhérent·es")


def ids(response):
    return [item["id"] for item in response.json()["items"]]


def schema_validator(document, method, path, status, media_type):
    """A validator for the schema of one documented answer, its `$ref`s resolved in `document`."""
    pointer = "/".join(
        part.replace("~", "~0").replace("/", "~1")
        for part in ("paths", path, method.lower(), "responses", str(status), "content", media_type, "schema")
    )
    registry = Registry().with_resource(
        DOCUMENT_URI, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    return OAS31Validator(
        {"$ref": f"{DOCUMENT_URI}#/{quote(pointer, safe='/~')}"},
        registry=registry,
        format_checker=OAS31Validator.FORMAT_CHECKER,
    )


# Members, signed in through allauth's headless API for apps


def make_account(email, *groups):
    """An account that may sign in (allauth asks for a verified address), in `groups`."""
    user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
    # pole_members.receivers verifies an address the team typed; made sure of here.
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(*groups)
    return user


def sign_in(client, email, password=PASSWORD):
    """The session token allauth's headless login gives."""
    response = client.post(LOGIN, {"email": email, "password": password}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["meta"]["session_token"]


def token_headers(token):
    return {"X-Session-Token": token}
