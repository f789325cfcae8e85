"""The directory's records as the API gives them: each shape's schema, and the function filling it.

Each shape is written once, as its schema: the fields a listing reads and the Wagtail API v2
serializers of the pages derive from it. No FilterSet is imported here, so that page models may
import this module while the models load.
"""

from ninja import Field, Schema

from pole_core.api.choices import ChoiceOut, choice_of
from pole_core.api.images import ImageOut, image_out
from pole_core.api.listing import ListOut
from pole_core.api.shapes import field_names, shape

from .models import Person
from .models.organisation import OrganisationKind


class AxisOut(Schema):
    """An axis of work of the network (taxonomy shared by chantiers, actions and resources)."""

    id: int = Field(description="Axis id.")
    name: str = Field(description="Axis name, as shown on the site.")
    slug: str = Field(description="URL-safe identifier, unique among the axes; the `axis` filter takes it.")
    description: str = Field(description="What the axis covers (plain text, may be empty).")
    colour: str = Field(description="Colour given to the axis by the editors, as `#rrggbb` (may be empty).")
    sort_order: int = Field(description="Editors' order of the axes; lists are sorted by it.")


class AxisListOut(ListOut[AxisOut]):
    pass


class OrganisationRef(Schema):
    """A compact reference to an organisation (member structure or partner)."""

    id: int = Field(description="Organisation id, for `/api/v1/organisations/` filters.")
    name: str = Field(description="Organisation name.")
    slug: str = Field(description="URL-safe identifier, unique among organisations.")


class OrganisationOut(OrganisationRef):
    """An organisation of the directory: member structure or partner."""

    kind: ChoiceOut = Field(description="Member, partner…: value and French label.")
    website: str = Field(description="Website URL (may be empty).")
    city: str = Field(description="City (may be empty).")
    territory: str = Field(description="Territory it works in (may be empty).")
    is_member: bool = Field(description="Whether it is a member (adhérente) of the network.")
    membership_year: int | None = Field(description="Year it joined the network, if known.")
    description: str = Field(description="Short presentation (plain text, may be empty).")
    logo: ImageOut | None = Field(description="Logo as renditions, or null.")


class OrganisationListOut(ListOut[OrganisationOut]):
    pass


class PersonRef(Schema):
    """A person as the site shows them next to a chantier: only people who consented to publication
    are ever given; `email` and `phone` only when the person made them public."""

    id: int = Field(description="Person id, the key of `/api/v1/people/{id}/`.")
    full_name: str = Field(description="First and last name, as shown.")
    role_title: str = Field(description="Role title shown under the photo (may be empty).")
    photo: ImageOut | None = Field(description="Portrait as renditions, or null.")
    organisation: OrganisationRef | None = Field(description="The person's organisation, or null.")
    email: str | None = Field(description="Email address, only when the person made it public; else null.")
    phone: str | None = Field(description="Phone number, only when the person made it public; else null.")


class PersonOut(PersonRef):
    """A person of the trombinoscope."""

    first_name: str = Field(description="First name.")
    last_name: str = Field(description="Last name.")
    roles: list[ChoiceOut] = Field(
        description="Roles in the network (co-presidency, board, staff, contributor)."
    )
    bio: str = Field(description="Short presentation (plain text, may be empty).")


class PersonListOut(ListOut[PersonOut]):
    pass


class PlaceRef(Schema):
    """A compact reference to a place of the directory (a tiers-lieu or venue)."""

    id: int = Field(description="Place id, the `id` of its feature in `/api/v1/places.geojson`.")
    name: str = Field(description="Place name.")
    slug: str = Field(description="URL-safe identifier, the last segment of the place's page on the site.")
    street_address: str = Field(description="Street address (may be empty).")
    postal_code: str = Field(description="Postal code (may be empty).")
    address_locality: str = Field(description="City.")
    url: str | None = Field(description="The place's own website (the site links its name to it), or null.")
    latitude: float = Field(description="Latitude (WGS 84, decimal degrees).")
    longitude: float = Field(description="Longitude (WGS 84, decimal degrees).")


class PointOut(Schema):
    """A GeoJSON Point geometry (RFC 7946)."""

    type: str = Field("Point", description='Always "Point".')
    coordinates: list[float] = Field(
        description="`[longitude, latitude]` in WGS 84, in that order (RFC 7946)."
    )


