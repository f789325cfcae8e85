"""The headless forms: the list of forms, a form's schema, and submitting an answer to it.

Submissions never appear in any public endpoint: the API only receives them.
"""

from datetime import datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.responses import Status
from wagtail.models import PageViewRestriction
from wagtail.rich_text import expand_db_html

from pole_core.api.body import BODY_ERRORS, json_body
from pole_core.api.errors import ERROR_RESPONSES, ApiError, ErrorOut
from pole_core.api.listing import ListOut, filter_parameters, list_page
from pole_core.api.openapi import own_cache_control
from pole_core.api.params import MAX_INTEGER
from pole_pages.api.common import (
    ORDERING_PARAMETER,
    PAGE_ORDERINGS,
    PAGE_SEARCH_FIELDS,
    SEARCH_PARAMETER,
    chantier_refs,
    page_url_builder,
    public_pages,
    register_detail_route,
    request_site,
)
from pole_pages.api.schemas import PageRef

from . import conf
from .choices import Audience
from .filters import FormFilterSet
from .models import ParticipationCallPage, PoleFormPage, Submission
from .submitting import (
    CONSENT_FIELD,
    MULTIPLE_VALUE_TYPES,
    SubmissionRefused,
    honeypot_fields,
    receive,
    replay,
)

router = Router(tags=["formulaires"])

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY_MAX_LENGTH = Submission._meta.get_field("idempotency_key").max_length
CHOICE_TYPES = MULTIPLE_VALUE_TYPES | {"dropdown", "radio"}


class FormFieldOut(Schema):
    name: str = Field(description="Key of the field in a submission's JSON object.")
    type: str = Field(
        description="Wagtail form builder type: singleline, multiline, email, number, url, checkbox, "
        "checkboxes, dropdown, multiselect, radio, date, datetime or hidden. It sets the JSON type a "
        "submission must send: a string, `true`/`false` for checkbox, a finite number for number, a list "
        "of strings for checkboxes and multiselect."
    )
    label: str = Field(description="Label shown to the person filling the form in.")
    help: str = Field(description="Help text under the field; may be empty.")
    required: bool = Field(description="Whether a submission without this field answers 400.")
    choices: list[str] = Field(description="Allowed values for choice types; empty for the others.")
    default: str | list[str] | None = Field(description="Value the form starts with, or null.")


class WindowOut(Schema):
    state: str = Field(description="open, not_yet_open or closed.")
    is_open: bool = Field(description="Whether a submission is accepted now (else it answers 409).")
    opens_at: datetime | None = Field(description="When the form opens; null: open since its publication.")
    closes_at: datetime | None = Field(description="When the form closes; null: open without an end.")
    message: str = Field(
        description="French sentence saying when it opens or since when it is closed; empty while open."
    )


class FormSummaryOut(Schema):
    """A form as the list gives it; the detail adds what is needed to fill it in."""

    id: int = Field(description="Page id of the form; its schema is at /api/v1/forms/{id}/.")
    kind: str = Field(description="consultation, or participationcall (a call for participation).")
    title: str = Field(description="Title of the form page.")
    url: str | None = Field(description="Full URL of the form page on the site.")
    audience: str = Field(description="public, or members (restricted by the page's privacy settings).")
    window: WindowOut = Field(description="Opening period.")
    chantier: PageRef | None = Field(
        description="The chantier a call for participation gathers a working group for."
    )
    capacity: int | None = Field(description="Places of a call for participation; null without a limit.")


class FormOut(FormSummaryOut):
    intro: str = Field(description="Introduction, rich text as HTML.")
    fields: list[FormFieldOut] = Field(description="Fields, in the order of the form.")
    consent: FormFieldOut = Field(description="The consent checkbox every form ends with: send `true`.")
    honeypot_field: str | None = Field(
        description="Name of the hidden anti-spam field a person leaves empty; null when the form has none."
    )


FormListOut = ListOut[FormSummaryOut]


class SubmissionCreatedOut(Schema):
    id: int = Field(description="Id of the stored submission (0 when nothing was stored).")
    message: str = Field(
        description="The editor's confirmation text (HTML), the one the HTML form shows after a submission."
    )


FORM_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
FORM_ID = Path(..., ge=1, le=MAX_INTEGER, description="Page id of the form (1 to 2^63−1).")


# Which forms a request may see


