"""Accounts for the people of the directory: the team invites them, they choose a password or sign in by code.

An account is created by `create_account` (also used by the demo): a user with no usable password, its
address verified (the invitation goes to it, and the person is known to the team), in the members' group,
linked to the person. `invite` adds the invitation mail, whose link is allauth's own password reset from
a key; the member may also ask for a sign-in code instead. Nothing here is sent inside the request.
"""

from dataclasses import dataclass, field

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.core.internal.httpkit import get_frontend_url
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pole_pages.workflow import MEMBERS_GROUP

from .models import Invitation
from .tasks import queue_mail


class InvitationRefused(Exception):
    """The person cannot be invited; `message` says why, in French, for the team."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NoEmail(InvitationRefused):
    pass


class AlreadyMember(InvitationRefused):
    pass


class EmailTaken(InvitationRefused):
    pass


class AccountStatus:
    NONE = "none"
    INVITED = "invited"
    ACTIVE = "active"


def account_status(person):
    """Where `person` stands: no account, invited (the account was never used), or an active account."""
    account = person.account
    if account is None:
        return AccountStatus.NONE
    return AccountStatus.ACTIVE if account.last_login else AccountStatus.INVITED


def account_status_label(person):
    """« compte actif », « invité·e le … » or "" — the sentence the person list shows."""
    status = account_status(person)
    if status == AccountStatus.ACTIVE:
        return _("compte actif")
    if status == AccountStatus.INVITED:
        last = person.invitations.order_by("-sent_at").first()
        if last is not None:
            return _("invité·e le %(date)s") % {"date": date_format(last.sent_at, "SHORT_DATE_FORMAT")}
        return _("compte créé, jamais utilisé")
    return ""


def create_account(person):
    """The account of `person`, created or brought up to date, linked and in the members' group; no mail.

    Raises `InvitationRefused` (`NoEmail`, `EmailTaken`) when the person has no address or another account
    already uses it. An account that was never used follows the person's current address.
    """
    email = person.email.strip()
    if not email:
        raise NoEmail(_("%(name)s n'a pas de courriel dans l'annuaire.") % {"name": person.full_name})
    User = get_user_model()
    account = person.account
    others = User.objects.exclude(pk=account.pk) if account else User.objects.all()
    taken = others.filter(Q(email__iexact=email) | Q(emailaddress__email__iexact=email)).exists()
    if taken:
        raise EmailTaken(
            _("Le courriel %(email)s de %(name)s est déjà celui d'un autre compte.")
            % {"email": email, "name": person.full_name}
        )
    with transaction.atomic():
        if account is None:
            account = User(
                username=get_adapter().generate_unique_username(
                    [person.first_name, person.last_name, email, "adherent"]
                ),
            )
            account.set_unusable_password()
        account.first_name = person.first_name[:150]
        account.last_name = person.last_name[:150]
        account.email = email
        account.save()
        if not account.last_login:
            # A never-used account follows the directory: its only address is the person's.
            account.emailaddress_set.exclude(email__iexact=email).delete()
        EmailAddress.objects.update_or_create(
            user=account, email__iexact=email, defaults={"email": email, "verified": True, "primary": True}
        )
        members, _created = Group.objects.get_or_create(name=MEMBERS_GROUP)
        account.groups.add(members)
        if person.account_id != account.pk:
            person.account = account
            person.save(update_fields=["account"])
    return account


def invite(person, invited_by=None):
    """Create or reuse the account of `person` and queue the invitation mail; returns the Invitation.

    Raises `InvitationRefused` with the reason: no address, an address used by another account, or an
    account already in use (`AlreadyMember`). A person invited who never signed in gets a new mail.
    """
    account = person.account
    if account is not None and not account.is_active:
        raise InvitationRefused(
            _("Le compte de %(name)s est désactivé : réactivez-le d'abord dans la liste des utilisateurs.")
            % {"name": person.full_name}
        )
    if account is not None and account.last_login:
        raise AlreadyMember(_("%(name)s a déjà un compte actif.") % {"name": person.full_name})
    with transaction.atomic():
        account = create_account(person)
        invitation = Invitation.objects.create(person=person, email=account.email, invited_by=invited_by)
        queue_mail(invitation_mail(person, account, invited_by))
    return invitation


def site_url(path):
    """`path` on the site's public address (mails are read outside any request)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def set_password_url(account):
    """allauth's « choose a new password » link for `account`, from its own token generator."""
    from allauth.account import app_settings as account_settings

    token = account_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(account)
    key = f"{user_pk_to_url_str(account)}-{token}"
    frontend = get_frontend_url(None, "account_reset_password_from_key", key=key)
    if frontend:
        return frontend
    return site_url(
        reverse(
            "account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(account), "key": token}
        )
    )


def invitation_mail(person, account, invited_by=None):
    """The invitation, in the site's language: who invites, the password link, the sign-in by code."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "person": person,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "inviter": (invited_by.get_full_name() or invited_by.get_username()) if invited_by else "",
            "set_password_url": set_password_url(account),
            "login_code_url": site_url(reverse("account_request_login_code")),
            "email": account.email,
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        subject = render_to_string("pole_members/mail/invitation_subject.txt", context).strip()
        body = render_to_string("pole_members/mail/invitation_message.txt", context)
    return EmailMessage(subject=subject, body=body, to=[account.email])


@dataclass
class InvitationReport:
    """What a bulk invitation did, counted per outcome, with the refusals' reasons."""

    sent: int = 0
    without_email: int = 0
    already_members: int = 0
    refused: list = field(default_factory=list)

    def summary(self):
        """« 12 invitations envoyées, 3 personnes sans courriel, 2 déjà membres »."""
        if self.sent:
            parts = [
                ngettext("%(count)d invitation envoyée", "%(count)d invitations envoyées", self.sent)
                % {"count": self.sent}
            ]
        else:
            parts = [_("Aucune invitation envoyée")]
        if self.without_email:
            parts.append(
                ngettext(
                    "%(count)d personne sans courriel",
                    "%(count)d personnes sans courriel",
                    self.without_email,
                )
                % {"count": self.without_email}
            )
        if self.already_members:
            parts.append(
                ngettext("%(count)d déjà membre", "%(count)d déjà membres", self.already_members)
                % {"count": self.already_members}
            )
        if self.refused:
            # Each reason is shown on its own (a shared address, a deactivated account).
            parts.append(
                ngettext("%(count)d autre refus", "%(count)d autres refus", len(self.refused))
                % {"count": len(self.refused)}
            )
        return ", ".join(parts)


def invite_all(people, invited_by=None):
    """Invite each of `people`; one refusal does not stop the others. Returns an InvitationReport."""
    report = InvitationReport()
    for person in people:
        try:
            invite(person, invited_by=invited_by)
        except NoEmail:
            report.without_email += 1
        except AlreadyMember:
            report.already_members += 1
        except InvitationRefused as refusal:
            report.refused.append(refusal.message)
        else:
            report.sent += 1
    return report
