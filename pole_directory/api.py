"""API of the directory: axes, organisations, the trombinoscope and the places (GeoJSON)."""

from decimal import Decimal, InvalidOperation

from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from pole_core.api.choices import ChoiceOut, choice_of
from pole_core.api.errors import ERROR_RESPONSES, NOT_FOUND, ApiError
from pole_core.api.images import ImageOut, image_out, images_with_renditions
from pole_core.api.listing import ListOut, apply_filters, filter_parameters, paginate, search

from .filters import AxisFilterSet, OrganisationFilterSet, PersonFilterSet, PlaceFilterSet
from .models import Axis, Organisation, Person, Place, PlaceKind
from .models.organisation import OrganisationKind

router = Router(tags=["annuaire"])


class AxisOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    colour: str
    sort_order: int


class AxisListOut(ListOut[AxisOut]):
    pass


class OrganisationRef(Schema):
    id: int
    name: str
    slug: str


class OrganisationOut(OrganisationRef):
    kind: ChoiceOut
    website: str
    city: str
    territory: str
    is_member: bool
    membership_year: int | None
    description: str
    logo: ImageOut | None


class OrganisationListOut(ListOut[OrganisationOut]):
    pass


class PersonRef(Schema):
    """A person as shown next to a chantier: only people who consented are ever given."""

    id: int
    full_name: str
    role_title: str
    photo: ImageOut | None


class PersonOut(PersonRef):
    first_name: str
    last_name: str
    roles: list[ChoiceOut]
    organisation: OrganisationRef | None
    bio: str
    email: str | None
    phone: str | None


class PersonListOut(ListOut[PersonOut]):
    pass


def organisation_out(organisation, request):
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "slug": organisation.slug,
        "kind": choice_of(OrganisationKind, organisation.kind),
        "website": organisation.website,
        "city": organisation.city,
        "territory": organisation.territory,
        "is_member": organisation.is_member,
        "membership_year": organisation.membership_year,
        "description": organisation.description,
        "logo": image_out(organisation.logo, request),
    }


def organisation_ref(organisation):
    if organisation is None:
        return None
    return {"id": organisation.pk, "name": organisation.name, "slug": organisation.slug}


def person_ref(person, request):
    """The public reference of a person, or None when they did not consent to publication."""
    if person is None or not person.publication_consent:
        return None
    return _person_ref(person, image_out(person.photo, request))


def consenting_people(person_ids):
    """The people among `person_ids` (None ignored) who consented to publication, in one query.

    With `person_refs_of`: listings read the photos along with their other images.
    """
    wanted = {pk for pk in person_ids if pk is not None}
    return list(Person.objects.published().filter(pk__in=wanted).only(*PERSON_REF_FIELDS))


def person_refs_of(people, images):
    """{id: PersonRef} of `people`, their photos taken from `images` ({id: ImageOut})."""
    return {person.pk: _person_ref(person, images.get(person.photo_id)) for person in people}


PERSON_REF_FIELDS = ("id", "first_name", "last_name", "role_title", "photo", "publication_consent")


def _person_ref(person, photo):
    return {"id": person.pk, "full_name": person.full_name, "role_title": person.role_title, "photo": photo}


def person_out(person, request):
    return {
        **person_ref(person, request),
        "first_name": person.first_name,
        "last_name": person.last_name,
        "roles": [
            {"value": value, "label": str(label)}
            for value, label in zip(person.roles, person.role_labels(), strict=True)
        ],
        "organisation": organisation_ref(person.organisation),
        "bio": person.bio,
        "email": person.public_email or None,
        "phone": person.public_phone or None,
    }


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
    return paginate(request, apply_filters(request, AxisFilterSet, Axis.objects.all()))


@router.get(
    "/organisations/",
    response={200: OrganisationListOut, **ERROR_RESPONSES},
    openapi_extra=filter_parameters(OrganisationFilterSet, extra=[("q", "Texte recherché dans le nom")]),
    summary="Structures adhérentes et partenaires",
)
def list_organisations(request):
    queryset = Organisation.objects.prefetch_related(Prefetch("logo", queryset=images_with_renditions()))
    queryset = search(
        request, apply_filters(request, OrganisationFilterSet, queryset, ["q"]), ["name", "city"]
    )
    page = paginate(request, queryset)
    page["items"] = [organisation_out(organisation, request) for organisation in page["items"]]
    return page


@router.get(
    "/organisations/{organisation_id}/", response={200: OrganisationOut, **NOT_FOUND}, summary="Une structure"
)
def get_organisation(request, organisation_id: int):
    return organisation_out(get_object_or_404(Organisation, pk=organisation_id), request)


@router.get(
    "/people/",
    response={200: PersonListOut, **ERROR_RESPONSES},
    openapi_extra=filter_parameters(PersonFilterSet, extra=[("q", "Texte recherché dans le nom")]),
    summary="Trombinoscope : les personnes qui ont accepté d'être publiées",
)
def list_people(request):
    queryset = search(
        request,
        apply_filters(request, PersonFilterSet, public_people(), ["q"]),
        ["first_name", "last_name", "role_title"],
    )
    page = paginate(request, queryset)
    page["items"] = [person_out(person, request) for person in page["items"]]
    return page


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


def place_feature(place, labels):
    return {
        "type": "Feature",
        "id": place["id"],
        "geometry": {"type": "Point", "coordinates": [float(place["longitude"]), float(place["latitude"])]},
        "properties": {
            "name": place["name"],
            "slug": place["slug"],
            "kind": place["kind"],
            "kind_label": str(PlaceKind(place["kind"]).label),
            "status": place["status"],
            "url": place["url"],
            "description": place["description"],
            "street_address": place["street_address"],
            "postal_code": place["postal_code"],
            "address_locality": place["address_locality"],
            "address_country": place["address_country"],
            "organisation": place["organisation__name"],
            "labels": labels.get(place["id"], []),
        },
    }


class PointOut(Schema):
    type: str = "Point"
    coordinates: list[float]


class PlaceFeatureOut(Schema):
    type: str = "Feature"
    id: int
    geometry: PointOut
    properties: dict


class PlaceCollectionOut(Schema):
    type: str = "FeatureCollection"
    features: list[PlaceFeatureOut]


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
    places = list(queryset.order_by("name", "pk").values(*PLACE_FIELDS))
    labels = {}
    for place_id, label in Place.labels.through.objects.filter(
        content_object_id__in=[place["id"] for place in places]
    ).values_list("content_object_id", "tag__name"):
        labels.setdefault(place_id, []).append(label)
    collection = {"type": "FeatureCollection", "features": [place_feature(place, labels) for place in places]}
    return JsonResponse(
        collection, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False}
    )


PLACE_FIELDS = [
    "id",
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
    "latitude",
    "longitude",
    "organisation__name",
]
