"""Cache-Control: anonymous answers are shared, anything that depends on the visitor never is."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from tests.factories import ChantierPageFactory

pytestmark = pytest.mark.django_db

FRONTEND_CACHE = {
    "varnish": {"BACKEND": "pole_core.frontend_cache.VarnishBackend", "LOCATION": "http://127.0.0.1:9"}
}


@pytest.fixture
def chantier(chantier_index):
    return ChantierPageFactory(parent=chantier_index, title="Covoiturage", slug="covoiturage")


@pytest.fixture
def member(consultation, django_user_model):
    """A member of the only group allowed to see the consultation."""
    members = Group.objects.create(name="Adhérent·es")
    restriction = PageViewRestriction.objects.create(
        page=consultation, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members)
    user = django_user_model.objects.create_user(username="lou", password="motdepasse")
    user.groups.add(members)
    return user


def test_anonymous_pages_are_shared_briefly(client, chantier):
    response = client.get(chantier.url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"


def test_a_purged_cache_in_front_may_keep_pages_and_api_answers_longer(client, chantier, settings):
    settings.WAGTAILFRONTENDCACHE = FRONTEND_CACHE

    for path in (chantier.url, "/api/v1/chantiers/"):
        assert client.get(path)["Cache-Control"] == "public, max-age=60, s-maxage=300", path


def test_the_page_lifetimes_are_settings(client, chantier, settings):
    settings.WAGTAILFRONTENDCACHE = FRONTEND_CACHE
    settings.POLE_PAGE_CACHE_SECONDS = 10
    settings.POLE_FRONTEND_CACHE_SECONDS = 3600

    assert client.get(chantier.url)["Cache-Control"] == "public, max-age=10, s-maxage=3600"


def test_pages_for_a_signed_in_user_are_private_and_not_stored(client, editor, chantier):
    client.force_login(editor)

    response = client.get(chantier.url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_form_page_sets_the_csrf_cookie_and_stays_private(client, consultation):
    response = client.get(consultation.url)

    assert response.status_code == 200
    assert "csrftoken" in response.cookies
    assert response["Cache-Control"] == "private"


def test_a_missing_page_gets_no_shared_lifetime(client, home):
    response = client.get("/nulle-part/")

    assert response.status_code == 404
    assert "Cache-Control" not in response


def test_the_admin_stays_uncached(client, editor):
    client.force_login(editor)

    assert "no-store" in client.get("/admin/")["Cache-Control"]


def test_members_only_form_schema_is_private_and_not_stored_for_a_member(client, consultation, member):
    client.force_login(member)

    response = client.get(f"/api/v1/forms/{consultation.pk}/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_public_form_schema_asked_by_a_signed_in_user_is_not_shared(client, consultation, editor):
    client.force_login(editor)

    response = client.get(f"/api/v1/forms/{consultation.pk}/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_api_answers_to_a_signed_in_user_are_private_and_not_stored(client, editor, chantier):
    client.force_login(editor)

    assert client.get("/api/v1/chantiers/")["Cache-Control"] == "private, no-store"
