"""Listing: query parameters checked against a FilterSet, search, ordering and pagination.

`list_page` runs them in that order for every list endpoint.

The FilterSets are the ones the admin listings use; `filter_parameters` describes them in the
OpenAPI document. Invalid input answers 400 with the offending parameter named.
"""

from typing import Generic, TypeVar

import django_filters
from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from .errors import ApiError
from .params import (
    DATE_PATTERN,
    MAX_DATE,
    MAX_INTEGER,
    MAX_SEARCH_LENGTH,
    MAX_SEARCH_TERMS,
    MAX_TEXT_LENGTH,
    MIN_DATE,
    TEXT_PATTERN,
    date_value,
    integer_value,
    search_terms,
    text_value,
)

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
PAGINATION_PARAMETERS = ("limit", "offset")
LIMIT_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}
OFFSET_SCHEMA = {"type": "integer", "minimum": 0, "maximum": MAX_INTEGER, "default": 0}
PAGINATION_SCHEMAS = {"limit": LIMIT_SCHEMA, "offset": OFFSET_SCHEMA}

Item = TypeVar("Item")


class ListOut(Schema, Generic[Item]):
    """One page of a list."""

    count: int = Field(description="How many items the whole list holds (with the request's filters).")
    limit: int = Field(description="The page size asked for (`limit`, default 20).")
    offset: int = Field(description="How many items come before this page (`offset`).")
    items: list[Item] = Field(description="The items of this page, in the list's stable order.")


def check_parameters(request, allowed, repeatable=()):
    """400 for a parameter not in `allowed`, or given several times unless it is `repeatable`."""
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        raise ApiError(
            400,
            _("Paramètre inconnu : %(names)s.") % {"names": ", ".join(unknown)},
            {name: [_("Ce paramètre n'existe pas pour cette liste.")] for name in unknown},
        )
    repeated = sorted(
        name for name, values in request.GET.lists() if len(values) > 1 and name not in repeatable
    )
    if repeated:
        raise ApiError(
            400,
            _("Paramètre invalide."),
            {name: [_("Ce paramètre prend une seule valeur.")] for name in repeated},
        )


def apply_filters(request, filterset_class, queryset, extra_parameters=(), defaults=None):
    """Filter `queryset` with the FilterSet shared with the admin; 400 on unknown or bad values.

    `defaults` gives values for filters the request leaves out. A related object that does not exist
    (`?place=` an unknown id) filters everything out, as an unknown number does.
    """
    filters = filterset_class.base_filters
    allowed = [*filters, *PAGINATION_PARAMETERS, *extra_parameters]
    check_parameters(
        request,
        allowed,
        repeatable=[name for name, filter_ in filters.items() if _filter_schema(filter_)["type"] == "array"],
    )
    for name, values in request.GET.lists():
        schema = _filter_schema(filters[name]) if name in filters else {"type": "string"}
        for value in values:
            check_value(name, value, schema)
    for name in PAGINATION_PARAMETERS:
        pagination_parameter(request, name)
    data = request.GET.copy()
    for name, value in (defaults or {}).items():
        data.setdefault(name, value)
    filterset = filterset_class(data, queryset=queryset, request=request)
    if not filterset.is_valid():
        if _only_unknown_objects(filterset):
            return queryset.none()
        errors = {name: [str(message) for message in messages] for name, messages in filterset.errors.items()}
        raise ApiError(400, _("Filtre invalide."), errors)
    return filterset.qs


def _only_unknown_objects(filterset):
    """Whether the FilterSet's only errors are related objects that do not exist."""
    return all(
        isinstance(filterset.base_filters.get(name), django_filters.ModelChoiceFilter)
        and all(error.code == "invalid_choice" for error in errors)
        for name, errors in filterset.form.errors.as_data().items()
    )


def check_value(name, value, schema):
    """Refuse, with a 400 naming the parameter, a value its OpenAPI `schema` does not allow when the
    FilterSet would take it (an empty value, `null` for a boolean) or the database or the date
    arithmetic could not (control characters, an overlong text, an integer or a day out of bounds)."""
    kind = schema["items"]["type"] if schema["type"] == "array" else schema["type"]
    text_value(name, value)
    if kind == "integer":
        integer_value(name, value, schema.get("minimum", 0), schema.get("maximum", MAX_INTEGER))
    elif kind == "boolean" and value not in ("true", "false"):
        raise ApiError(400, _("Paramètre invalide."), {name: [_("Valeurs possibles : true, false.")]})
    elif schema.get("format") == "date":
        date_value(name, value)
    elif value == "" and ("enum" in schema or "enum" in schema.get("items", {})):
        raise ApiError(400, _("Paramètre invalide."), {name: [_("Ce paramètre ne peut pas être vide.")]})


def search(request, queryset, fields):
    """Keep rows where every word of `q` appears in one of `fields` (case-insensitive); only the first
    words count (`pole_core.api.params.search_terms`), a `q` too long answers 400."""
    words = search_terms(request.GET.get("q") or "")
    for word in words:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


def paginate(request, queryset, count=None):
    """One page of a queryset or a list: `limit` above MAX_LIMIT is refused with a 400.

    `count`, when given, is a function giving the same number as `queryset.count()` more cheaply.
    """
    limit = pagination_parameter(request, "limit")
    offset = pagination_parameter(request, "offset")
    if count is not None:
        count = count()
    else:
        count = len(queryset) if isinstance(queryset, list) else queryset.count()
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": list(queryset[offset : offset + limit]),
    }


