"""Pôle's own settings of the member accounts, with their defaults (allauth's are in the site settings)."""

from django.conf import settings

DEFAULTS = {
    # Visitors may ask to join from the sign-up page; each request waits for the team's approval.
    "POLE_MEMBERS_JOIN_REQUESTS": False,
    # Superusers must set up two-factor authentication (TOTP) before using the admin.
    "POLE_MEMBERS_SUPERUSER_MFA_REQUIRED": False,
}


def setting(name):
    return getattr(settings, name, DEFAULTS[name])
