"""Receiving a submission, the same way for the HTML form and the API.

The checks run in this order: open window (409), throttling (429), honeypot (answered like a success,
nothing stored), validation (400); then the submission is stored. `screen` runs the first three for
both; validation and storing are Wagtail's form view for the HTML form (`PoleFormPage.serve`, which
calls `process_form_submission`), and `receive` for the API, whose JSON values are first checked
for their type (`form_data_from_json`): a text takes a string, a checkbox a boolean, a number a
finite number, a multiple choice a list of strings, the consent only `true`.

Texts never hold control characters (but tab and line breaks in a multi-line text) nor lone
surrogates: `unprintable_character` finds them, for the API and the HTML form alike, and
`printable` escapes them in what was stored before they were refused, for the admin and exports.
"""

import json
import math
import re
from ipaddress import ip_network

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import QueryDict
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


CONSENT_FIELD = "consent"
MULTIPLE_VALUE_TYPES = {"checkboxes", "multiselect"}
MULTILINE_TYPES = {"multiline"}

# Control characters (Unicode category Cc), lone surrogates, and the two non-characters XML refuses.
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What a multi-line text may hold among them.
LINE_BREAKS_AND_TABS = "\t\n\r"


def unprintable_character(text, multiline=False):
    """The first character of `text` that a submission may not hold, or None."""
    for match in UNPRINTABLE.finditer(text):
        if not (multiline and match.group() in LINE_BREAKS_AND_TABS):
            return match.group()
    return None


def printable(value):
    """`value` (a text, or a list of them) with the characters a submission may not hold written as
    `\\uXXXX` (line breaks and tabs kept), so that a page, a CSV or an XLSX file can hold it."""
    if isinstance(value, list):
        return [printable(item) for item in value]
    if not isinstance(value, str):
        return value
    return UNPRINTABLE.sub(
        lambda match: (
            match.group() if match.group() in LINE_BREAKS_AND_TABS else f"\\u{ord(match.group()):04x}"
        ),
        value,
    )


def unprintable_message(character):
    return _("Ce texte contient un caractère non permis (U+%(code)04X).") % {"code": ord(character)}


def printable_text(multiline):
    """A form field validator refusing what `unprintable_character` finds."""

    def validate(text):
        character = unprintable_character(text, multiline)
        if character is not None:
            raise ValidationError(unprintable_message(character))

    return validate


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


class WrongType(ValueError):
    """A JSON value that the field cannot take; its message says what the field takes."""


def form_data_from_json(page, payload):
    """The QueryDict the HTML form would send for the JSON object `payload`.

    Raises SubmissionRefused (400) naming each unknown field and each value of the wrong type.
    `null` leaves a field out, as `false` does a checkbox.
    """
    field_types = {field.clean_name: field.field_type for field in page.get_form_fields()}
    data = QueryDict(mutable=True)
    errors = {}
    for name, value in payload.items():
        try:
            if name in honeypot_fields():
                values = honeypot_values(value)
            elif name == CONSENT_FIELD:
                values = consent_values(value)
            elif name in field_types:
                values = field_values(field_types[name], value)
            else:
                errors[printable(name)] = [_("Ce champ n'existe pas dans ce formulaire.")]
                continue
        except WrongType as wrong:
            errors[name] = [str(wrong)]
        else:
            data.setlist(name, values)
    if errors:
        raise SubmissionRefused(400, _("Le formulaire contient des erreurs."), errors)
    return data


def field_values(field_type, value):
    """The strings the HTML form would send for `value` in a field of `field_type`."""
    if value is None:
        return []
    if field_type in MULTIPLE_VALUE_TYPES:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise WrongType(_("Entrez une liste de textes."))
        return [checked_text(item) for item in value]
    if field_type == "checkbox":
        if not isinstance(value, bool):
            raise WrongType(_("Entrez true ou false."))
        return ["on"] if value else []
    if field_type == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise WrongType(_("Entrez un nombre."))
        if not math.isfinite(value):
            raise WrongType(_("Entrez un nombre fini."))
        return [str(value)]
    if not isinstance(value, str):
        raise WrongType(_("Entrez un texte."))
    return [checked_text(value, multiline=field_type in MULTILINE_TYPES)]


def consent_values(value):
    """Consent is given by `true` alone; `false` or `null` leave it out (the form then asks for it)."""
    if value is True:
        return ["on"]
    if value is False or value is None:
        return []
    raise WrongType(_("Seule la valeur true donne le consentement."))


def honeypot_values(value):
    """The hidden fields a robot fills in: a string or a number, as the HTML form sends them."""
    if value is None:
        return []
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise WrongType(_("Entrez un texte."))
    return [str(value)]


def checked_text(text, multiline=False):
    character = unprintable_character(text, multiline)
    if character is not None:
        raise WrongType(unprintable_message(character))
    return text


def valid_form(page, payload, request):
    """The form of `page` filled in with the JSON object `payload`, valid; SubmissionRefused (400) otherwise."""
    form = page.get_form(form_data_from_json(page, payload), page=page, user=request.user)
    if not form.is_valid():
        errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        raise SubmissionRefused(400, _("Le formulaire contient des erreurs."), errors)
    return form


def receive(page, payload, request, idempotency_key=""):
    """Check the JSON object `payload` against the form and store it; raise SubmissionRefused otherwise.

    Returns the Submission, or None when the honeypot caught a robot. When a parallel request stored
    other answers under the same idempotency key first, nothing is stored and the key is refused.
    """
    if screen(page, request, payload):
        return None
    form = valid_form(page, payload, request)
    submission = page.store_submission(form, user=request.user, idempotency_key=idempotency_key)
    if not same_answers(submission, form):
        raise key_reused()
    return submission


def replay(page, first, payload, request):
    """The first submission of a retried request (same idempotency key) when it sends the same answers.

    Not counted by the throttle: the retry adds nothing. Other answers, valid or not, refuse the key.
    """
    try:
        form = valid_form(page, payload, request)
    except SubmissionRefused:
        raise key_reused() from None
    if not same_answers(first, form):
        raise key_reused()
    return first


def same_answers(submission, form):
    """True when the stored answers of `submission` are the valid `form`'s, as the database keeps them."""

    def stored(data):
        return json.loads(json.dumps(data, cls=DjangoJSONEncoder))

    return stored(submission.form_data) == stored(form.cleaned_data)


def key_reused():
    return SubmissionRefused(
        422,
        _("Cette clé d'idempotence a déjà servi pour une autre réponse : rien n'est enregistré."),
        {"Idempotency-Key": [_("Envoyez une nouvelle clé avec une nouvelle réponse.")]},
    )