def pagination_parameter(request, name):
    """The bounded value of `limit` or `offset`, or its default."""
    schema = PAGINATION_SCHEMAS[name]
    if len(request.GET.getlist(name)) > 1:
        raise ApiError(400, _("Paramètre invalide."), {name: [_("Ce paramètre prend une seule valeur.")]})
    raw = request.GET.get(name)
    return (
        schema["default"] if raw is None else integer_value(name, raw, schema["minimum"], schema["maximum"])
    )


def order(request, queryset, allowed, default):
    """Sort by `ordering` (one of `allowed`, `-` for descending), then by primary key for stability."""
    value = request.GET.get("ordering") or default
    if value.lstrip("-") not in allowed:
        raise ApiError(
            400,
            _("Paramètre invalide."),
            {"ordering": [_("Valeurs possibles : %(values)s.") % {"values": ", ".join(sorted(allowed))}]},
        )
    field = allowed[value.lstrip("-")]
    return queryset.order_by(f"-{field}" if value.startswith("-") else field, "pk")


def list_page(
    request,
    queryset,
    filterset_class,
    *,
    search_fields=(),
    orderings=None,
    default_ordering=None,
    items=None,
    unfiltered_count=None,
):
    """One page of a listing: `queryset` filtered by `filterset_class`, searched (`q`) in
    `search_fields`, sorted (`ordering`) by one of `orderings`, then paginated.

    `items`, when given, turns the rows of the page into the listed items, so that it can read
    their relations in bulk. `unfiltered_count`, when given, is a function counting the whole
    listing more cheaply than the queryset; it serves when the request neither filters nor searches.
    """
    parameters = [name for name, accepted in (("q", search_fields), ("ordering", orderings)) if accepted]
    queryset = apply_filters(request, filterset_class, queryset, parameters)
    if search_fields:
        queryset = search(request, queryset, search_fields)
    if orderings:
        queryset = order(request, queryset, orderings, default_ordering)
    filtered = any(name in request.GET for name in (*filterset_class.base_filters, "q"))
    page = paginate(request, queryset, count=None if filtered else unfiltered_count)
    if items is not None:
        page["items"] = items(page["items"])
    return page


def filter_parameters(filterset_class, extra=(), descriptions=None):
    """OpenAPI query parameters describing a FilterSet, pagination and `extra`: (name, description),
    or (name, description, schema) for a parameter that is not a text (see `ordering_parameter`).
    `descriptions` ({filter name: text for developers}) replaces the filters' French labels."""
    parameters = [
        {
            "in": "query",
            "name": "limit",
            "required": False,
            "schema": LIMIT_SCHEMA,
            "description": f"Items per page (1–{MAX_LIMIT}); a larger value answers 400.",
        },
        {
            "in": "query",
            "name": "offset",
            "required": False,
            "schema": OFFSET_SCHEMA,
            "description": "Items to skip before the page (0 to 2^63−1).",
        },
    ]
    for name, filter_ in filterset_class.base_filters.items():
        parameters.append(
            {
                "in": "query",
                "name": name,
                "required": False,
                "schema": _filter_schema(filter_),
                "description": (descriptions or {}).get(name) or str(filter_.label or name),
            }
        )
    for name, description, *schema in extra:
        parameters.append(
            {
                "in": "query",
                "name": name,
                "required": False,
                "schema": schema[0] if schema else SEARCH_SCHEMA if name == "q" else TEXT_SCHEMA,
                "description": f"{description} ({SEARCH_BOUNDS})" if name == "q" else description,
            }
        )
    return {"parameters": parameters}


def ordering_parameter(orderings, description):
    """The `extra` entry of `filter_parameters` for `ordering`: one of `orderings`, `-` for descending."""
    values = sorted([*orderings, *(f"-{name}" for name in orderings)])
    return ("ordering", description, {"type": "string", "enum": values})


TEXT_SCHEMA = {"type": "string", "maxLength": MAX_TEXT_LENGTH, "pattern": TEXT_PATTERN}
# `q` of a listing: the bounds `search` checks.
SEARCH_SCHEMA = {"type": "string", "maxLength": MAX_SEARCH_LENGTH, "pattern": TEXT_PATTERN}
SEARCH_BOUNDS = (
    f"at most {MAX_SEARCH_LENGTH} characters; words are the runs of letters and digits, only the first "
    f"{MAX_SEARCH_TERMS} count"
)


def _is_integer_filter(filter_):
    """A filter on a number or on a related row's id (not on another of its fields)."""
    return isinstance(filter_, django_filters.NumberFilter) or (
        isinstance(filter_, django_filters.ModelChoiceFilter) and not filter_.extra.get("to_field_name")
    )


def _filter_schema(filter_):
    """The OpenAPI schema of a filter's value, which `check_value` enforces."""
    choices = filter_.extra.get("choices")
    if isinstance(filter_, django_filters.MultipleChoiceFilter):
        return {"type": "array", "items": {"type": "string", "enum": [key for key, _label in choices]}}
    if isinstance(filter_, django_filters.ChoiceFilter) and choices:
        return {"type": "string", "enum": [key for key, _label in choices]}
    if isinstance(filter_, django_filters.BooleanFilter):
        return {"type": "boolean"}
    if _is_integer_filter(filter_):
        return {"type": "integer", "minimum": 0, "maximum": MAX_INTEGER}
    if isinstance(filter_, django_filters.DateFilter):
        return {
            "type": "string",
            "format": "date",
            "pattern": DATE_PATTERN,
            "description": f"A day from {MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}.",
        }
    return TEXT_SCHEMA
