"""Two-factor authentication (allauth's TOTP and recovery codes) for staff, required of superusers by a setting."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import Permission
from django.urls import reverse

LOGIN = reverse("account_login")


def current_code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


@pytest.fixture
def superuser_account(make_account):
    return make_account("direction@exemple.fr", is_staff=True, is_superuser=True)


@pytest.fixture
def totp_secret(superuser_account):
    secret = generate_totp_secret()
    TOTP.activate(superuser_account, secret)
    return secret


def test_with_totp_the_password_alone_does_not_sign_in(client, superuser_account, totp_secret, password):
    response = client.post(LOGIN, {"login": superuser_account.email, "password": password, "next": "/admin/"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_authenticate"))
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    assert "Authentification à deux facteurs" in page.content.decode()


def test_the_code_of_the_authenticator_app_completes_the_sign_in(
    client, superuser_account, totp_secret, password
):
    client.post(LOGIN, {"login": superuser_account.email, "password": password, "next": "/admin/"})

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(totp_secret)})

    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.session["_auth_user_id"] == str(superuser_account.pk)
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_in_french(client, superuser_account, totp_secret, password):
    client.post(LOGIN, {"login": superuser_account.email, "password": password})
    wrong = f"{(int(current_code(totp_secret)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert "Code incorrect" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_completes_the_sign_in(client, superuser_account, totp_secret, password):
    recovery_code = RecoveryCodes.activate(superuser_account).get_unused_codes()[0]
    client.post(LOGIN, {"login": superuser_account.email, "password": password})

    response = client.post(reverse("mfa_authenticate"), {"code": recovery_code})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(superuser_account.pk)


# The requirement


@pytest.fixture
def required(settings):
    settings.POLE_MEMBERS_SUPERUSER_MFA_REQUIRED = True


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/django-admin/"])
def test_a_superuser_without_totp_is_sent_to_set_it_up(client, superuser_account, required, path):
    client.force_login(superuser_account)

    response = client.get(path)

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_the_setup_page_says_why_in_french(client, home, superuser_account, password, required):
    client.post(LOGIN, {"login": superuser_account.email, "password": password})
    client.post(reverse("account_reauthenticate"), {"password": password})

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert "doivent activer la double authentification" in response.content.decode()


def test_a_superuser_sets_up_totp_then_reaches_the_admin(client, home, superuser_account, password, required):
    client.post(LOGIN, {"login": superuser_account.email, "password": password})
    client.post(reverse("account_reauthenticate"), {"password": password})
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', page).group(1)

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=superuser_account, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


def test_a_superuser_with_totp_reaches_the_admin(client, superuser_account, totp_secret, required):
    client.force_login(superuser_account)

    assert client.get("/admin/").status_code == 200


def test_a_superuser_without_totp_may_still_sign_out(client, superuser_account, required):
    client.force_login(superuser_account)

    response = client.post(reverse("wagtailadmin_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_other_staff_are_not_required_to_use_totp(client, make_account, required):
    staff = make_account("equipe@exemple.fr", is_staff=True, is_superuser=False)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)

    assert client.get("/admin/").status_code == 200


def test_without_the_setting_superusers_are_not_required_to_use_totp(client, superuser_account, settings):
    settings.POLE_MEMBERS_SUPERUSER_MFA_REQUIRED = False
    client.force_login(superuser_account)

    assert client.get("/admin/").status_code == 200


def test_the_site_pages_stay_open_to_a_superuser_without_totp(client, home, superuser_account, required):
    client.force_login(superuser_account)

    assert client.get(home.url).status_code == 200
