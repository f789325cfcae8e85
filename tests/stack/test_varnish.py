"""Varnish in front of two app servers: shared answers come from it, changes purge it, personal ones never.

A real varnishd with site/varnish/pole.vcl (see conftest.py) in front of two gunicorn app servers on
this test run's database. Pages are published in this process through Wagtail: the "content changed"
signal purges Varnish over HTTP, through Wagtail's frontend cache, as an editor's publication does.
"""

import json
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.factories import ChantierPageFactory
from tests.factories.forms import ConsultationPageFactory
from tests.ports import free_port

USERBAR = "<wagtail-userbar"
SUBMISSIONS_PER_CLIENT = 2
ANSWERS = {
    "prenom": "Lou",
    "nom": "Martin",
    "courriel": "lou.martin@exemple.fr",
    "theme_propose": "Navettes entre tiers-lieux",
    "description": "Mutualiser des navettes entre les tiers-lieux ruraux.",
    "consent": True,
}


@pytest.fixture(scope="module")
def stack(app_servers, start_varnish):
    """Two app servers and Varnish in front of them, for the whole module. The servers trust one proxy
    (the README's setting behind Varnish) and take two submissions per client and form a day."""
    env = {"TRUSTED_PROXY_COUNT": "1", "FORMS_THROTTLE": f"{SUBMISSIONS_PER_CLIENT}/86400"}
    servers = (app_servers.start(**env), app_servers.start(**env))
    return SimpleNamespace(app_servers=servers, varnish=start_varnish(*servers))


@pytest.fixture
def varnish(stack, settings):
    """The stack's Varnish, emptied, and purged by this process's changes."""
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "pole_core.frontend_cache.VarnishBackend", "LOCATION": stack.varnish.url}
    }
    assert stack.varnish.request("BAN", "/").status == 200
    return stack.varnish


def session_cookie(user):
    """The Cookie header of a browser signed in as `user` (the app servers share the sessions table)."""
    client = Client()
    client.force_login(user)
    return {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}


def read_twice(varnish, path, **options):
    return varnish.get(path, **options), varnish.get(path, **options)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_anonymous_pages_and_api_answers_come_from_varnish_the_second_time(chantier_index, varnish):
    chantier = ChantierPageFactory(parent=chantier_index, title="Covoiturage", slug="covoiturage")

    for path in (chantier.url, "/api/v1/chantiers/", "/api/v1/places.geojson"):
        first, second = read_twice(varnish, path)
        assert (first.status, first.hit, second.status, second.hit) == (200, False, 200, True), path
        assert second.text == first.text
        assert first.headers["Cache-Control"].startswith("public, max-age=")
        assert path.endswith(".geojson") or "Covoiturage" in second.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_purges_the_page_its_listing_and_the_api(chantier_index, varnish):
    chantier = ChantierPageFactory(parent=chantier_index, title="Covoiturage", slug="covoiturage")
    paths = [chantier.url, chantier_index.url, f"/api/v1/chantiers/{chantier.pk}/", "/api/v1/chantiers/"]
    for path in paths:
        assert read_twice(varnish, path)[1].hit, path

    chantier.title = "Covoiturage rural"
    chantier.save_revision().publish()

    for path in paths:
        answer = varnish.get(path)
        assert (answer.status, answer.hit) == (200, False), path
        assert "Covoiturage rural" in answer.text, path


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_unpublishing_removes_the_page_from_varnish(chantier_index, varnish):
    chantier = ChantierPageFactory(parent=chantier_index, title="Covoiturage", slug="covoiturage")
    path, detail = chantier.url, f"/api/v1/chantiers/{chantier.pk}/"
    for cached in (path, detail, "/api/v1/chantiers/"):
        assert read_twice(varnish, cached)[1].hit, cached

    chantier.unpublish()

    assert varnish.get(path).status == 404
    assert varnish.get(detail).status == 404
    assert "Covoiturage" not in varnish.get("/api/v1/chantiers/").text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_signed_in_requests_are_never_served_from_varnish_nor_stored_in_it(chantier_index, editor, varnish):
    chantier = ChantierPageFactory(parent=chantier_index, title="Covoiturage", slug="covoiturage")
    signed_in = session_cookie(editor)
    assert read_twice(varnish, chantier.url)[1].hit

    first, second = read_twice(varnish, chantier.url, headers=signed_in)
    # The index page is asked for by the editor first: what it got must not reach a visitor.
    listing_for_editor = varnish.get(chantier_index.url, headers=signed_in)
    listing_for_visitor = varnish.get(chantier_index.url)

    for answer in (first, second, listing_for_editor):
        assert (answer.status, answer.hit) == (200, False)
        assert answer.headers["Cache-Control"] == "private, no-store"
        assert USERBAR in answer.text
    assert (listing_for_visitor.hit, USERBAR in listing_for_visitor.text) == (False, False)


