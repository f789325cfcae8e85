"""The admins sign in through allauth: Wagtail's and Django's own forms lead there; failed attempts lock out."""

import importlib
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

LOGIN = reverse("account_login")


def login_redirect(response):
    """The path of the sign-in page `response` redirects to, and the `next` it keeps."""
    assert response.status_code == 302
    url = urlsplit(response.url)
    return url.path, parse_qs(url.query).get("next", [None])[0]


@pytest.fixture
def staff(make_account):
    user = make_account("equipe@exemple.fr", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.mark.parametrize(
    ("path", "next_url"),
    [
        ("/admin/login/", "/admin/"),
        ("/admin/login/?next=/admin/pages/", "/admin/pages/"),
        ("/django-admin/login/?next=/django-admin/", "/django-admin/"),
        ("/_util/login/?next=/membres/", "/membres/"),
    ],
)
def test_the_admin_login_forms_lead_to_the_accounts_login_keeping_next(client, path, next_url):
    assert login_redirect(client.get(path)) == (LOGIN, next_url)


@pytest.mark.parametrize("path", ["/admin/login/", "/django-admin/login/", "/_util/login/"])
def test_posting_a_password_to_the_admin_login_forms_signs_nobody_in(client, staff, password, path):
    response = client.post(path, {"username": staff.username, "password": password})

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_wagtail_admin_sends_anonymous_visitors_to_the_accounts_login(client):
    assert login_redirect(client.get("/admin/pages/")) == (LOGIN, "/admin/pages/")


def test_staff_signs_in_to_the_admin_through_the_accounts_login(client, staff, password):
    response = client.post(LOGIN, {"login": staff.email, "password": password, "next": "/admin/"})

    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_signs_out_of_the_admin(client, staff, password):
    client.post(LOGIN, {"login": staff.email, "password": password})

    response = client.post(reverse("wagtailadmin_logout"))

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("next_url", ["/admin/", "/mon-espace/"], ids=["admin", "site"])
def test_the_account_locks_after_the_allowed_failures_even_with_the_right_password(
    client, staff, password, settings, next_url
):
    for _attempt in range(5):
        response = client.post(LOGIN, {"login": staff.email, "password": "mauvais", "next": next_url})
        assert "Trop de tentatives" not in response.content.decode()

    response = client.post(LOGIN, {"login": staff.email, "password": password, "next": next_url})

    assert response.status_code == 200
    assert "Trop de tentatives de connexion échouées" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_account(client, staff, make_account, password):
    other = make_account("autre@exemple.fr")
    for _attempt in range(5):
        client.post(LOGIN, {"login": staff.email, "password": "mauvais"})

    response = client.post(LOGIN, {"login": other.email, "password": password})

    assert response.status_code == 302


def test_one_address_is_limited_across_accounts(client, make_account, password):
    accounts = [make_account(f"personne{number}@exemple.fr") for number in range(11)]
    for account in accounts[:10]:
        client.post(LOGIN, {"login": account.email, "password": "mauvais"})

    response = client.post(LOGIN, {"login": accounts[10].email, "password": password})

    assert "Trop de tentatives" in response.content.decode()


def test_the_client_address_is_read_through_the_trusted_proxies(client, make_account, password, settings):
    settings.POLE_TRUSTED_PROXY_COUNT = 1
    accounts = [make_account(f"personne{number}@exemple.fr") for number in range(11)]
    for number, account in enumerate(accounts[:10]):
        client.post(
            LOGIN, {"login": account.email, "password": "mauvais"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}"
        )

    response = client.post(
        LOGIN, {"login": accounts[10].email, "password": password}, HTTP_X_FORWARDED_FOR="203.0.113.99"
    )

    assert response.status_code == 302


# Accounts created before allauth


verify_existing_addresses = importlib.import_module(
    "pole_members.migrations.0002_verified_staff_emails"
).verify_existing_addresses


@pytest.fixture
def accounts_before_allauth(django_user_model):
    """Accounts as they were before allauth: no EmailAddress rows (the receiver's are removed)."""

    def make(username, email, **fields):
        user = django_user_model.objects.create_user(username=username, email=email, password="x", **fields)
        EmailAddress.objects.filter(user=user).delete()
        return user

    return make


def addresses(user):
    return set(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary"))


def test_the_migration_verifies_the_addresses_of_existing_accounts(accounts_before_allauth):
    staff = accounts_before_allauth("equipe", "Equipe@Exemple.fr", is_staff=True)
    no_address = accounts_before_allauth("sans", "")

    verify_existing_addresses(apps, None)

    assert addresses(staff) == {("equipe@exemple.fr", True, True)}
    assert addresses(no_address) == set()


def test_the_migration_verifies_an_address_waiting_for_verification(accounts_before_allauth):
    staff = accounts_before_allauth("equipe", "equipe@exemple.fr")
    EmailAddress.objects.create(user=staff, email="equipe@exemple.fr", verified=False, primary=False)
    EmailAddress.objects.create(user=staff, email="ancienne@exemple.fr", verified=True, primary=True)

    verify_existing_addresses(apps, None)

    assert addresses(staff) == {("equipe@exemple.fr", True, False), ("ancienne@exemple.fr", True, True)}


def test_the_migration_gives_a_shared_address_to_the_last_used_account(accounts_before_allauth):
    old = accounts_before_allauth(
        "ancien", "commune@exemple.fr", last_login=timezone.now() - timedelta(days=30)
    )
    never = accounts_before_allauth("jamais", "commune@exemple.fr")
    recent = accounts_before_allauth("recent", "commune@exemple.fr", last_login=timezone.now())

    verify_existing_addresses(apps, None)

    assert addresses(recent) == {("commune@exemple.fr", True, True)}
    assert addresses(old) == addresses(never) == set()


def test_an_account_from_before_allauth_signs_in_after_the_migration(client, accounts_before_allauth):
    staff = accounts_before_allauth("equipe", "equipe@exemple.fr", is_staff=True)
    staff.set_password("un mot de passe solide 42")
    staff.save(update_fields=["password"])
    verify_existing_addresses(apps, None)

    response = client.post(LOGIN, {"login": "equipe@exemple.fr", "password": "un mot de passe solide 42"})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
