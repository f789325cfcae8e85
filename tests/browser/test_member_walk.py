"""A member's whole path, in a real browser on the demo server: invited from the directory, takes part,
hears back, withdraws from the trombinoscope, takes their data and leaves. And the sign-in throttle.

The server writes its mails to its log (console backend, conftest.py): the tests read them there.
The walk changes the demo data the later browser tests see only for one person, Yann Kerbrat, whom no
other test looks at.
"""

import email
import email.policy
import json
import os
import re
import time

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser_requirements` fixture skips these tests, or fails them on CI
    expect = None

from pole_site.demo import content
from tests.browser.conftest import close_page, open_page
from tests.browser.test_public_site import LAST_NAME, as_if_typed_for_a_while

pytestmark = pytest.mark.browser

INVITED = ("Yann", "Kerbrat")
INVITED_NAME = " ".join(INVITED)
NEW_PASSWORD = "Une-phrase-de-passe-pour-la-demo-42"
(CONSULTATION_SLUG,) = content.MEMBERS_ONLY_FORMS
CONSULTATION_PATH = f"/{CONSULTATION_SLUG}/"
CONSULTATION_TITLE = next(form["title"] for form in content.FORMS if form["slug"] == CONSULTATION_SLUG)
PROPOSAL = "Un parc de gradins mobiles"
LOGIN_PATH = "/compte/login/"
SPACE_PATH = "/mon-espace/"
MAIL_SEPARATOR = "-" * 79
MAIL_WAIT_SECONDS = 10
# The member accounts' shared password, as load_demo prints it (in the server's log).
MEMBERS_PASSWORD = re.compile(r"Comptes adhérent·es, mot de passe : (\S+)")
# allauth's French message once LOGIN_ATTEMPTS_LIMIT failures are counted.
THROTTLED = re.compile(r"Trop de tentatives de connexion")


# Mails, read from the server's log


def mails_to(server, address):
    """The mails the server sent to `address`, oldest first (email.message.EmailMessage)."""
    found = []
    for chunk in server.log_path.read_text(errors="replace").split(MAIL_SEPARATOR):
        start = re.search(r"^Content-Type: ", chunk, re.MULTILINE)
        if start is None:
            continue
        message = email.message_from_string(chunk[start.start() :], policy=email.policy.default)
        if address in str(message.get("To", "")):
            found.append(message)
    return found


def next_mail(server, address, already):
    """The first mail to `address` after the `already` first ones, waiting for it a few seconds."""
    deadline = time.monotonic() + MAIL_WAIT_SECONDS
    while time.monotonic() < deadline:
        mails = mails_to(server, address)
        if len(mails) > already:
            return mails[already]
        time.sleep(0.2)
    pytest.fail(f"no new mail to {address} within {MAIL_WAIT_SECONDS} s:\n{server.log_tail()}")


def text_of(mail):
    return mail.get_body(("plain",)).get_content()


def link_in(text, path):
    """The first address in `text` on the server whose path starts with `path`."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path)}\S*)", text)
    assert match, f"no {path}… link in:\n{text}"
    return match.group(1)


# Steps


def sign_in(page, address, password):
    if LOGIN_PATH not in page.url:
        page.goto(LOGIN_PATH)
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(address)
    form.locator("input[name=password]").fill(password)
    form.get_by_role("button", name="Se connecter").click()


def invite_from_the_directory(staff, person_id):
    """The comm team's action on the person's row of the directory: « Inviter », then confirm."""
    staff.goto(f"/admin/snippets/pole_directory/person/?q={INVITED[1]}")
    row = staff.locator("tbody tr").filter(has_text=INVITED_NAME)
    expect(row).to_have_count(1)
    row.get_by_role("button", name=re.compile("^Plus d.options")).click()
    staff.get_by_role("link", name="Inviter", exact=True).click()
    expect(staff.locator("main")).to_contain_text(INVITED_NAME)
    staff.get_by_role("button", name="Oui, envoyer les invitations").click()
    expect(staff.locator(".messages")).to_contain_text("1 invitation envoyée")


def public_traces(anonymous, person_id):
    """Where an anonymous visitor finds the person: trombinoscope, people API, its detail, search API."""
    anonymous.goto("/trombinoscope/")
    listed = anonymous.locator("main").get_by_text(INVITED_NAME).count() > 0
    people = anonymous.request.get(f"/api/v1/people/?q={INVITED[1]}")
    detail = anonymous.request.get(f"/api/v1/people/{person_id}/")
    search = anonymous.request.get(f"/api/v1/search/?q={INVITED[1]}")
    assert people.ok and search.ok
    return {
        "trombinoscope": listed,
        "people API": INVITED_NAME in people.text(),
        "person API": detail.status,
        "search API": any(
            result["type"] == "person" and result["id"] == person_id for result in search.json()["items"]
        ),
    }


def test_an_invited_member_takes_part_hears_back_withdraws_and_leaves(
    browser, server, screenshot, axe_check, tmp_path
):
    started = time.monotonic()
    ((person_id, address),) = server.fetch_all(
        "SELECT id, email FROM pole_directory_person WHERE first_name = %s AND last_name = %s", INVITED
    )
    staff_context, staff = open_page(browser, server)
    member_context, member = open_page(browser, server, accept_downloads=True)
    anonymous_context, anonymous = open_page(browser, server)
    try:
        assert public_traces(anonymous, person_id) == {
            "trombinoscope": True,
            "people API": True,
            "person API": 200,
            "search API": True,
        }, "the walk needs a published person"

        # The comm team invites the person from the directory; the mail holds a link to choose a password.
        sign_in(staff, content.ADMIN_EMAIL, server.admin_password)
        mails_before = len(mails_to(server, address))
        invite_from_the_directory(staff, person_id)
        invitation = text_of(next_mail(server, address, mails_before))
        assert INVITED[0] in invitation

        member.goto(link_in(invitation, "/compte/password/reset/key/"))
        member.locator("input[name=password1]").fill(NEW_PASSWORD)
        member.locator("input[name=password2]").fill(NEW_PASSWORD)
        member.locator("main form button[name=action]").click()
        expect(member.locator("main")).to_contain_text(re.compile("mot de passe", re.IGNORECASE))

        # The members-only consultation sends a signed-out visitor to sign in, and back after.
        member.goto(CONSULTATION_PATH)
        expect(member).to_have_url(re.compile(rf"{LOGIN_PATH}\?next="))
        expect(member.locator("main")).to_contain_text("réservé aux adhérent·es")
        violations = axe_check(member)
        assert violations.blocking == [], "\n" + violations.describe(violations.blocking)
        screenshot(member, "member-login")
        sign_in(member, address, NEW_PASSWORD)
        expect(member).to_have_url(re.compile(rf"{CONSULTATION_PATH}$"))
        expect(member.locator(".account-status")).to_contain_text("Connecté·e")
        expect(member.locator(".account-status")).to_contain_text(INVITED_NAME)

        # Name and address are filled in from the account; the member writes the proposal.
        form = member.locator("form.pole-form")
        expect(form.get_by_label("Prénom")).to_have_value(INVITED[0])
        expect(form.get_by_label(LAST_NAME)).to_have_value(INVITED[1])
        expect(form.get_by_label("Courriel")).to_have_value(address)
        form.get_by_label("Titre de votre proposition").fill(PROPOSAL)
        form.get_by_label(re.compile("^Décrivez le besoin")).fill(
            "Des gradins que les lieux se prêtent pour les spectacles en extérieur."
        )
        form.locator("input[name=consent]").check()
        as_if_typed_for_a_while(member)
        form.get_by_role("button", name="Envoyer").click()
        expect(member.get_by_role("status")).to_contain_text("Merci")

        # « Mon espace » lists it with its review status.
        member.goto(SPACE_PATH)
        proposal = member.locator(".space-submission").filter(has_text=CONSULTATION_TITLE)
        expect(proposal).to_contain_text("Nouvelle")
        violations = axe_check(member)
        assert violations.blocking == [], "\n" + violations.describe(violations.blocking)
        screenshot(member, "member-space")

        # The comm team turns the proposal into a chantier (retained) and publishes it.
        ((submission_id, page_id, user_id),) = server.fetch_all(
            "SELECT s.id, s.page_id, s.user_id FROM pole_forms_submission s "
            "JOIN wagtailcore_page p ON p.id = s.page_id WHERE p.slug = %s AND s.email = %s",
            (CONSULTATION_SLUG, address),
        )
        assert user_id is not None, "the submission records the member's account"
        mails_before = len(mails_to(server, address))
        staff.goto(f"/admin/forms/submissions/{page_id}/")
        staff.locator("tbody tr").filter(has_text=PROPOSAL).get_by_role(
            "button", name="Créer le chantier"
        ).click()
        expect(staff.locator(".messages")).to_contain_text(PROPOSAL)
        ((chantier_id, status),) = server.fetch_all(
            "SELECT s.chantier_id, s.status FROM pole_forms_submission s WHERE s.id = %s", (submission_id,)
        )
        assert status == "retained"
        staff.goto(f"/admin/pages/{chantier_id}/edit/")
        staff.locator("footer .dropdown-toggle, [data-w-dropdown-target=toggle]").last.click()
        staff.get_by_role("button", name="Publier").click()
        expect(staff.locator(".messages")).to_contain_text("publiée")

        # The author hears back by mail, and « Mon espace » links to the chantier.
        decision = text_of(next_mail(server, address, mails_before))
        assert PROPOSAL in decision and "chantier" in decision
        member.goto(SPACE_PATH)
        proposal = member.locator(".space-submission").filter(has_text=CONSULTATION_TITLE)
        expect(proposal).to_contain_text("Retenue")
        proposal.get_by_role("link", name=PROPOSAL).click()
        expect(member.get_by_role("heading", level=1)).to_have_text(PROPOSAL)

        # Withdrawing consent on the card takes the person off every public surface at once.
        member.goto(f"{SPACE_PATH}fiche/")
        member.get_by_label("J'accepte d'apparaître dans le trombinoscope").uncheck()
        member.get_by_role("button", name="Enregistrer ma fiche").click()
        expect(member.locator("main")).not_to_contain_text("Le formulaire contient")
        assert public_traces(anonymous, person_id) == {
            "trombinoscope": False,
            "people API": False,
            "person API": 404,
            "search API": False,
        }

        # The member takes their data (JSON), then signs out.
        member.goto(SPACE_PATH)
        with member.expect_download() as download_info:
            member.get_by_role("link", name="Télécharger mes données (JSON)").click()
        path = tmp_path / "donnees.json"
        download_info.value.save_as(path)
        data = json.loads(path.read_text())
        exported = json.dumps(data, ensure_ascii=False)
        assert address in exported and PROPOSAL in exported

        member.locator(".account-status").get_by_role("button", name="Se déconnecter").click()
        expect(member.locator(".account-status")).to_contain_text("Se connecter")
        assert member.goto(SPACE_PATH).url.split("?")[0].endswith(LOGIN_PATH)
        assert member.js_errors == []
    finally:
        print(f"member walk: {time.monotonic() - started:.1f} s")
        close_page(anonymous_context, anonymous)
        close_page(member_context, member)
        close_page(staff_context, staff)


def test_sign_in_is_refused_after_the_configured_number_of_wrong_passwords(page, server):
    """LOGIN_ATTEMPTS_LIMIT failures for one address, and even the right password is refused."""
    limit = int(os.environ.get("LOGIN_ATTEMPTS_LIMIT", 5))
    password = MEMBERS_PASSWORD.search(server.log_path.read_text(errors="replace")).group(1)
    # The last demo member account: no other test signs in with it.
    (address,) = server.fetch_all(
        "SELECT p.email FROM pole_directory_person p WHERE p.account_id IS NOT NULL ORDER BY p.id DESC LIMIT 1"
    )[0]

    for attempt in range(limit):
        sign_in(page, address, f"mauvais-mot-de-passe-{attempt}")
        expect(page.locator("main")).to_contain_text(
            re.compile("incorrect|invalide|ne correspond", re.IGNORECASE)
        )
        expect(page.locator("main")).not_to_contain_text(THROTTLED)

    sign_in(page, address, password)

    expect(page.locator("main")).to_contain_text(THROTTLED)
    assert LOGIN_PATH in page.url
    expect(page.locator(".account-status")).not_to_contain_text("Connecté·e")
