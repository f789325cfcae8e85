"""API of the directory: axes, organisations, the trombinoscope and the places (GeoJSON)."""

from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Router

from pole_core.api.choices import choice_of
from pole_core.api.errors import ERROR_RESPONSES, NOT_FOUND
from pole_core.api.images import image_outs, images_with_renditions
from pole_core.api.listing import apply_filters, check_parameters, filter_parameters, list_page, paginate
from pole_core.api.openapi import answers_as
from pole_core.api.params import (
    BOUNDING_BOX_DESCRIPTION,
    BOUNDING_BOX_SCHEMA,
    Id,
    bounding_box_filter,
    search_terms,
)

from .filters import AxisFilterSet, OrganisationFilterSet, PersonFilterSet, PlaceFilterSet
from .models import Axis, Organisation, Person, Place, PlaceKind, PlaceStatus
from .models.person import folded
from .schemas import (
    AxisListOut,
    OrganisationListOut,
    OrganisationOut,
    PersonListOut,
    PersonOut,
    PlaceCollectionOut,
    PlaceOut,
    organisation_out,
    person_out,
)

router = Router(tags=["annuaire"])

NAME_SEARCH_PARAMETER = ("q", "Words searched in the name (case-insensitive); every word must match.")
PEOPLE_SEARCH_PARAMETER = (
    "q",
    "Words searched in the first name, last name and role title, ignoring case and accents "
    "(« mobilite » finds « Mobilité »); every word must match.",
)
# How the site links a place to its page, set by the app that serves place pages (pole_pages' map):
# a function `request → (slug → full URL)`, the inner function None when the site has no such page.
_place_page_urls = None


def set_place_page_urls(builder):
    """Let the app serving place pages give their URLs to the API (GeoJSON `page_url`, search)."""
    global _place_page_urls
    _place_page_urls = builder


def place_page_urls(request):
    """A function `slug → full URL of the place's page` on the request's site, or None."""
    return _place_page_urls(request) if _place_page_urls else None


def search_people(queryset, q):
    """Keep the people matching every word of `q`, ignoring case and accents (`Person.search_text`)."""
    for word in search_terms(folded(q or "")):
        queryset = queryset.filter(search_text__contains=word)
    return queryset


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
    openapi_extra=filter_parameters(
        OrganisationFilterSet,
        extra=[NAME_SEARCH_PARAMETER],
        descriptions={
            "kind": "Kind of organisation.",
            "is_member": "`true` for member organisations, `false` for partners.",
            "city": "City (exact, case-insensitive).",
            "membership_year": "Year the organisation joined the network.",
        },
    ),
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
    "/organisations/{organisation_id}/",
    response={200: OrganisationOut, **ERROR_RESPONSES, **NOT_FOUND},
    summary="Une structure",
)
def get_organisation(request, organisation_id: Id):
    check_parameters(request, [])
    return organisation_out(get_object_or_404(Organisation, pk=organisation_id), request)


@router.get(
    "/people/",
    response={200: PersonListOut, **ERROR_RESPONSES},
    openapi_extra=filter_parameters(
        PersonFilterSet,
        extra=[PEOPLE_SEARCH_PARAMETER],
        descriptions={"role": "Role in the network.", "organisation": "Id of the person's organisation."},
    ),
    summary="Trombinoscope : les personnes qui ont accepté d'être publiées",
)
def list_people(request):
    people = apply_filters(request, PersonFilterSet, public_people(), ["q"])
    page = paginate(
        request, search_people(people, request.GET.get("q")).order_by("last_name", "first_name", "pk")
    )
    page["items"] = [person_out(person, request) for person in page["items"]]
    return page


@router.get(
    "/people/{person_id}/",
    response={200: PersonOut, **ERROR_RESPONSES, **NOT_FOUND},
    summary="Une personne du trombinoscope",
)
def get_person(request, person_id: Id):
    check_parameters(request, [])
    return person_out(get_object_or_404(public_people(), pk=person_id), request)


