"""The one error shape of the API: RFC 9457 "problem details" (`application/problem+json`).

`{"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "…", "errors": {"kind": ["…"]}}`
where `errors` maps each offending parameter or field to its messages.
"""

from http import HTTPStatus

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

PROBLEM_JSON = "application/problem+json"


class ErrorOut(Schema):
    """A problem (RFC 9457), sent as `application/problem+json`."""

    type: str = Field("about:blank", description="Always `about:blank`: the status says what went wrong.")
    title: str = Field(description="The HTTP status phrase, e.g. `Bad Request`.")
    status: int = Field(description="The HTTP status code, repeated.")
    detail: str = Field("", description="What went wrong, in the request's language (French by default).")
    errors: dict[str, list[str]] = Field(
        {},
        description="Each offending parameter or body field, with its messages; empty when the problem "
        "concerns the request as a whole.",
    )


class ApiError(Exception):
    """Raised anywhere in an endpoint; the API turns it into a problem-details response."""

    def __init__(self, status, detail="", errors=None, headers=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or {}
        # Headers the answer carries too, e.g. `Retry-After` on a 429.
        self.headers = headers or {}

    def as_body(self):
        return ErrorOut(
            title=HTTPStatus(self.status).phrase,
            status=self.status,
            detail=str(self.detail),
            errors=self.errors,
        ).model_dump()


ERROR_RESPONSES = {400: ErrorOut}
NOT_FOUND = {404: ErrorOut}


def install_error_handlers(api):
    """Make every error of `api` a problem-details response (RFC 9457), including 404 and bad input."""
    from django.http import Http404
    from ninja.errors import HttpError
    from ninja.errors import ValidationError as NinjaValidationError

    def respond(request, error):
        response = api.create_response(request, error.as_body(), status=error.status)
        response["Content-Type"] = PROBLEM_JSON
        for name, value in error.headers.items():
            response[name] = value
        return response

    def not_found(request, exc):
        return respond(request, ApiError(404, _("Introuvable.")))

    def invalid(request, exc):
        errors = {}
        for error in exc.errors:
            errors.setdefault(str(error["loc"][-1]), []).append(validation_message(error))
        return respond(request, ApiError(400, _("Requête invalide."), errors))

    def http_error(request, exc):
        return respond(request, ApiError(exc.status_code, str(exc)))

    api.add_exception_handler(ApiError, respond)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(NinjaValidationError, invalid)
    api.add_exception_handler(HttpError, http_error)


def validation_message(error):
    """The message of one of pydantic's validation errors, in the request's language for the usual
    kinds (the bounded types of `pole_core.api.params` give their own)."""
    context = error.get("ctx") or {}
    messages = {
        "int_parsing": lambda: _("Entrez un nombre entier."),
        "greater_than_equal": lambda: _("La valeur doit être au moins %(min)s.") % {"min": context["ge"]},
        "less_than_equal": lambda: _("La valeur doit être au plus %(max)s.") % {"max": context["le"]},
        "string_too_long": lambda: _("Au plus %(max)s caractères.") % {"max": context["max_length"]},
        "missing": lambda: _("Ce paramètre est obligatoire."),
        "string_pattern_mismatch": lambda: pattern_message(context["pattern"]),
    }
    message = messages.get(error["type"])
    return message() if message else error["msg"]


def pattern_message(pattern):
    from .params import TEXT_PATTERN, control_character_message

    return control_character_message() if pattern == TEXT_PATTERN else _("Valeur mal formée.")
