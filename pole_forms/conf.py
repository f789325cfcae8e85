"""The settings of pole_forms, with the defaults a project gets when it sets none."""

from django.conf import settings

DEFAULTS = {
    # Submissions per client and form, per period in seconds ("count/seconds").
    "POLE_FORMS_THROTTLE": "10/600",
    # Largest JSON body accepted by the API, in bytes.
    "POLE_FORMS_MAX_BODY_BYTES": 64 * 1024,
    # Days a submission is kept before `manage.py purge_submissions` removes it.
    "POLE_FORMS_RETENTION_DAYS": 730,
    # Attempts at each notification mail before it shows as failed.
    "POLE_FORMS_MAIL_ATTEMPTS": 5,
    # Wait before the second attempt, in seconds; it doubles each time (2, 4, 8, 16 minutes).
    "POLE_FORMS_MAIL_RETRY_SECONDS": 120,
    # Seconds after which a mail still "sending", or due and not picked up, is taken back by
    # `pole_forms.tasks.recover_mails`: its worker was killed, or its task was lost.
    "POLE_FORMS_MAIL_STALE_SECONDS": 120,
}


def setting(name):
    """The project's value of one of the settings above, or its default."""
    return getattr(settings, name, DEFAULTS[name])


def throttle_rate():
    """(count, seconds) from POLE_FORMS_THROTTLE."""
    count, seconds = str(setting("POLE_FORMS_THROTTLE")).split("/")
    return int(count), int(seconds)


def frontend_origins():
    """Origins allowed to post JSON across sites: the front-ends declared in the project's settings."""
    return set(getattr(settings, "CORS_ALLOWED_ORIGINS", []))
