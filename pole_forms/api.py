"""The headless forms: a form's schema, and submitting an answer to it.

Submissions never appear in any public endpoint: the API only receives them.
"""

import json
from datetime import datetime

from django.http import HttpResponse, QueryDict
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from pole_core.api.errors import ApiError, ErrorOut
from pole_pages.api.common import page_ref
from pole_pages.api.schemas import PageRef

from . import conf
from .choices import Audience
from .models import ParticipationCallPage, PoleFormPage
from .models.pages import CONSENT_FIELD
from .submitting import SubmissionRefused, honeypot_fields, receive

router = Router(tags=["formulaires"])

IDEMPOTENCY_HEADER = "Idempotency-Key"
MULTIPLE_VALUE_TYPES = {"checkboxes", "multiselect"}
CHOICE_TYPES = MULTIPLE_VALUE_TYPES | {"dropdown", "radio"}


class FormFieldOut(Schema):
    name: str
    type: str
    label: str
    help: str
    required: bool
    choices: list[str]
    default: str | list[str] | None


class WindowOut(Schema):
    state: str
    is_open: bool
    opens_at: datetime | None
    closes_at: datetime | None
    message: str


class FormOut(Schema):
    id: int
    kind: str
    title: str
    url: str
    intro: str
    audience: str
    window: WindowOut
    fields: list[FormFieldOut]
    consent: FormFieldOut
    honeypot_field: str | None
    chantier: PageRef | None
    capacity: int | None


class SubmissionCreatedOut(Schema):
    id: int
    message: str


FORM_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def live_form(request, form_id):
    """The live form page `form_id` if this request may see it; 404, 401 or 403 otherwise."""
    page = PoleFormPage.objects.live().filter(pk=form_id).first()
    if page is None:
        raise ApiError(404, _("Aucun formulaire en ligne ne porte ce numéro."))
    page = page.specific
    refusal = page.access_refusal(request)
    if refusal == 401:
        raise ApiError(401, _("Ce formulaire est réservé aux adhérent·es : connectez-vous."))
    if refusal:
        raise ApiError(403, _("Votre compte n'a pas accès à ce formulaire."))
    return page


def field_out(form_field, field):
    """A form builder field as the schema gives it."""
    multiple = form_field.field_type in MULTIPLE_VALUE_TYPES
    choices = (
        [value for value, _label in getattr(field, "choices", [])]
        if form_field.field_type in CHOICE_TYPES
        else []
    )
    default = field.initial if multiple else (form_field.default_value or None)
    return {
        "name": form_field.clean_name,
        "type": form_field.field_type,
        "label": form_field.label,
        "help": form_field.help_text,
        "required": form_field.required,
        "choices": choices,
        "default": default,
    }


def form_out(page, request):
    form = page.get_form(page=page, user=request.user)
    chantier = page.chantier if isinstance(page, ParticipationCallPage) else None
    name_field, _time_field = honeypot_fields()
    return {
        "id": page.pk,
        "kind": page._meta.model_name.removesuffix("page"),
        "title": page.title,
        "url": page.get_full_url(request),
        "intro": page.intro,
        "audience": page.audience(),
        "window": {
            "state": page.window_state(),
            "is_open": page.is_open(),
            "opens_at": page.opens_at,
            "closes_at": page.closes_at,
            "message": page.window_message(),
        },
        "fields": [field_out(f, form.fields[f.clean_name]) for f in page.get_form_fields()],
        "consent": {
            "name": CONSENT_FIELD,
            "type": "checkbox",
            "label": page.consent_statement,
            "help": "",
            "required": True,
            "choices": [],
            "default": None,
        },
        "honeypot_field": name_field if page.honeypot else None,
        "chantier": page_ref(chantier, request),
        "capacity": getattr(page, "capacity", None),
    }


@router.get(
    "/forms/{int:form_id}/",
    response={200: FormOut, **FORM_ERRORS},
    summary="Le schéma d'un formulaire",
    description="Champs (type, libellé, aide, obligatoire, choix, valeur par défaut), période d'ouverture, "
    "public et texte du consentement. Un formulaire réservé aux adhérent·es répond 401 ou 403.",
)
def form_detail(request, response: HttpResponse, form_id: int):
    schema = form_out(live_form(request, form_id), request)
    if schema["audience"] == Audience.PUBLIC:
        # Whether the form is open changes with the clock, not with a publish: keep shared copies short-lived.
        response["Cache-Control"] = "public, max-age=60"
    else:
        # Only members get a members-only form: no cache may keep it for the next visitor.
        response["Cache-Control"] = "private, no-store"
    return schema


