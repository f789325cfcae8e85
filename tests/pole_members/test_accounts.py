"""The accounts' pages (allauth) in the site's look and in French; the header; the accounts' mails."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.factories import ContentPageFactory, PersonFactory

# Words of allauth's English pages that must not reach a French visitor.
ENGLISH = re.compile(
    r"\b(Sign In|Sign Out|Sign Up|Password|Email|Forgot|Remember Me|Reset|Change|Verified|Primary|Remove|"
    r"Activate|Authenticator|Confirm|Submit|Unverified)\b|\b(?:Menu|Messages):"
)

ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_request_login_code",
    "account_email_verification_sent",
    "account_inactive",
]
SIGNED_IN_PAGES = [
    "account_email",
    "account_change_password",
    "account_logout",
    "account_reauthenticate",
    "mfa_index",
    "mfa_activate_totp",
    "usersessions_list",
]
TOTP_PAGES = ["mfa_deactivate_totp", "mfa_view_recovery_codes", "mfa_generate_recovery_codes"]


def visible_text(response):
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    # The words people read, including the labels of buttons and the placeholders of fields.
    attributes = " ".join(re.findall(r'(?:placeholder|aria-label|title|alt|value)="([^"]*)"', html))
    return re.sub(r"<[^>]+>", " ", html) + " " + attributes


def assert_french_site_page(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html, "the page is not in the site's look"
    assert "pole_pages/css/pole" in html
    leaks = sorted(set(ENGLISH.findall(visible_text(response))))
    assert leaks == []


@pytest.fixture
def member(make_account):
    return make_account("alex@exemple.fr", first_name="Alex")


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_account_pages_are_french_and_in_the_site_look(client, home, name):
    assert_french_site_page(client.get(reverse(name)))


def test_password_reset_from_a_wrong_key_is_french(client, home):
    response = client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "faux"}))

    assert_french_site_page(response)


def sign_in(client, user, password):
    """Sign in through the form, then confirm the password as the two-factor pages ask."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_account_pages_are_french_and_in_the_site_look(client, home, member, password, name):
    sign_in(client, member, password)

    assert_french_site_page(client.get(reverse(name)))


@pytest.mark.parametrize("name", TOTP_PAGES)
def test_two_factor_pages_are_french_and_in_the_site_look(client, home, member, password, name):
    sign_in(client, member, password)
    TOTP.activate(member, generate_totp_secret())
    RecoveryCodes.activate(member)

    assert_french_site_page(client.get(reverse(name)))


def test_password_set_page_is_french_for_an_invited_member(client, home, member):
    member.set_unusable_password()
    member.save()
    client.force_login(member)

    assert_french_site_page(client.get(reverse("account_set_password")))


def test_login_code_confirmation_page_is_french(client, home, member):
    client.post(reverse("account_request_login_code"), {"email": member.email})

    response = client.get(reverse("account_confirm_login_code"))

    assert_french_site_page(response)


def test_wrong_password_answers_a_french_error_summary(client, home, member):
    response = client.post(reverse("account_login"), {"login": member.email, "password": "faux"})

    assert_french_site_page(response)
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html
    assert "<title>Erreur : Se connecter" in html


def test_login_fields_have_labels_and_autocomplete(client, home):
    html = client.get(reverse("account_login")).content.decode()

    assert '<label for="id_login">' in html
    assert '<label for="id_password">' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html


def test_login_offers_the_password_reset_and_the_code_by_mail(client, home):
    html = client.get(reverse("account_login")).content.decode()

    assert f'href="{reverse("account_reset_password")}">Mot de passe oublié ?' in html
    assert "Recevoir un code par courriel" in html


@pytest.mark.parametrize("restriction_type", [PageViewRestriction.LOGIN, PageViewRestriction.GROUPS])
def test_login_says_a_members_only_page_is_reserved_to_members(client, home, restriction_type):
    page = ContentPageFactory(parent=home, title="Compte rendu du CA", slug="compte-rendu")
    PageViewRestriction.objects.create(page=page, restriction_type=restriction_type)

    response = client.get(reverse("account_login"), {"next": page.url})

    assert "« Compte rendu du CA » est réservé aux adhérent·es" in response.content.decode()


@pytest.mark.parametrize("restricted", [False, True], ids=["public", "shared-password"])
def test_login_says_nothing_of_members_for_other_pages(client, home, restricted):
    page = ContentPageFactory(parent=home, title="Statuts", slug="statuts")
    if restricted:
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )

    for next_url in [page.url, "/introuvable/", "https://ailleurs.example/", reverse("wagtailadmin_home")]:
        response = client.get(reverse("account_login"), {"next": next_url})
        assert "réservé aux adhérent·es" not in response.content.decode()


@pytest.mark.parametrize("url_name", ["account_login", "account_signup"])
def test_how_to_join_without_join_requests(client, home, settings, url_name):
    settings.POLE_MEMBERS_JOIN_REQUESTS = False

    html = client.get(reverse(url_name)).content.decode()

    assert "contactez l'équipe du réseau" in html
    assert reverse("pole_members:join") not in html


