"""The API as a whole: the OpenAPI document says exactly what the server sends, and every answer of
its routes, wrong methods included, is JSON.

`PoleNinjaAPI` completes each operation of the document in one place, from what the shared code
does rather than endpoint by endpoint:

- every error (4xx) is `application/problem+json` with the `ErrorOut` schema (`pole_core.api.errors`);
- an operation with parameters or a body documents 400 (a malformed or out-of-bounds value), one
  with a path parameter 404;
- a GET documents the caching headers of `pole_core.cache.ApiCacheMiddleware` (`Cache-Control`,
  `ETag`, `Last-Modified`, and 304 for `If-None-Match` / `If-Modified-Since`), unless its view sets
  its own `Cache-Control` (`own_cache_control`);
- a 429 documents `Retry-After`;
- a view marked with `answers_as` documents its 200 in that media type;
- every operation takes a member's session token (the `sessionToken` security scheme,
  `X-Session-Token`, see `pole_members.api_auth`) and documents the 401 of a token the server no
  longer knows: optional, or required for a view marked `members_only`; an operation that also
  answers 401 to anonymous requests (a members-only form or resource) says so.

A method a route does not take answers 405 with `Allow`, as problem details.
"""

import functools
import re

from django.http import HttpResponseNotAllowed
from django.urls import URLPattern
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.schema import NinjaGenerateJsonSchema

from .errors import PROBLEM_JSON, ApiError, ErrorOut

CACHE_HEADERS = {
    "Cache-Control": {
        "description": "`public, max-age=60` (`POLE_API_CACHE_SECONDS`; with a purged cache in front, "
        "also `s-maxage`) for anonymous requests; `private, no-store` for signed-in users and requests "
        "with an `Authorization` or `X-Session-Token` header.",
        "schema": {"type": "string"},
    },
    "ETag": {
        "description": "A hash of the answer's bytes, for `If-None-Match` (anonymous requests only).",
        "schema": {"type": "string"},
    },
    "Last-Modified": {
        "description": "When these bytes were first built (anonymous requests only).",
        "schema": {"type": "string"},
    },
}
CONDITIONAL_PARAMETERS = [
    {
        "in": "header",
        "name": "If-None-Match",
        "required": False,
        "schema": {"type": "string"},
        "description": "An `ETag` of an earlier answer: 304 without a body when it is still the current one.",
    },
    {
        "in": "header",
        "name": "If-Modified-Since",
        "required": False,
        "schema": {"type": "string"},
        "description": "An HTTP date: 304 without a body when the answer has not changed since.",
    },
]
RETRY_AFTER = {
    "description": "Seconds to wait before the request may succeed.",
    "schema": {"type": "integer", "minimum": 1},
}
MEMBERS_401 = (
    "For members only, and the request is anonymous: it carries neither a session token nor a session; "
    "or its `X-Session-Token` is one allauth no longer knows (expired, signed out)."
)
ERROR_DESCRIPTIONS = {
    400: "A parameter or a body field is unknown, malformed or out of bounds: `errors` names each one.",
    401: "The request's `X-Session-Token` is one allauth no longer knows (expired, signed out): the member "
    "signs in again. Never answered without a token.",
    404: "No such object, or none the request may see.",
}


SESSION_TOKEN = "sessionToken"
SECURITY_SCHEMES = {
    SESSION_TOKEN: {
        "type": "apiKey",
        "in": "header",
        "name": "X-Session-Token",
        "description": "The session token of a member signed in through allauth's headless API for apps "
        "(`POST /_allauth/app/v1/auth/login` with `email` and `password` gives it as `meta.session_token`; "
        "`DELETE /_allauth/app/v1/auth/session` signs out and ends it). With it, operations answer for that "
        "member: members-only forms and resources, `/api/v1/me/…`; those answers are "
        "`Cache-Control: private, no-store`. On any /api/v1/ address, a token allauth does not know "
        "(expired, signed out) answers 401 rather than an anonymous answer. A browser on the site's own "
        "origin may rely on its session cookie instead.",
    }
}


def members_only(view):
    """Mark a view answering 401 to anonymous requests: the document requires `sessionToken` for it."""
    view.members_only = True
    return view


def own_cache_control(description):
    """Mark a view that sets its own `Cache-Control` (described by `description`): its answers are
    neither stored by the server nor given an `ETag`, and the document says so."""

    def mark(view):
        view.own_cache_control = description
        return view

    return mark


def answers_as(media_type):
    """Mark a view whose 200 answer is `media_type` (GeoJSON, iCalendar) rather than the API's JSON."""

    def mark(view):
        view.media_type = media_type
        return view

    return mark