def json_to_form_data(page, body):
    """Turn a JSON object into the QueryDict the HTML form would send; 400 on anything else."""
    try:
        payload = json.loads(body or b"{}")
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, _("Le corps de la requête doit être un objet JSON.")) from None
    if not isinstance(payload, dict):
        raise ApiError(400, _("Le corps de la requête doit être un objet JSON."))
    known = {field.clean_name: field.field_type for field in page.get_form_fields()}
    known[CONSENT_FIELD] = "checkbox"
    unknown = sorted(set(payload) - set(known) - set(honeypot_fields()))
    if unknown:
        raise ApiError(
            400,
            _("Le formulaire contient des erreurs."),
            {name: [_("Ce champ n'existe pas dans ce formulaire.")] for name in unknown},
        )
    data = QueryDict(mutable=True)
    for name, value in payload.items():
        if value is None or value is False:
            continue
        if isinstance(value, list):
            data.setlist(name, [str(item) for item in value])
        elif value is True:
            data[name] = "on"
        else:
            data[name] = str(value)
    return data


def client_origin_allowed(request):
    """Same-origin requests, and cross-origin ones from the front-ends listed in the settings."""
    origin = request.headers.get("Origin")
    if not origin:
        return True
    return origin == f"{request.scheme}://{request.get_host()}" or origin in conf.frontend_origins()


@router.post(
    "/forms/{int:form_id}/submissions/",
    response={
        201: SubmissionCreatedOut,
        400: ErrorOut,
        **FORM_ERRORS,
        409: ErrorOut,
        413: ErrorOut,
        429: ErrorOut,
    },
    summary="Envoyer une réponse à un formulaire",
    description="Le corps est un objet JSON `{nom du champ: valeur}` (une liste pour les cases à cocher "
    "multiples, `true` pour une case à cocher), avec `consent: true`. Mêmes contrôles que le formulaire HTML. "
    f"Un en-tête `{IDEMPOTENCY_HEADER}` rend l'envoi rejouable : le même en-tête rend la première réponse. "
    "409 hors de la période d'ouverture, 413 au-delà de la taille permise, 429 après trop d'envois "
    "(l'en-tête `Retry-After` dit dans combien de secondes un envoi sera de nouveau accepté).",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
        },
        "parameters": [
            {
                "in": "header",
                "name": IDEMPOTENCY_HEADER,
                "required": False,
                "schema": {"type": "string", "maxLength": 255},
            }
        ],
        "responses": {
            429: {
                "headers": {
                    "Retry-After": {
                        "description": "Secondes avant qu'un envoi soit de nouveau accepté.",
                        "schema": {"type": "integer", "minimum": 1},
                    }
                }
            }
        },
    },
)
def submit(request, form_id: int):
    page = live_form(request, form_id)
    if not client_origin_allowed(request):
        raise ApiError(403, _("Cette origine n'est pas autorisée à envoyer des réponses."))
    limit = conf.setting("POLE_FORMS_MAX_BODY_BYTES")
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit or len(request.body) > limit:
        raise ApiError(413, _("La réponse dépasse la taille permise (%(limit)s octets).") % {"limit": limit})
    key = request.headers.get(IDEMPOTENCY_HEADER, "")[:255]
    message = str(_("Merci, votre réponse est bien reçue."))
    if key:
        first = page.get_submissions().filter(idempotency_key=key).first()
        if first is not None:
            return Status(201, {"id": first.pk, "message": message})
    data = json_to_form_data(page, request.body)
    try:
        submission = receive(page, data, request, idempotency_key=key)
    except SubmissionRefused as refusal:
        raise ApiError(refusal.status, refusal.detail, refusal.errors, refusal.headers) from None
    # A robot caught by the honeypot gets the same answer as a person, with nothing stored.
    return Status(201, {"id": submission.pk if submission else 0, "message": message})