@pytest.mark.parametrize("url_name", ["account_login", "account_signup"])
def test_how_to_join_with_join_requests(client, home, settings, url_name):
    settings.POLE_MEMBERS_JOIN_REQUESTS = True

    html = client.get(reverse(url_name)).content.decode()

    assert f'href="{reverse("pole_members:join")}"' in html


def test_signing_in_leads_to_the_member_space(client, home, member, password):
    response = client.post(reverse("account_login"), {"login": member.email, "password": password})

    assert response.status_code == 302
    assert response.url == reverse("pole_members:space")


# The header


def test_header_names_the_signed_in_person_and_is_private(client, home, member):
    PersonFactory(first_name="Alexandra", last_name="Martin", account=member)
    client.force_login(member)

    response = client.get(home.url)

    html = response.content.decode()
    assert "Connecté·e\u00a0: Alexandra Martin" in html
    assert f'href="{reverse("pole_members:space")}"' in html
    assert re.search(rf'<form method="post" action="{reverse("account_logout")}">', html)
    assert response["Cache-Control"] == "private, no-store"


def test_header_names_an_account_without_person_by_its_address(client, home, make_account):
    client.force_login(make_account("sans-fiche@exemple.fr"))

    assert "Connecté·e\u00a0: sans-fiche@exemple.fr" in client.get(home.url).content.decode()


def test_anonymous_page_is_public_and_holds_no_personal_data(client, home, member):
    # A member signed in elsewhere must leave no trace in what anonymous visitors share.
    PersonFactory(first_name="Alexandra", last_name="Martin", account=member)
    other = client.__class__()
    other.force_login(member)
    other.get(home.url)

    response = client.get(home.url)

    html = response.content.decode()
    assert response["Cache-Control"].startswith("public")
    assert f'href="{reverse("account_login")}?next=/"' in html
    assert "Se connecter" in html
    for personal in ["Connecté·e", "Alexandra", member.email, "csrfmiddlewaretoken"]:
        assert personal not in html


def test_signing_out_from_the_header(client, home, member):
    client.force_login(member)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert response.url == "/"
    assert "_auth_user_id" not in client.session
    assert client.cookies["sessionid"].value == ""


# Mails


def test_account_mails_are_queued_until_the_transaction_commits(
    client, home, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("account_reset_password"), {"email": member.email})
        assert mail.outbox == []

    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("url_name", "data", "subject_words"),
    [
        ("account_reset_password", {"email": "alex@exemple.fr"}, "mot de passe"),
        ("account_request_login_code", {"email": "alex@exemple.fr"}, "code"),
        ("account_reset_password", {"email": "inconnu@exemple.fr"}, "compte"),
    ],
)
def test_account_mails_are_french_under_the_site_name(
    client, home, member, django_capture_on_commit_callbacks, url_name, data, subject_words
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(url_name), data)

    (message,) = mail.outbox
    assert message.subject.startswith("[Pôle] ")
    assert subject_words in message.subject.lower()
    assert "Pôle" in message.body
    assert ENGLISH.findall(message.subject + message.body) == []


def test_unknown_address_mail_says_how_to_join(client, home, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "inconnu@exemple.fr"})

    (message,) = mail.outbox
    assert reverse("account_signup") not in message.body
    assert "adhérent·es" in message.body


# Addresses the team typed are trusted


def test_a_user_the_team_creates_has_a_verified_primary_address(django_user_model):
    user = django_user_model.objects.create_user(username="nouveau", email="Nouveau@Exemple.fr")

    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("nouveau@exemple.fr", True, True)
    ]


def test_a_user_without_address_gets_none(django_user_model):
    user = django_user_model.objects.create_user(username="sans-adresse")

    assert not EmailAddress.objects.filter(user=user).exists()


def test_an_address_changed_by_the_team_becomes_the_verified_primary_one(member):
    member.email = "alex.nouveau@exemple.fr"
    member.save()

    assert set(EmailAddress.objects.filter(user=member).values_list("email", "verified", "primary")) == {
        ("alex@exemple.fr", True, False),
        ("alex.nouveau@exemple.fr", True, True),
    }


def test_another_accounts_verified_address_is_not_taken(member, django_user_model):
    other = django_user_model.objects.create_user(username="copie", email=member.email)

    assert not EmailAddress.objects.filter(user=other).exists()


def test_a_sign_in_does_not_touch_the_addresses(client, home, member, password):
    EmailAddress.objects.filter(user=member).update(primary=False)

    client.post(reverse("account_login"), {"login": member.email, "password": password})

    assert not EmailAddress.objects.filter(user=member, primary=True).exists()


def test_too_many_password_reset_requests_get_a_french_page_in_the_site_look(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "1/m/ip"}
    url = reverse("account_reset_password")
    client.post(url, {"email": "quelquun@exemple.fr"})

    response = client.post(url, {"email": "quelquun@exemple.fr"})

    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de tentatives" in html and "site-header" in html
