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

from .errors import ApiError

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
PAGINATION_PARAMETERS = ("limit", "offset")

Item = TypeVar("Item")


class ListOut(Schema, Generic[Item]):
    count: int
    limit: int
    offset: int
    items: list[Item]


def _integer(request, name, default, minimum, maximum=None):
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, _("Paramètre invalide."), {name: [_("Entrez un nombre entier.")]}) from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = (
            _("entre %(min)s et %(max)s") % {"min": minimum, "max": maximum} if maximum else f"≥ {minimum}"
        )
        raise ApiError(
            400, _("Paramètre invalide."), {name: [_("La valeur doit être %(bounds)s.") % {"bounds": bounds}]}
        )
    return value


def check_parameters(request, allowed):
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        raise ApiError(
            400,
            _("Paramètre inconnu : %(names)s.") % {"names": ", ".join(unknown)},
            {name: [_("Ce paramètre n'existe pas pour cette liste.")] for name in unknown},
        )


def apply_filters(request, filterset_class, queryset, extra_parameters=(), defaults=None):
    """Filter `queryset` with the FilterSet shared with the admin; 400 on unknown or bad values.

    `defaults` gives values for filters the request leaves out.
    """
    allowed = [*filterset_class.base_filters, *PAGINATION_PARAMETERS, *extra_parameters]
    check_parameters(request, allowed)
    data = request.GET.copy()
    for name, value in (defaults or {}).items():
        data.setdefault(name, value)
    filterset = filterset_class(data, queryset=queryset, request=request)
    if not filterset.is_valid():
        errors = {name: [str(message) for message in messages] for name, messages in filterset.errors.items()}
        raise ApiError(400, _("Filtre invalide."), errors)
    return filterset.qs


def search(request, queryset, fields):
    """Keep rows where every word of `q` appears in one of `fields` (case-insensitive)."""
    words = (request.GET.get("q") or "").split()
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
    limit = _integer(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _integer(request, "offset", 0, 0)
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


def filter_parameters(filterset_class, extra=()):
    """OpenAPI query parameters describing a FilterSet, pagination and `extra` (name, description)."""
    parameters = [
        {
            "in": "query",
            "name": "limit",
            "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
            "description": f"Items per page (1–{MAX_LIMIT}); a larger value answers 400.",
        },
        {
            "in": "query",
            "name": "offset",
            "required": False,
            "schema": {"type": "integer", "minimum": 0, "default": 0},
        },
    ]
    for name, filter_ in filterset_class.base_filters.items():
        parameters.append(
            {
                "in": "query",
                "name": name,
                "required": False,
                "schema": _filter_schema(filter_),
                "description": str(filter_.label or name),
            }
        )
    for name, description in extra:
        parameters.append(
            {
                "in": "query",
                "name": name,
                "required": False,
                "schema": {"type": "string"},
                "description": description,
            }
        )
    return {"parameters": parameters}


def _filter_schema(filter_):
    choices = filter_.extra.get("choices")
    if isinstance(filter_, django_filters.MultipleChoiceFilter):
        return {"type": "array", "items": {"type": "string", "enum": [key for key, _label in choices]}}
    if isinstance(filter_, django_filters.ChoiceFilter) and choices:
        return {"type": "string", "enum": [key for key, _label in choices]}
    if isinstance(filter_, django_filters.BooleanFilter):
        return {"type": "boolean"}
    if isinstance(filter_, (django_filters.NumberFilter, django_filters.ModelChoiceFilter)):
        return {"type": "integer"}
    if isinstance(filter_, django_filters.DateFilter):
        return {"type": "string", "format": "date"}
    if isinstance(filter_, django_filters.DateTimeFilter):
        return {"type": "string", "format": "date-time"}
    return {"type": "string"}
