"""Middleware for operations: a request id and one log line per request, and the Content-Security-Policy.

`RequestIdMiddleware` goes first in MIDDLEWARE. It takes the proxy's `X-Request-ID` when it looks
like an id (else makes one), returns it in the `X-Request-ID` response header, keeps it for the
duration of the request (`current_request_id()`, for tasks to carry it) and logs one line per
request to the `pole.requests` logger: method, path without its query string, status, duration in
milliseconds, and the client's address (`pole_core.clients.client_ip`) only when
`POLE_LOG_CLIENT_IP` is true. `RequestIdFilter`, set on a logging handler, stamps every record with
`request_id`, so that Django's own error logs name the request too.

`ContentSecurityPolicyMiddleware` is django-csp's, with what Wagtail's admin still needs on the
admin's URLs.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from csp.constants import HEADER, HEADER_REPORT_ONLY, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from .clients import client_ip

REQUEST_ID_HEADER = "X-Request-ID"
# Ids made by proxies (UUIDs, Varnish's transaction numbers, hex, base64): nothing that could forge
# a log line or swell it.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:+/=-]{1,128}")

logger = logging.getLogger("pole.requests")
_request_id = ContextVar("pole_request_id", default=None)


def current_request_id():
    """The id of the request being served in this context, or None outside a request."""
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record it sees: the current request's, or "-" outside a request."""

    def filter(self, record):
        record.request_id = _request_id.get() or "-"
        return True


class RequestIdMiddleware:
    """Gives each request an id, returns it in `X-Request-ID` and logs one line when it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = incoming if VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = _request_id.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.request_id
            self.log(request, response, (time.perf_counter() - started) * 1000)
        finally:
            _request_id.reset(token)
        return response

    def log(self, request, response, duration_ms):
        fields = {
            "method": request.method,
            "path": request.path,
            "status_code": response.status_code,
            "duration_ms": round(duration_ms, 1),
        }
        message = "%(method)s %(path)s %(status_code)s %(duration_ms).1f ms"
        if getattr(settings, "POLE_LOG_CLIENT_IP", False):
            fields["client_ip"] = client_ip(request)
            message += " %(client_ip)s"
        logger.info(message, fields, extra=fields)


# What Wagtail's admin needs beyond the site's policy: inline scripts (inline panels, date pickers)
# and style attributes, thumbnails of files being uploaded (blob:) and the dashboard's check for a
# new Wagtail release.
ADMIN_URL_NAMES = ("wagtailadmin_home", "admin:index")
ADMIN_REPLACE = {"script-src": [SELF, UNSAFE_INLINE], "style-src": [SELF, UNSAFE_INLINE]}
ADMIN_UPDATE = {"img-src": ["blob:"], "connect-src": ["https://releases.wagtail.org"]}


def admin_prefixes():
    """The paths of the Wagtail and Django admins the project mounts."""
    prefixes = []
    for name in ADMIN_URL_NAMES:
        try:
            prefixes.append(reverse(name))
        except NoReverseMatch:
            pass
    return tuple(prefixes)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware (`CONTENT_SECURITY_POLICY`), loosened on the admin's URLs only."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(admin_prefixes()):
            parts.replace = {**ADMIN_REPLACE, **(parts.replace or {})}
            parts.update = {**ADMIN_UPDATE, **(parts.update or {})}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # django-csp joins the directives in the order of a set, which changes from one process to
        # the next: sorted, every app server sends the same bytes.
        for header in (HEADER, HEADER_REPORT_ONLY):
            if header in response:
                response[header] = "; ".join(sorted(response[header].split("; ")))
        return response