class PlacePropertiesOut(Schema):
    """What a place's feature tells about it, as its page on the site shows it."""

    name: str = Field(description="Place name.")
    slug: str = Field(description="URL-safe identifier of the place.")
    kind: str = Field(description="Kind of place (value of the `kind` filter).")
    kind_label: str = Field(description="French label of `kind`.")
    status: ChoiceOut = Field(description="Open, project or closed: value and French label.")
    url: str | None = Field(description="The place's own website, or null.")
    page_url: str | None = Field(
        description="The place's page on the site (under the site's map page), or null when the site has no map page."
    )
    description: str = Field(description="Presentation (plain text, may be empty).")
    street_address: str = Field(description="Street address (may be empty).")
    postal_code: str = Field(description="Postal code (may be empty).")
    address_locality: str = Field(description="City.")
    address_region: str = Field(description="Region (may be empty).")
    address_country: str = Field(description="Country code (ISO 3166-1 alpha-2).")
    organisation: OrganisationRef | None = Field(description="The organisation running the place, or null.")
    organisation_website: str | None = Field(description="Website of that organisation, or null.")
    labels: list[str] = Field(description="Labels of the place (tags), in name order.")


class PlaceFeatureOut(Schema):
    """A place as a GeoJSON Feature (RFC 7946)."""

    type: str = Field("Feature", description='Always "Feature".')
    id: int = Field(description="Place id.")
    geometry: PointOut = Field(description="Where the place is.")
    properties: PlacePropertiesOut = Field(description="What the place is.")


class PlaceOut(PlaceFeatureOut):
    """A place as its page shows it: its feature and its image."""

    image: ImageOut | None = Field(description="Photo of the place as renditions, or null.")


class PlaceCollectionOut(Schema):
    """The places as a GeoJSON FeatureCollection (RFC 7946), sorted by name."""

    type: str = Field("FeatureCollection", description='Always "FeatureCollection".')
    features: list[PlaceFeatureOut] = Field(description="One Feature per place.")


AXIS_FIELDS = field_names(AxisOut)
# The columns behind a PersonRef: `full_name` is made of the first and last names, the contact
# details are given only when made public (and consented to).
PERSON_REF_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "role_title",
    "photo",
    "organisation__id",
    "organisation__name",
    "organisation__slug",
    "publication_consent",
    "email",
    "email_is_public",
    "phone",
    "phone_is_public",
)


def axis_out(axis):
    """The AxisOut of an axis."""
    return shape(axis, AxisOut)


def organisation_ref(organisation):
    """The OrganisationRef of an organisation, or None."""
    return None if organisation is None else shape(organisation, OrganisationRef)


def organisation_out(organisation, request):
    """The OrganisationOut of an organisation, its logo as renditions."""
    return shape(
        organisation,
        OrganisationOut,
        kind=choice_of(OrganisationKind, organisation.kind),
        logo=image_out(organisation.logo, request),
    )


def _person_ref(person, photo, schema=PersonRef, **computed):
    """The `schema` of a person who may be shown; their photo as given."""
    return shape(
        person,
        schema,
        photo=photo,
        organisation=organisation_ref(person.organisation),
        email=person.public_email or None,
        phone=person.public_phone or None,
        **computed,
    )


def person_ref(person, request):
    """The public reference of a person, or None when they may not be shown."""
    if person is None or not person.is_published:
        return None
    return _person_ref(person, image_out(person.photo, request))


def person_refs(people, request):
    """The references of the people among `people` who may be shown, in their order."""
    return [ref for ref in (person_ref(person, request) for person in people) if ref]


def consenting_people(person_ids):
    """The people among `person_ids` (None ignored) who may be shown, in one query.

    With `person_refs_of`: listings read the photos along with their other images.
    """
    wanted = {pk for pk in person_ids if pk is not None}
    return list(
        Person.objects.published()
        .filter(pk__in=wanted)
        .select_related("organisation")
        .only(*PERSON_REF_FIELDS)
    )


def person_refs_of(people, images):
    """{id: PersonRef} of `people`, their photos taken from `images` ({id: ImageOut})."""
    return {person.pk: _person_ref(person, images.get(person.photo_id)) for person in people}


def person_out(person, request):
    """A person of the trombinoscope; `person` is one of `Person.objects.published()`."""
    return _person_ref(
        person,
        image_out(person.photo, request),
        PersonOut,
        roles=[
            {"value": value, "label": str(label)}
            for value, label in zip(person.roles, person.role_labels(), strict=True)
        ],
    )


def place_ref(place):
    """The PlaceRef of a place, or None."""
    if place is None:
        return None
    return shape(
        place,
        PlaceRef,
        url=place.url or None,
        latitude=float(place.latitude),
        longitude=float(place.longitude),
    )