def site_forms(request):
    """Live forms of the request's site, whatever their audience."""
    site = request_site(request)
    if site is None:
        return PoleFormPage.objects.none()
    return PoleFormPage.objects.live().filter(path__startswith=site.root_path, depth__gte=site.root_depth)


def visible_forms(request):
    """The forms a request may open, as `live_form` decides for one: public ones for a visitor; for a
    signed-in account also the members-only ones its groups (or a password it gave) open.

    A visitor's list never holds a restricted form, so that a shared cache may keep it.
    """
    if not request.user.is_authenticated:
        return public_pages(request, PoleFormPage)
    forms = site_forms(request)
    for restriction in PageViewRestriction.objects.select_related("page").prefetch_related("groups"):
        if not restriction.accept_request(request):
            forms = forms.exclude(path__startswith=restriction.page.path)
    return forms


def live_form(request, form_id):
    """The live form page `form_id` if this request may see it; 404, 401 or 403 otherwise."""
    page = site_forms(request).filter(pk=form_id).first()
    if page is None:
        raise ApiError(404, _("Aucun formulaire en ligne ne porte ce numéro."))
    page = page.specific
    refusal = page.access_refusal(request)
    if refusal == 401:
        raise ApiError(401, _("Ce formulaire est réservé aux adhérent·es : connectez-vous."))
    if refusal:
        raise ApiError(403, _("Votre compte n'a pas accès à ce formulaire."))
    return page


# Shapes


def window_out(page):
    return {
        "state": page.window_state(),
        "is_open": page.is_open(),
        "opens_at": page.opens_at,
        "closes_at": page.closes_at,
        "message": page.window_message(),
    }


def form_summary(page, *, url, audience, call, chantiers):
    """FormSummaryOut of a form page; `call` is its ParticipationCallPage row, or None."""
    return {
        "id": page.pk,
        "kind": page.specific_class._meta.model_name.removesuffix("page"),
        "title": page.title,
        "url": url,
        "audience": audience,
        "window": window_out(page),
        "chantier": chantiers.get(call.chantier_id) if call else None,
        "capacity": call.capacity if call else None,
    }


def form_summaries(pages, request):
    """FormSummaryOut of listed form pages, in a fixed number of queries."""
    full_url = page_url_builder(request)
    calls = ParticipationCallPage.objects.only("chantier_id", "capacity").in_bulk([page.pk for page in pages])
    chantiers = chantier_refs(request, [call.chantier_id for call in calls.values()])
    restricted_paths = []
    if request.user.is_authenticated:
        restricted_paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    return [
        form_summary(
            page,
            url=full_url(page.url_path),
            audience=Audience.MEMBERS
            if any(page.path.startswith(path) for path in restricted_paths)
            else Audience.PUBLIC,
            call=calls.get(page.pk),
            chantiers=chantiers,
        )
        for page in pages
    ]


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
    call = page if isinstance(page, ParticipationCallPage) else None
    name_field, _time_field = honeypot_fields()
    return {
        **form_summary(
            page,
            url=page.get_full_url(request),
            audience=page.audience(),
            call=call,
            chantiers=chantier_refs(request, [call.chantier_id] if call else []),
        ),
        "intro": page.intro,
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
    }


def confirmation(page):
    """What the HTML form shows after a successful submission: the editor's text, or the default one."""
    if page.thank_you_text:
        return expand_db_html(page.thank_you_text)
    default = _("L'équipe du réseau l'a bien reçue.")
    return f"<p>{default}</p>"


# Endpoints


@router.get(
    "/forms/",
    response={200: FormListOut, **ERROR_RESPONSES},
    openapi_extra=filter_parameters(FormFilterSet, extra=[SEARCH_PARAMETER, ORDERING_PARAMETER]),
    summary="Formulaires",
    description="Consultations and calls for participation of the site: the public ones, and for a signed-in "
    "member also the members-only ones their account opens. Each item links to its schema.",
)
def list_forms(request):
    return list_page(
        request,
        visible_forms(request),
        FormFilterSet,
        search_fields=PAGE_SEARCH_FIELDS,
        orderings=PAGE_ORDERINGS,
        default_ordering="title",
        items=lambda pages: form_summaries(pages, request),
    )


