"""The directory's records as the API gives them: each shape's schema, and the function filling it.

Each shape is written once, as its schema: the fields a listing reads and the Wagtail API v2
serializers of the pages derive from it. No FilterSet is imported here, so that page models may
import this module while the models load.
"""

from ninja import Schema

from pole_core.api.choices import ChoiceOut, choice_of
from pole_core.api.images import ImageOut, image_out
from pole_core.api.listing import ListOut
from pole_core.api.shapes import field_names, shape

from .models import Person
from .models.organisation import OrganisationKind


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


class PlaceRef(Schema):
    id: int
    name: str
    slug: str
    street_address: str
    postal_code: str
    address_locality: str
    latitude: float
    longitude: float


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


AXIS_FIELDS = field_names(AxisOut)
# The columns behind a PersonRef: `full_name` is made of the first and last names.
PERSON_REF_FIELDS = ("id", "first_name", "last_name", "role_title", "photo")


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


def person_ref(person, request):
    """The public reference of a person, or None when they may not be shown."""
    if person is None or not person.is_published:
        return None
    return shape(person, PersonRef, photo=image_out(person.photo, request))


def person_refs(people, request):
    """The references of the people among `people` who may be shown, in their order."""
    return [ref for ref in (person_ref(person, request) for person in people) if ref]


def consenting_people(person_ids):
    """The people among `person_ids` (None ignored) who may be shown, in one query.

    With `person_refs_of`: listings read the photos along with their other images.
    """
    wanted = {pk for pk in person_ids if pk is not None}
    return list(Person.objects.published().filter(pk__in=wanted).only(*PERSON_REF_FIELDS))


def person_refs_of(people, images):
    """{id: PersonRef} of `people`, their photos taken from `images` ({id: ImageOut})."""
    return {person.pk: shape(person, PersonRef, photo=images.get(person.photo_id)) for person in people}


def person_out(person, request):
    """A person of the trombinoscope; `person` is one of `Person.objects.published()`."""
    return shape(
        person,
        PersonOut,
        photo=image_out(person.photo, request),
        roles=[
            {"value": value, "label": str(label)}
            for value, label in zip(person.roles, person.role_labels(), strict=True)
        ],
        organisation=organisation_ref(person.organisation),
        email=person.public_email or None,
        phone=person.public_phone or None,
    )


def place_ref(place):
    """The PlaceRef of a place, or None."""
    if place is None:
        return None
    return shape(place, PlaceRef, latitude=float(place.latitude), longitude=float(place.longitude))