def session_token(varnish, email, password):
    """The X-Session-Token of a front-end that signed in as `email` through allauth's app API."""
    answer = varnish.request(
        "POST",
        "/_allauth/app/v1/auth/login",
        headers={"Content-Type": "application/json"},
        body=json.dumps({"email": email, "password": password}),
    )
    assert answer.status == 200, answer.text
    return {"X-Session-Token": json.loads(answer.text)["meta"]["session_token"]}


@pytest.mark.parametrize("credentials", ["session cookie", "session token"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_members_only_form_schema_is_private_and_never_stored(
    home, varnish, django_user_model, settings, credentials
):
    # The servers check the password with Django's default hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    consultation = ConsultationPageFactory(parent=home, slug="consultation")
    members = Group.objects.create(name="Adhérent·es")
    restriction = PageViewRestriction.objects.create(
        page=consultation, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members)
    member = django_user_model.objects.create_user(
        username="lou", email="lou@exemple.fr", password="motdepasse"
    )
    member.groups.add(members)
    path = f"/api/v1/forms/{consultation.pk}/"
    if credentials == "session cookie":
        headers = session_cookie(member)
    else:
        headers = session_token(varnish, "lou@exemple.fr", "motdepasse")

    first, second = read_twice(varnish, path, headers=headers)

    for answer in (first, second):
        assert (answer.status, answer.hit) == (200, False)
        assert answer.headers["Cache-Control"] == "private, no-store"
    assert varnish.get(path).status == 401


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_form_pages_are_never_stored_and_the_csrf_cookie_does_not_split_the_cache(
    home, chantier_index, varnish
):
    consultation = ConsultationPageFactory(parent=home, slug="consultation")
    chantier = ChantierPageFactory(parent=chantier_index, title="Covoiturage", slug="covoiturage")

    form_pages = read_twice(varnish, consultation.url)
    shared = varnish.get(chantier.url)
    with_csrf_cookie = varnish.get(chantier.url, headers={"Cookie": "csrftoken=jeton-du-visiteur"})

    for answer in form_pages:
        assert (answer.status, answer.hit, answer.headers["Cache-Control"]) == (200, False, "private")
        assert "csrftoken=" in answer.headers["Set-Cookie"]
    assert (shared.hit, with_csrf_cookie.hit) == (False, True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reads_go_to_the_other_app_server_when_one_is_down(chantier_index, stack, start_varnish):
    nothing_listening = SimpleNamespace(url=f"http://127.0.0.1:{free_port()}")
    varnish = start_varnish(stack.app_servers[0], nothing_listening)
    paths = [f"/api/v1/chantiers/?limit={limit}" for limit in range(1, 7)]

    assert [varnish.get(path).status for path in paths] == [200] * len(paths)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_app_knows_each_client_by_the_address_varnish_saw(home, varnish):
    consultation = ConsultationPageFactory(parent=home, slug="consultation")

    def submit(source_address, forged_address):
        return varnish.request(
            "POST",
            f"/api/v1/forms/{consultation.pk}/submissions/",
            headers={"Content-Type": "application/json", "X-Forwarded-For": forged_address},
            body=json.dumps(ANSWERS),
            source_address=source_address,
        ).status

    # A client cannot escape its limit by naming other addresses: Varnish appends the one it saw.
    from_one_client = [submit("127.0.0.1", f"203.0.113.{number}") for number in range(3)]
    from_another = submit("127.0.0.2", "203.0.113.0")

    assert from_one_client == [201] * SUBMISSIONS_PER_CLIENT + [429]
    assert from_another == 201


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("method", ["PURGE", "BAN"])
def test_only_localhost_may_purge_or_ban(home, varnish, method):
    assert varnish.request(method, "/api/v1/", source_address="127.0.0.2").status == 405
    assert varnish.request(method, "/api/v1/").status == 200
