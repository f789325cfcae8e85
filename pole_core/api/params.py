"""Bounded inputs: every number, date, id, coordinate and text the API reads has limits, so that no
input reaches the database or the date arithmetic in a form that breaks them (an answer 500), and
no search costs more than a few milliseconds. Each refusal is a 400 naming the parameter.

Path and query parameters declared on an endpoint take the `Annotated` types (`Id`, `PagePath`,
`SearchQuery`); the parameters read from the query string by `pole_core.api.listing` (`limit`,
`offset`, the FilterSets' values, `q`) and `bbox` go through the functions below. Each bound is also
in the OpenAPI document (minimum, maximum, maxLength, pattern), so that a client can know it.
"""

import re
from datetime import date
from decimal import Decimal
from typing import Annotated

from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Path, Query
from pydantic import AfterValidator

from .errors import ApiError

# The largest integer both databases store (PostgreSQL's bigint, SQLite's INTEGER): larger ids and
# offsets overflow the query instead of finding nothing.
MAX_INTEGER = 2**63 - 1
# Days the API accepts: far enough from years 1 and 9999 that a day plus the one-year default window,
# a time zone or a recurrence never leaves Python's dates.
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2999, 12, 31)
# The same bounds as a JSON Schema pattern, so that the OpenAPI document gives them too.
DATE_PATTERN = r"^(19[0-9]{2}|2[0-9]{3})-[0-9]{2}-[0-9]{2}$"
# What a search may ask: each word is one more condition on every searched column.
MAX_SEARCH_LENGTH = 200
MAX_SEARCH_TERMS = 10
# A text parameter (a city, a label, a path) longer than this is no value the site holds.
MAX_TEXT_LENGTH = 1000

# C0 and C1 control characters, NUL included (PostgreSQL refuses NUL in any string), and lone
# surrogates, which no UTF-8 text holds.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# A text without control characters, as a pattern of the OpenAPI document (ECMA-262, as Python's
# and pydantic's regular expressions read it).
TEXT_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"


def _invalid(name, message):
    return ApiError(400, _("Paramètre invalide."), {name: [message]})


def between_message(minimum, maximum):
    return _("La valeur doit être entre %(min)s et %(max)s.") % {"min": minimum, "max": maximum}


def control_character_message():
    return _("Les caractères de contrôle ne sont pas acceptés.")


def text_value(name, value, max_length=MAX_TEXT_LENGTH):
    """`value` of the text parameter `name`, or a 400 for control characters or excessive length."""
    if CONTROL_CHARACTERS.search(value):
        raise _invalid(name, control_character_message())
    if len(value) > max_length:
        raise _invalid(name, _("Au plus %(max)s caractères.") % {"max": max_length})
    return value


def integer_value(name, raw, minimum=0, maximum=MAX_INTEGER):
    """The integer `raw` of the parameter `name`, between `minimum` and `maximum`, or a 400."""
    try:
        value = int(raw)
    except ValueError:
        raise _invalid(name, _("Entrez un nombre entier.")) from None
    if not minimum <= value <= maximum:
        raise _invalid(name, between_message(minimum, maximum))
    return value


def date_value(name, raw):
    """The ISO day `raw` of the parameter `name`, between MIN_DATE and MAX_DATE, or a 400."""
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise _invalid(name, _("Entrez une date au format AAAA-MM-JJ.")) from None
    if not MIN_DATE <= value <= MAX_DATE:
        raise _invalid(name, between_message(MIN_DATE.isoformat(), MAX_DATE.isoformat()))
    return value


def date_parameter(request, name):
    """The bounded day of the query parameter `name`, or None when absent."""
    raw = request.GET.get(name)
    return date_value(name, raw) if raw else None


def search_terms(raw, name="q"):
    """The words of a search `raw`, a 400 if it is longer than MAX_SEARCH_LENGTH or holds a control
    character. Words are the runs of letters and digits, so that no character means something to a
    full-text engine (SQLite's FTS5 syntax); only the first MAX_SEARCH_TERMS different ones count,
    which bounds the work of any search."""
    text_value(name, raw, MAX_SEARCH_LENGTH)
    # A repeated word asks nothing more: every word must match anyway.
    return list(dict.fromkeys(re.findall(r"\w+", raw)))[:MAX_SEARCH_TERMS]


# Decimal degrees in range, as `bbox` takes them (no exponent, no NaN nor infinity).
LONGITUDE_PATTERN = r"-?(180(\.0+)?|(1[0-7][0-9]|[0-9]{1,2})(\.[0-9]+)?)"
LATITUDE_PATTERN = r"-?(90(\.0+)?|[0-8]?[0-9](\.[0-9]+)?)"
BOUNDING_BOX_SCHEMA = {
    "type": "string",
    "pattern": f"^{LONGITUDE_PATTERN},{LATITUDE_PATTERN},{LONGITUDE_PATTERN},{LATITUDE_PATTERN}$",
}
BOUNDING_BOX_DESCRIPTION = (
    "Bounding box `west,south,east,north` (WGS 84 decimal degrees, RFC 7946 order); only places inside "
    "it are given. West greater than east crosses the antimeridian (RFC 7946, 5.2)."
)


def bounding_box_filter(name, raw, longitude="longitude", latitude="latitude"):
    """The Q keeping rows inside the bounding box `raw` (`west,south,east,north`), or a 400.

    A west greater than the east crosses the antimeridian, as in RFC 7946; the two latitudes bound
    the box in either order."""
    if not re.fullmatch(BOUNDING_BOX_SCHEMA["pattern"], raw):
        raise _invalid(
            name,
            _(
                "Attendu : quatre nombres séparés par des virgules, longitude ouest (-180 à 180), "
                "latitude sud (-90 à 90), longitude est, latitude nord."
            ),
        )
    west, south, east, north = (Decimal(part) for part in raw.split(","))
    south, north = sorted((south, north))
    inside = Q(**{f"{latitude}__gte": south, f"{latitude}__lte": north})
    if west <= east:
        return inside & Q(**{f"{longitude}__gte": west, f"{longitude}__lte": east})
    return inside & (Q(**{f"{longitude}__gte": west}) | Q(**{f"{longitude}__lte": east}))


def _search_words(value):
    return " ".join(search_terms(value))


# The validator comes before `Query`: after it, it would drop the description from the document.
# Control characters fail the pattern (`pole_core.api.errors.validation_message` says so).
PagePath = Annotated[
    str,
    Query(
        max_length=MAX_TEXT_LENGTH,
        pattern=TEXT_PATTERN,
        description="A URL path of the site, e.g. `/chantiers/mobilite/`.",
    ),
]
SearchQuery = Annotated[
    str,
    AfterValidator(_search_words),
    Query(
        max_length=MAX_SEARCH_LENGTH,
        pattern=TEXT_PATTERN,
        description=f"Words to search for: at most {MAX_SEARCH_LENGTH} characters; words are the runs of "
        f"letters and digits, only the first {MAX_SEARCH_TERMS} count. Every word must match.",
    ),
]
Id = Annotated[
    int, Path(ge=1, le=MAX_INTEGER, description="The object's id (1 to 2^63−1); an unknown id answers 404.")
]
