"""API of the directory: axes, organisations, the trombinoscope and the places (GeoJSON)."""

from decimal import Decimal, InvalidOperation

from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router

from pole_core.api.errors import ERROR_RESPONSES, NOT_FOUND, ApiError
from pole_core.api.images import images_with_renditions
from pole_core.api.listing import apply_filters, filter_parameters, list_page

from .filters import AxisFilterSet, OrganisationFilterSet, PersonFilterSet, PlaceFilterSet
from .models import Axis, Organisation, Person, Place, PlaceKind
from .schemas import (
    AxisListOut,
    OrganisationListOut,
    OrganisationOut,
    PersonListOut,
    PersonOut,
    PlaceCollectionOut,
    organisation_out,
    person_out,
)

router = Router(tags=["annuaire"])

NAME_SEARCH_PARAMETER = ("q", "Texte recherché dans le nom")


def public_people():
    """Consenting people with what their listing needs, in a constant number of queries."""
    return (
        Person.objects.published()
        .select_related("organisation")
        .prefetch_related(Prefetch("photo", queryset=images_with_renditions()))
    )


@router.get(
    "/axes/",
    response={200: AxisListOut, **ERROR_RESPONSES},
    openapi_extra=filter_parameters(AxisFilterSet),
    summary="Axes d'action",
)
def list_axes(request):
    return list_page(request, Axis.objects.all(), AxisFilterSet)


@router.get(
    "/organisations/",
    response={200: OrganisationListOut, **ERROR_RESPONSES},
    openapi_extra=filter_parameters(OrganisationFilterSet, extra=[NAME_SEARCH_PARAMETER]),
    summary="Structures adhérentes et partenaires",
)
def list_organisations(request):
    return list_page(
        request,
        Organisation.objects.prefetch_related(Prefetch("logo", queryset=images_with_renditions())),
        OrganisationFilterSet,
        search_fields=["name", "city"],
        items=lambda organisations: [
            organisation_out(organisation, request) for organisation in organisations
        ],
    )


@router.get(
    "/organisations/{organisation_id}/", response={200: OrganisationOut, **NOT_FOUND}, summary="Une structure"
)
def get_organisation(request, organisation_id: int):
    return organisation_out(get_object_or_404(Organisation, pk=organisation_id), request)


@router.get(
    "/people/",
    response={200: PersonListOut, **ERROR_RESPONSES},
    openapi_extra=filter_parameters(PersonFilterSet, extra=[NAME_SEARCH_PARAMETER]),
    summary="Trombinoscope : les personnes qui ont accepté d'être publiées",
)
def list_people(request):
    return list_page(
        request,
        public_people(),
        PersonFilterSet,
        search_fields=["first_name", "last_name", "role_title"],
        items=lambda people: [person_out(person, request) for person in people],
    )


@router.get(
    "/people/{person_id}/", response={200: PersonOut, **NOT_FOUND}, summary="Une personne du trombinoscope"
)
def get_person(request, person_id: int):
    return person_out(get_object_or_404(public_people(), pk=person_id), request)


def parse_bbox(raw):
    """`minLon,minLat,maxLon,maxLat` (RFC 7946 order) → four Decimals, or a 400."""
    try:
        west, south, east, north = (Decimal(part) for part in raw.split(","))
    except (ValueError, InvalidOperation):
        raise ApiError(
            400,
            _("Paramètre invalide."),
            {
                "bbox": [
                    _(
                        "Attendu : quatre nombres séparés par des virgules, longitude min, latitude min, longitude max, latitude max."
                    )
                ]
            },
        ) from None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ApiError(
            400, _("Paramètre invalide."), {"bbox": [_("Coordonnées hors limites ou dans le désordre.")]}
        )
    return west, south, east, north


# The properties of a place's feature read as they are from its row; `place_feature` adds the others.
PLACE_PROPERTIES = (
    "name",
    "slug",
    "kind",
    "status",
    "url",
    "description",
    "street_address",
    "postal_code",
    "address_locality",
    "address_country",
)
PLACE_ROW_FIELDS = ("id", *PLACE_PROPERTIES, "latitude", "longitude", "organisation__name")


def place_feature(place, labels):
    """The GeoJSON Feature of a place's row (PLACE_ROW_FIELDS); `labels` is {place id: [label]}."""
    return {
        "type": "Feature",
        "id": place["id"],
        "geometry": {"type": "Point", "coordinates": [float(place["longitude"]), float(place["latitude"])]},
        "properties": {
            **{name: place[name] for name in PLACE_PROPERTIES},
            "kind_label": str(PlaceKind(place["kind"]).label),
            "organisation": place["organisation__name"],
            "labels": labels.get(place["id"], []),
        },
    }


@router.get(
    "/places.geojson",
    response={200: PlaceCollectionOut, **ERROR_RESPONSES},
    openapi_extra=filter_parameters(
        PlaceFilterSet,
        extra=[
            ("bbox", "minLon,minLat,maxLon,maxLat (WGS 84), as in RFC 7946"),
        ],
    ),
    summary="Les lieux en GeoJSON (RFC 7946, coordonnées [longitude, latitude])",
)
def places_geojson(request):
    queryset = apply_filters(request, PlaceFilterSet, Place.objects.all(), ["bbox"])
    if request.GET.get("bbox"):
        west, south, east, north = parse_bbox(request.GET["bbox"])
        queryset = queryset.filter(
            longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north
        )
    places = list(queryset.order_by("name", "pk").values(*PLACE_ROW_FIELDS))
    labels = {}
    for place_id, label in Place.labels.through.objects.filter(
        content_object_id__in=[place["id"] for place in places]
    ).values_list("content_object_id", "tag__name"):
        labels.setdefault(place_id, []).append(label)
    collection = {"type": "FeatureCollection", "features": [place_feature(place, labels) for place in places]}
    return JsonResponse(
        collection, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False}
    )