@router.get(
    "/forms/{int:form_id}/",
    response={200: FormOut, **FORM_ERRORS},
    summary="Le schéma d'un formulaire",
    description="Fields (type, label, help, required, choices, default), opening period, audience and the "
    "consent statement. A members-only form answers 401 to a visitor, 403 to an account outside its groups.",
)
@own_cache_control(
    "`public, max-age=60` for a public form (whether it is open changes with the clock); "
    "`private, no-store` for a members-only one."
)
def get_form(request, response: HttpResponse, form_id: int = FORM_ID):
    schema = form_out(live_form(request, form_id), request)
    if schema["audience"] == Audience.PUBLIC:
        # Whether the form is open changes with the clock, not with a publish: keep shared copies short-lived.
        response["Cache-Control"] = "public, max-age=60"
    else:
        # Only members get a members-only form: no cache may keep it for the next visitor.
        response["Cache-Control"] = "private, no-store"
    return schema


# `pages/find` gives a form page's schema as its `api_url`; `/search/` finds the public forms.
register_detail_route(PoleFormPage, "get_form")


def client_origin_allowed(request):
    """Same-origin requests, and cross-origin ones from the front-ends listed in the settings."""
    origin = request.headers.get("Origin")
    if not origin:
        return True
    return origin == f"{request.scheme}://{request.get_host()}" or origin in conf.frontend_origins()


def idempotency_key(request):
    """The request's Idempotency-Key ("" without one); 400 when longer than the column that keeps it."""
    key = request.headers.get(IDEMPOTENCY_HEADER, "")
    if len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise ApiError(
            400,
            _("En-tête invalide."),
            {
                IDEMPOTENCY_HEADER: [
                    _("%(max)s caractères au plus.") % {"max": IDEMPOTENCY_KEY_MAX_LENGTH},
                ]
            },
        )
    return key


@router.post(
    "/forms/{int:form_id}/submissions/",
    response={
        201: SubmissionCreatedOut,
        **BODY_ERRORS,
        **FORM_ERRORS,
        409: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    summary="Envoyer une réponse à un formulaire",
    description="The body is a JSON object `{field name: value}` sent as `application/json` (415 otherwise), "
    "at most `POLE_FORMS_MAX_BODY_BYTES` (64 KiB by default; 413 above, 411 for a chunked body without "
    "Content-Length), nested at most 32 deep. Each value has its field's JSON type: a string for texts, "
    "dates and single choices, a list of strings for checkboxes and multiselect, `true`/`false` for a "
    "checkbox, a finite number for number, and `consent: true`; anything else, a control character (but "
    "tab and line breaks in a multi-line text) or a lone surrogate answers 400 naming the field. "
    f"With an `{IDEMPOTENCY_HEADER}` header a retry is safe: the same key with the same answers returns "
    "the first answer; with other answers 422, nothing stored. 409 outside the opening period; 429 after "
    "too many submissions, with `Retry-After`.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "additionalProperties": True,
                        "description": "The answers, keyed by the `name` of each field of the form's schema.",
                    }
                }
            },
        },
        "parameters": [
            {
                "in": "header",
                "name": IDEMPOTENCY_HEADER,
                "required": False,
                "description": "Any string the client picks for one submission (a UUID), sent again with a "
                f"retry; at most {IDEMPOTENCY_KEY_MAX_LENGTH} characters (400 above).",
                "schema": {"type": "string", "maxLength": IDEMPOTENCY_KEY_MAX_LENGTH},
            }
        ],
        "responses": {
            429: {
                "headers": {
                    "Retry-After": {
                        "description": "Seconds until the throttle's window ends and a submission is accepted again.",
                        "schema": {"type": "integer", "minimum": 1},
                    }
                }
            }
        },
    },
)
def submit(request, form_id: int = FORM_ID):
    page = live_form(request, form_id)
    if not client_origin_allowed(request):
        raise ApiError(403, _("Cette origine n'est pas autorisée à envoyer des réponses."))
    payload = json_body(request, conf.setting("POLE_FORMS_MAX_BODY_BYTES"))
    if not isinstance(payload, dict):
        raise ApiError(400, _("Le corps de la requête doit être un objet JSON."))
    key = idempotency_key(request)
    try:
        first = page.get_submissions().filter(idempotency_key=key).first() if key else None
        submission = replay(page, first, payload, request) if first else receive(page, payload, request, key)
    except SubmissionRefused as refusal:
        raise ApiError(refusal.status, refusal.detail, refusal.errors, refusal.headers) from None
    # A robot caught by the honeypot gets the same answer as a person, with nothing stored.
    return Status(201, {"id": submission.pk if submission else 0, "message": confirmation(page)})
