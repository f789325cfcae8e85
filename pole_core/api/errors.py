"""The one error shape of the API: RFC 9457 "problem details" (`application/problem+json`).

`{"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "…", "errors": {"kind": ["…"]}}`
where `errors` maps each offending parameter or field to its messages.
"""

from http import HTTPStatus

from django.utils.translation import gettext as _
from ninja import Schema


class ErrorOut(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: dict[str, list[str]] = {}


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
        response["Content-Type"] = "application/problem+json"
        for name, value in error.headers.items():
            response[name] = value
        return response

    def not_found(request, exc):
        return respond(request, ApiError(404, _("Introuvable.")))

    def invalid(request, exc):
        errors = {}
        for error in exc.errors:
            errors.setdefault(str(error["loc"][-1]), []).append(error["msg"])
        return respond(request, ApiError(400, _("Requête invalide."), errors))

    def http_error(request, exc):
        return respond(request, ApiError(exc.status_code, str(exc)))

    api.add_exception_handler(ApiError, respond)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(NinjaValidationError, invalid)
    api.add_exception_handler(HttpError, http_error)
