"""The checks every API endpoint that takes a body runs before parsing it: `json_body(request)`.

In this order, each refusal a problem-details answer:
- 411 when the body comes chunked (`Transfer-Encoding`) without `Content-Length`: the WSGI server
  gives Django no length, and the body would otherwise be read as empty;
- 413 when `Content-Length` is above the endpoint's limit (default 64 KiB), before reading;
- 415 unless `Content-Type` is `application/json`, optionally with `charset=utf-8`;
- 400 for bytes that are not UTF-8, JSON nested deeper than `POLE_API_MAX_BODY_DEPTH` (default 32),
  or text that is not JSON.
The depth is measured by one pass over the bytes, before the parser (which recurses) sees them.
"""

import json
import re

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import ApiError, ErrorOut

DEFAULT_MAX_BYTES = 64 * 1024
DEFAULT_MAX_DEPTH = 32
JSON_MEDIA_TYPE = "application/json"

# The statuses `json_body` answers, for an endpoint's `response={...}`.
BODY_ERRORS = {400: ErrorOut, 411: ErrorOut, 413: ErrorOut, 415: ErrorOut}

# The characters that open or close arrays, objects, strings and escapes.
_SIGNIFICANT = re.compile(rb'[\[\]{}"\\]')


def max_depth():
    return getattr(settings, "POLE_API_MAX_BODY_DEPTH", DEFAULT_MAX_DEPTH)


def json_body(request, max_bytes=DEFAULT_MAX_BYTES):
    """The request's body parsed as JSON, once the checks above pass; `max_bytes` is its size limit."""
    declared_length = request.META.get("CONTENT_LENGTH")
    if not declared_length and request.headers.get("Transfer-Encoding"):
        raise ApiError(411, _("Envoyez le corps de la requête avec un en-tête Content-Length."))
    if _length(declared_length) > max_bytes:
        raise too_large(max_bytes)
    if not is_json_media_type(request.META.get("CONTENT_TYPE", "")):
        raise ApiError(415, _("Envoyez le corps de la requête en JSON (Content-Type: application/json)."))
    raw = request.body
    if len(raw) > max_bytes:
        raise too_large(max_bytes)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, _("Le corps de la requête n'est pas un texte UTF-8 valide.")) from None
    depth = max_depth()
    if nested_deeper_than(raw, depth):
        raise ApiError(
            400, _("Le corps de la requête est imbriqué sur plus de %(depth)s niveaux.") % {"depth": depth}
        )
    try:
        return json.loads(text)
    except ValueError:
        raise ApiError(400, _("Le corps de la requête n'est pas un JSON valide.")) from None


def too_large(max_bytes):
    return ApiError(
        413, _("Le corps de la requête dépasse la taille permise (%(limit)s octets).") % {"limit": max_bytes}
    )


def _length(value):
    try:
        return int(value or 0)
    except ValueError:
        return 0


def is_json_media_type(content_type):
    """True for `application/json`, alone or with `charset=utf-8` (any case, any spacing)."""
    media_type, *parameters = [part.strip().lower() for part in content_type.split(";")]
    if media_type != JSON_MEDIA_TYPE:
        return False
    return all(parameter.replace(" ", "") in ("charset=utf-8", 'charset="utf-8"') for parameter in parameters)


def nested_deeper_than(raw, limit):
    """True when arrays and objects nest more than `limit` deep in the JSON text `raw` (bytes).

    Without recursion: one pass over the characters that matter (brackets, quotes, backslashes),
    so that brackets inside strings do not count, and none when there are too few brackets to
    nest that deep. A malformed text gets an answer all the same; the parser refuses it afterwards.
    """
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    depth = 0
    in_string = False
    escaped_at = -1
    for match in _SIGNIFICANT.finditer(raw):
        position, character = match.start(), match.group()
        if position == escaped_at:
            continue
        if in_string:
            if character == b"\\":
                escaped_at = position + 1
            elif character == b'"':
                in_string = False
        elif character == b'"':
            in_string = True
        elif character in b"[{":
            depth += 1
            if depth > limit:
                return True
        elif character in b"]}":
            depth -= 1
    return False
