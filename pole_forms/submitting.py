"""Receiving a submission, the same way for the HTML form and the API.

The checks run in this order: open window (409), throttling (429), honeypot (answered like a success,
nothing stored), validation (400); then the submission is stored. `screen` runs the first three for
both; validation and storing are Wagtail's form view for the HTML form (`PoleFormPage.serve`, which
calls `process_form_submission`), and `receive` for the API.
"""

from ipaddress import ip_network

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail_honeypot.models import HoneypotFormSubmissionMixin

from pole_core.clients import client_ip

from . import conf, throttle


class SubmissionRefused(Exception):
    """Why a submission was not stored, with the HTTP status that says it."""

    def __init__(self, status, detail, errors=None, headers=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or {}
        self.headers = headers or {}


def honeypot_fields():
    return (
        getattr(settings, "HONEYPOT_NAME_FIELD", "whf_name"),
        getattr(settings, "HONEYPOT_TIME_FIELD", "whf_time"),
    )


def caught_by_honeypot(page, data):
    """True when a robot filled the hidden field in, or sent the HTML form faster than a person can.

    The timestamp is only checked when sent: the HTML form always sends it, an API client may not.
    """
    if not page.honeypot:
        return False
    name_field, time_field = honeypot_fields()
    if data.get(name_field):
        return True
    sent_at = data.get(time_field)
    interval = getattr(settings, "HONEYPOT_TIME_INTERVAL", 3)
    return sent_at is not None and not HoneypotFormSubmissionMixin.time_diff(sent_at, interval)


def client_key(request):
    """Whom the throttle counts: the signed-in account, else the client's address.

    An IPv6 client usually holds a whole /64 and can pick any address in it: it counts as one.
    """
    if request.user.is_authenticated:
        return f"user-{request.user.pk}"
    address = client_ip(request)
    if ":" in address:
        address = ip_network(f"{address}/64", strict=False).network_address
    return f"ip-{address}"


def screen(page, request, data):
    """The checks that come before validation: True when the honeypot caught a robot.

    Raises SubmissionRefused when the form is outside its window (409) or the client sent too many
    submissions (429, with `Retry-After`). Every attempt counts against the throttle, valid or not.
    """
    if not page.is_open():
        raise SubmissionRefused(409, page.window_message())
    limit, period = conf.throttle_rate()
    verdict = throttle.attempt(f"form-{page.pk}:{client_key(request)}", limit, period)
    if not verdict.allowed:
        raise SubmissionRefused(
            429,
            _("Trop d'envois en peu de temps : réessayez dans quelques minutes."),
            headers={"Retry-After": str(verdict.retry_after)},
        )
    return caught_by_honeypot(page, data)


def receive(page, data, request, idempotency_key=""):
    """Validate `data` (a QueryDict) against the form and store it; raise SubmissionRefused otherwise.

    Returns the Submission, or None when the honeypot caught a robot.
    """
    if screen(page, request, data):
        return None
    form = page.get_form(data, page=page, user=request.user)
    if not form.is_valid():
        errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        raise SubmissionRefused(400, _("Le formulaire contient des erreurs."), errors)
    return page.store_submission(form, user=request.user, idempotency_key=idempotency_key)
