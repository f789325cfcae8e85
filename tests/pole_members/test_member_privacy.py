"""A member's own data shows to that member only: never to another member, a visitor or a shared cache.

Every personal address, on the site and in the API, with every way of being someone else: anonymous,
another member's session, another member's session token. The member's unpublished card stays off
the public surfaces too.
"""

import json

import pytest
from django.test import Client

from pole_forms.choices import SubmissionStatus
from tests.api.conftest import make_account, sign_in, token_headers
from tests.factories import PersonFactory, TrombinoscopePageFactory
from tests.factories.forms import ConsultationPageFactory, SubmissionFactory

SECRET = "Zéphyrine Quintal-Marchetti"
OWNER = "zephyrine@exemple.fr"
OTHER = "autre.adherent@exemple.fr"

SITE_ADDRESSES = ["/mon-espace/", "/mon-espace/fiche/", "/mon-espace/donnees/", "/mon-espace/donnees.json"]
API_ADDRESSES = [
    "/api/v1/me/",
    "/api/v1/me/submissions/",
    "/api/v1/me/chantiers/",
    "/api/v1/me/forms/",
    "/api/v1/me/export/",
]


@pytest.fixture
def owner(home):
    """A member whose card is not published, with a proposal the team declined with a message."""
    user = make_account(OWNER)
    PersonFactory(
        first_name="Zéphyrine",
        last_name="Quintal-Marchetti",
        email=OWNER,
        phone="06 12 34 56 78",
        bio=SECRET,
        publication_consent=False,
        account=user,
    )
    consultation = ConsultationPageFactory(parent=home, slug="consultation")
    SubmissionFactory(
        page=consultation,
        email=OWNER,
        user=user,
        status=SubmissionStatus.DECLINED,
        decision_reason=f"Réponse à {SECRET}",
    )
    return user


def text(response):
    return response.content.decode()


def is_private(response):
    return {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def as_themselves(client):
    client.post("/compte/login/", {"login": OWNER, "password": "un mot de passe solide 42"})
    return client


def someone_else(kind):
    """A client that is not the owner: a visitor, or another member by session or by token."""
    client = Client()
    if kind == "visitor":
        return client, {}
    make_account(OTHER)
    if kind == "another member's session":
        client.post("/compte/login/", {"login": OTHER, "password": "un mot de passe solide 42"})
        return client, {}
    return client, token_headers(sign_in(client, OTHER))


def test_the_member_sees_their_own_data_everywhere_it_belongs(client, owner):
    as_themselves(client)
    for address in SITE_ADDRESSES + API_ADDRESSES:
        response = client.get(address)
        assert response.status_code == 200, address
        assert is_private(response), address
    assert SECRET in text(client.get("/mon-espace/donnees/"))
    assert SECRET in json.dumps(client.get("/api/v1/me/export/").json(), ensure_ascii=False)


@pytest.mark.parametrize("kind", ["visitor", "another member's session", "another member's token"])
def test_nobody_else_sees_a_members_data(owner, kind):
    client, headers = someone_else(kind)
    as_owner = Client()
    as_themselves(as_owner)
    for address in SITE_ADDRESSES + API_ADDRESSES:
        # The owner's answer first: a cache that kept it must not give it to the next one.
        as_owner.get(address)
        response = client.get(address, headers=headers)
        body = text(response)
        assert SECRET not in body and OWNER not in body and "Quintal" not in body, address
        # A session token signs a member in to the API only: the site's pages see a visitor.
        if kind == "visitor" or (headers and address in SITE_ADDRESSES):
            assert response.status_code in (302, 401), address
        else:
            assert response.status_code == 200, address
            assert is_private(response), address


def test_an_unpublished_members_card_stays_off_every_public_surface(client, home, owner):
    trombinoscope = TrombinoscopePageFactory(parent=home)
    public = [
        client.get(trombinoscope.url),
        client.get("/api/v1/people/?q=Quintal"),
        client.get("/api/v1/search/?q=Quintal"),
        client.get(f"/api/v1/people/{owner.person.pk}/"),
    ]
    for response in public:
        assert "Quintal" not in text(response) and SECRET not in text(response)
    assert public[-1].status_code == 404
