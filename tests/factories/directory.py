"""Factories for the directory snippets, speaking the seeds' language."""

from decimal import Decimal

import factory
import wagtail_factories
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.models import Collection

from pole_directory.models import Axis, Organisation, Person, PersonRole, Place, PlaceKind
from pole_directory.models.organisation import OrganisationKind

AXIS_NAMES = [
    "Mailler le territoire et animer le réseau",
    "Mutualiser les ressources",
    "Communiquer et développer la visibilité",
    "Accompagner les porteurs de projets, les entreprises et les communes",
    "Former et favoriser la pérennité des lieux",
    "Gérer l'association",
]

ORGANISATION_NAMES = [
    "Compagnie Les Arts Nomades",
    "Tiers-lieu La Ressourcerie",
    "Coopérative Les Ateliers Partagés",
    "Collectif Scène Ouverte",
    "Association Le Grand Atelier",
]

PLACE_NAMES = [
    "La Cantine du Bas-Chantenay",
    "L'Atelier des Dervallières",
    "La Friche de l'île",
    "Le Jardin des Ressources",
]


def unique_name(names):
    """A factory.Sequence walking through `names`, numbered once they have all been used."""

    def name(n):
        base = names[n % len(names)]
        return base if n < len(names) else f"{base} {n // len(names) + 1}"

    return factory.Sequence(name)


class ImageFactory(wagtail_factories.ImageFactory):
    """An image in the root collection (wagtail-factories would create a collection per image)."""

    title = "Portrait"
    collection = factory.LazyFunction(Collection.get_first_root_node)


class AxisFactory(DjangoModelFactory):
    name = unique_name(AXIS_NAMES)
    description = "Axe d'action du réseau."
    colour = "#1f6f8b"
    sort_order = factory.Sequence(int)

    class Meta:
        model = Axis


class OrganisationFactory(DjangoModelFactory):
    """A member structure; pass `is_member=False, membership_year=None` for a partner."""

    name = unique_name(ORGANISATION_NAMES)
    kind = OrganisationKind.ASSOCIATION
    website = "https://www.exemple.fr/"
    city = "Nantes"
    territory = "Loire-Atlantique"
    is_member = True
    membership_year = 2021
    description = "Structure adhérente du Pôle."

    class Meta:
        model = Organisation


class PersonFactory(DjangoModelFactory):
    """Someone who agreed to appear in the trombinoscope."""

    first_name = factory.Iterator(["Camille", "Yannick", "Léa", "Mehdi", "Nathalie", "Gwenaël"])
    last_name = factory.Iterator(["Le Goff", "Martin", "Guérin", "Benali", "Morvan", "Bernard"])
    role_title = "Contributrice du chantier mobilité"
    roles = factory.LazyFunction(lambda: [PersonRole.CONTRIBUTOR.value])
    organisation = None
    bio = "Chargée de production, impliquée dans le chantier mobilité."
    publication_consent = True
    email = factory.LazyAttribute(
        lambda person: f"{slugify(person.first_name)}.{slugify(person.last_name)}@exemple.fr"
    )

    class Meta:
        model = Person

    class Params:
        with_photo = factory.Trait(photo=factory.SubFactory(ImageFactory))


class PersonWithoutConsentFactory(PersonFactory):
    """Someone of the network who did not agree to be published."""

    publication_consent = False


class PlaceFactory(DjangoModelFactory):
    """A tiers-lieu in Nantes."""

    name = factory.Iterator(PLACE_NAMES)
    kind = PlaceKind.CULTURAL
    description = "Tiers-lieu culturel : ateliers partagés, résidences et apéros du réseau."
    url = "https://www.exemple.fr/lieu/"
    street_address = "5 boulevard de Chantenay"
    postal_code = "44100"
    address_locality = "Nantes"
    address_region = "Pays de la Loire"
    latitude = Decimal("47.218371")
    longitude = Decimal("-1.553621")

    class Meta:
        model = Place