class PoleOpenAPISchema(OpenAPISchema):
    def operation_details(self, operation):
        details = super().operation_details(operation)
        responses = details["responses"]
        parameters = details.get("parameters", [])
        if parameters or "requestBody" in details:
            responses.setdefault(400, {"description": ERROR_DESCRIPTIONS[400]})
        if any(parameter["in"] == "path" for parameter in parameters):
            responses.setdefault(404, {"description": ERROR_DESCRIPTIONS[404]})
        media_type = getattr(operation.view_func, "media_type", None)
        if media_type and "content" in responses.get(200, {}):
            (content,) = responses[200]["content"].values()
            responses[200]["content"] = {media_type: content}
        if "GET" in operation.methods:
            self._document_caching(details, operation)
        self._document_security(details, operation)
        problem = {PROBLEM_JSON: {"schema": self._problem_schema()}}
        for status, response in responses.items():
            if int(status) >= 400:
                response["content"] = problem
            if int(status) == 429:
                response.setdefault("headers", {}).setdefault("Retry-After", RETRY_AFTER)
        details["responses"] = dict(sorted(responses.items(), key=lambda item: int(item[0])))
        return details

    def _document_security(self, details, operation):
        # Any request may carry a token, and one the server no longer knows answers 401 everywhere. A
        # view declaring 401 itself (or `members_only`) also answers it to anonymous requests.
        responses = details["responses"]
        required = getattr(operation.view_func, "members_only", False)
        for_members = required or 401 in responses
        responses.setdefault(401, {})["description"] = MEMBERS_401 if for_members else ERROR_DESCRIPTIONS[401]
        details["security"] = [{SESSION_TOKEN: []}] if required else [{}, {SESSION_TOKEN: []}]
        self.securitySchemes.update(SECURITY_SCHEMES)

    def _problem_schema(self):
        name = ErrorOut.__name__
        schema = ErrorOut.model_json_schema(
            ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema, mode="serialization"
        )
        self.add_schema_definitions({name: schema})
        return {"$ref": REF_TEMPLATE.format(model=name)}

    def _document_caching(self, details, operation):
        ok = details["responses"].setdefault(200, {"description": "OK"})
        own = getattr(operation.view_func, "own_cache_control", None)
        if own:
            ok.setdefault("headers", {})["Cache-Control"] = {"description": own, "schema": {"type": "string"}}
            return
        ok.setdefault("headers", {}).update(CACHE_HEADERS)
        details["parameters"] = [*details.get("parameters", []), *CONDITIONAL_PARAMETERS]
        details["responses"][304] = {
            "description": "Not Modified: the answer is the one `If-None-Match` or `If-Modified-Since` "
            "names; no body.",
            "headers": CACHE_HEADERS,
        }


def add_links(paths):
    """OpenAPI links from an answer to the operations it leads to: from a list (`items[].id`) to the
    detail at `<list path>{id}/`, and from a detail to the operations under the same id (its
    iCalendar file, a form's submissions). Clients and stateful testers follow them."""
    for path, methods in paths.items():
        ok = methods.get("get", {}).get("responses", {}).get(200)
        if ok is None:
            continue
        parameters = _path_parameters(path)
        for target, target_methods in paths.items():
            target_parameters = _path_parameters(target)
            if target == path or not target.startswith(path.removesuffix("/")):
                continue
            if (
                not parameters
                and len(target_parameters) == 1
                and target == f"{path}{{{target_parameters[0]}}}/"
            ):
                values = {target_parameters[0]: "$response.body#/items/0/id"}
            elif parameters and target_parameters == parameters:
                values = {name: f"$request.path.{name}" for name in parameters}
            else:
                continue
            for operation in target_methods.values():
                ok.setdefault("links", {})[operation["operationId"]] = {
                    "operationId": operation["operationId"],
                    "parameters": values,
                }


def _path_parameters(path):
    return re.findall(r"{(\w+)}", path)


class PoleNinjaAPI(NinjaAPI):
    """The NinjaAPI of Pôle: its document completed by `PoleOpenAPISchema`, and wrong methods answered
    as problem details."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        document = PoleOpenAPISchema(self, path_prefix)
        add_links(document["paths"])
        return document

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = self._problem_when_not_allowed(pattern.callback)
        return urls

    def _problem_when_not_allowed(self, view):
        @functools.wraps(view)
        def answer(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseNotAllowed):
                return self.on_exception(
                    request,
                    ApiError(
                        405,
                        _("Méthode non permise : %(method)s.") % {"method": request.method},
                        headers={"Allow": response["Allow"]},
                    ),
                )
            return response

        return answer
