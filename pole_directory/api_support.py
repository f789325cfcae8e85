"""What every Pôle API router shares: the error shape, listing (filters + pagination) and references.

Errors follow RFC 9457 "problem details" (`application/problem+json`):
`{"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "…", "errors": {"kind": ["…"]}}`
where `errors` maps each offending parameter or field to its messages.
"""

import functools
from http import HTTPStatus
from types import SimpleNamespace
from typing import Generic, TypeVar

import django_filters
from django.core.files.storage import FileSystemStorage
from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.renderers import JSONRenderer

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
PAGINATION_PARAMETERS = ("limit", "offset")


class ErrorOut(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: dict[str, list[str]] = {}


class ApiError(Exception):
    """Raised anywhere in an endpoint; the API turns it into a problem-details response."""

    def __init__(self, status, detail="", errors=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or {}

    def as_body(self):
        return ErrorOut(
            title=HTTPStatus(self.status).phrase,
            status=self.status,
            detail=str(self.detail),
            errors=self.errors,
        ).model_dump()


ERROR_RESPONSES = {400: ErrorOut}
NOT_FOUND = {404: ErrorOut}

Item = TypeVar("Item")


class ChoiceOut(Schema):
    value: str
    label: str


def choice_of(choices, value):
    """`{"value", "label"}` of a TextChoices member, or None for an empty value."""
    return {"value": value, "label": str(choices(value).label)} if value else None


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


class UnicodeJSONRenderer(JSONRenderer):
    """JSON in UTF-8 as it reads ("mobilité", not "mobilit\\u00e9"): French text stays short and legible."""

    json_dumps_params = {"ensure_ascii": False}


def unvalidated_json(request, data):
    """`data` rendered as the API renders JSON, without django-ninja validating it.

    For listings whose builders already give the documented shape (the endpoint's `response`
    schema stays in the OpenAPI document): validating a hundred nested items costs more than
    building them.
    """
    renderer = UnicodeJSONRenderer()
    return HttpResponse(
        renderer.render(request, data, response_status=200),
        content_type=f"{renderer.media_type}; charset={renderer.charset}",
    )


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


# Images are given as renditions in a few widths, for `srcset`.
RENDITION_SPECS = {"small": "max-320x320", "medium": "max-800x800", "large": "max-1600x1600"}
FOCAL_POINT_FIELDS = ("focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height")


class RenditionOut(Schema):
    url: str
    width: int
    height: int


class ImageOut(Schema):
    id: int
    alt: str
    url: str
    width: int
    height: int
    renditions: dict[str, RenditionOut]


def images_with_renditions():
    """An Image queryset that brings its renditions along, for Prefetch() in listings."""
    from wagtail.images import get_image_model

    return get_image_model().objects.prefetch_renditions(*RENDITION_SPECS.values())


@functools.cache
def rendition_filters():
    """One Filter per spec for the whole process: a Filter parses its spec on first use only."""
    from wagtail.images.models import Filter

    return tuple(Filter(spec) for spec in RENDITION_SPECS.values())


def image_out(image, request):
    """The ImageOut dict of an image (renditions made on first use, then read from the prefetch)."""
    if image is None:
        return None
    return _image_dict(image.pk, image.default_alt_text, image.get_renditions(*rendition_filters()), request)


# What `image_outs` reads of an image: its alt text and what its renditions' keys depend on.
IMAGE_ROW_FIELDS = ("id", "title", "description", *FOCAL_POINT_FIELDS)


def image_outs(image_ids, request):
    """{id: ImageOut} of the images among `image_ids` (None ignored), for listings.

    One query of plain rows (the renditions, with the fields of their image) rather than model
    instances; an image that lacks a rendition goes through `image_out`, which makes it.
    """
    from wagtail.images import get_image_model

    wanted = {pk for pk in image_ids if pk is not None}
    if not wanted:
        return {}
    rendition_model = get_image_model().get_rendition_model()
    storage = rendition_model._meta.get_field("file").storage
    images, renditions = {}, {}
    for row in rendition_model.objects.filter(
        image_id__in=wanted, filter_spec__in=RENDITION_SPECS.values()
    ).values(
        "image_id",
        "filter_spec",
        "focal_point_key",
        "file",
        "width",
        "height",
        *(f"image__{name}" for name in IMAGE_ROW_FIELDS[1:]),
    ):
        image_id = row["image_id"]
        if image_id not in images:
            images[image_id] = SimpleNamespace(
                id=image_id, **{name: row[f"image__{name}"] for name in IMAGE_ROW_FIELDS[1:]}
            )
        renditions[image_id, row["filter_spec"], row["focal_point_key"]] = SimpleNamespace(
            url=_file_url(storage, row["file"]), width=row["width"], height=row["height"]
        )
    # Images without any rendition yet (or gone) have no row: they take the path that makes them.
    outs, incomplete = {}, [pk for pk in wanted if pk not in images]
    for image in images.values():
        # A rendition is only valid for the focal point it was made with, as in Wagtail.
        found = {
            f.spec: renditions.get((image.id, f.spec, f.get_cache_key(image))) for f in rendition_filters()
        }
        if None in found.values():
            incomplete.append(image.id)
        else:
            # `description or title`, as Image.default_alt_text.
            outs[image.id] = _image_dict(image.id, image.description or image.title, found, request)
    if incomplete:
        # Prefetched, so that Wagtail makes and stores the missing renditions rather than reading
        # them from its renditions cache: the next request finds them in the database.
        for image in images_with_renditions().filter(pk__in=incomplete):
            outs[image.pk] = image_out(image, request)
    return outs


def _file_url(storage, name):
    """`storage.url(name)`, remembered for the local file system, where it only depends on the name
    and MEDIA_URL (about 6 µs a call, a hundred calls for a listing of 100 items)."""
    if isinstance(storage, FileSystemStorage):
        return _local_file_url(storage, storage.base_url, name)
    return storage.url(name)


@functools.lru_cache(maxsize=8192)
def _local_file_url(storage, base_url, name):
    return storage.url(name)


def _image_dict(image_id, alt, renditions, request):
    """ImageOut from `renditions` ({spec: object with url, width and height})."""
    sizes = {
        name: {"url": request.build_absolute_uri(r.url), "width": r.width, "height": r.height}
        for name, r in ((name, renditions[spec]) for name, spec in RENDITION_SPECS.items())
    }
    return {"id": image_id, "alt": alt, **sizes["medium"], "renditions": sizes}


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


def install_error_handlers(api):
    """Make every error of `api` a problem-details response (RFC 9457), including 404 and bad input."""
    from django.http import Http404
    from ninja.errors import HttpError
    from ninja.errors import ValidationError as NinjaValidationError

    def respond(request, error):
        response = api.create_response(request, error.as_body(), status=error.status)
        response["Content-Type"] = "application/problem+json"
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