# The properties of a place's feature read as they are from its row; `place_feature` adds the others.
PLACE_PROPERTIES = (
    "name",
    "slug",
    "kind",
    "description",
    "street_address",
    "postal_code",
    "address_locality",
    "address_region",
    "address_country",
)
PLACE_ROW_FIELDS = (
    "id",
    *PLACE_PROPERTIES,
    "status",
    "url",
    "latitude",
    "longitude",
    "organisation__id",
    "organisation__name",
    "organisation__slug",
    "organisation__website",
)


def place_feature(place, labels, page_url):
    """The GeoJSON Feature of a place's row (PLACE_ROW_FIELDS); `labels` is {place id: [label]},
    `page_url` a function `slug → URL of the place's page`, or None."""
    organisation_id = place["organisation__id"]
    return {
        "type": "Feature",
        "id": place["id"],
        "geometry": {"type": "Point", "coordinates": [float(place["longitude"]), float(place["latitude"])]},
        "properties": {
            **{name: place[name] for name in PLACE_PROPERTIES},
            "kind_label": str(PlaceKind(place["kind"]).label),
            "status": choice_of(PlaceStatus, place["status"]),
            "url": place["url"] or None,
            "page_url": page_url(place["slug"]) if page_url else None,
            "organisation": organisation_id
            and {
                "id": organisation_id,
                "name": place["organisation__name"],
                "slug": place["organisation__slug"],
            },
            "organisation_website": place["organisation__website"] or None,
            "labels": labels.get(place["id"], []),
        },
    }


@router.get(
    "/places.geojson",
    response={200: PlaceCollectionOut, **ERROR_RESPONSES},
    openapi_extra=filter_parameters(
        PlaceFilterSet,
        extra=[
            ("bbox", BOUNDING_BOX_DESCRIPTION, BOUNDING_BOX_SCHEMA),
        ],
        descriptions={
            "kind": "Kind(s) of place; repeat the parameter for several.",
            "status": "Status(es): `open`, `project`, `closed`; repeat the parameter for several.",
            "city": "City (exact, case-insensitive).",
            "label": "Name of a label the place carries.",
            "organisation": "Id of the organisation running the place.",
        },
    ),
    summary="Les lieux en GeoJSON (RFC 7946, coordonnées [longitude, latitude])",
)
@answers_as("application/geo+json")
def places_geojson(request):
    queryset = apply_filters(request, PlaceFilterSet, Place.objects.all(), ["bbox"])
    if "bbox" in request.GET:
        queryset = queryset.filter(bounding_box_filter("bbox", request.GET["bbox"]))
    places = list(queryset.order_by("name", "pk").values(*PLACE_ROW_FIELDS))
    labels = {}
    for place_id, label in (
        Place.labels.through.objects.filter(content_object_id__in=[place["id"] for place in places])
        .order_by("tag__name")
        .values_list("content_object_id", "tag__name")
    ):
        labels.setdefault(place_id, []).append(label)
    page_url = place_page_urls(request)
    collection = {
        "type": "FeatureCollection",
        "features": [place_feature(place, labels, page_url) for place in places],
    }
    return JsonResponse(
        collection, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False}
    )


@router.get(
    "/places/{place_id}/",
    response={200: PlaceOut, **ERROR_RESPONSES, **NOT_FOUND},
    summary="Un lieu, tel que sa page le présente",
    description="The place's feature (as in `places.geojson`, closed places included) and its image.",
)
def get_place(request, place_id: Id):
    check_parameters(request, [])
    place = get_object_or_404(Place.objects.values(*PLACE_ROW_FIELDS, "image_id"), pk=place_id)
    labels = list(
        Place.labels.through.objects.filter(content_object_id=place_id)
        .order_by("tag__name")
        .values_list("tag__name", flat=True)
    )
    return {
        **place_feature(place, {place_id: labels}, place_page_urls(request)),
        "image": image_outs([place["image_id"]], request).get(place["image_id"]),
    }
