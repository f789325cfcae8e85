"""Validation of the directory snippets, in the model and through the admin forms."""

from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pole_directory.filters import PersonFilterSet, PlaceFilterSet
from pole_directory.models import Axis, Organisation, Person, PersonRole, Place, PlaceKind
from tests.factories import (
    AxisFactory,
    OrganisationFactory,
    PersonFactory,
    PersonWithoutConsentFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db


def clean_errors(instance):
    """The {field: [messages]} that full_clean() raises for `instance`."""
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


# Model validation


def test_latitude_out_of_range_is_refused_in_french():
    errors = clean_errors(PlaceFactory.build(latitude=Decimal("95")))
    assert errors["latitude"] == ["Assurez-vous que cette valeur est inférieure ou égale à 90."]


def test_longitude_out_of_range_is_refused_in_french():
    errors = clean_errors(PlaceFactory.build(longitude=Decimal("-200")))
    assert errors["longitude"] == ["Assurez-vous que cette valeur est supérieure ou égale à -180."]


def test_place_with_bad_url_is_refused_in_french():
    errors = clean_errors(PlaceFactory.build(url="la-friche-de-l-ile"))
    assert errors["url"] == ["Saisissez une URL valide."]


def test_place_with_bad_postal_code_is_refused_in_french():
    errors = clean_errors(PlaceFactory.build(postal_code="44000 !"))
    assert errors["postal_code"] == ["Code postal invalide."]


def test_place_without_name_nor_city_is_refused_in_french():
    errors = clean_errors(PlaceFactory.build(name="", address_locality=""))
    assert errors["name"] == ["Ce champ ne peut pas être vide."]
    assert errors["address_locality"] == ["Ce champ ne peut pas être vide."]


def test_organisation_with_bad_website_is_refused_in_french():
    errors = clean_errors(OrganisationFactory.build(website="www.exemple"))
    assert errors["website"] == ["Saisissez une URL valide."]


def test_organisation_without_name_is_refused_in_french():
    errors = clean_errors(OrganisationFactory.build(name=""))
    assert errors["name"] == ["Ce champ ne peut pas être vide."]


def test_membership_year_without_membership_is_refused_in_french():
    errors = clean_errors(OrganisationFactory.build(is_member=False, membership_year=2021))
    assert errors["membership_year"] == ["Une structure non adhérente n'a pas d'année d'adhésion."]


def test_member_without_membership_year_is_refused_in_french():
    errors = clean_errors(OrganisationFactory.build(is_member=True, membership_year=None))
    assert errors["membership_year"] == ["Indiquez l'année d'adhésion d'une structure adhérente."]


def test_partner_without_membership_year_is_valid():
    OrganisationFactory.build(is_member=False, membership_year=None).full_clean()


def test_axis_with_bad_colour_is_refused_in_french():
    errors = clean_errors(AxisFactory.build(colour="bleu"))
    assert errors["colour"] == ["Indiquez une couleur au format hexadécimal, par exemple #1f6f8b."]


def test_axis_without_name_is_refused_in_french():
    errors = clean_errors(AxisFactory.build(name=""))
    assert errors["name"] == ["Ce champ ne peut pas être vide."]


def test_person_without_names_is_refused_in_french():
    errors = clean_errors(PersonFactory.build(first_name="", last_name=""))
    assert errors["first_name"] == ["Ce champ ne peut pas être vide."]
    assert errors["last_name"] == ["Ce champ ne peut pas être vide."]


def test_public_email_without_email_is_refused_in_french():
    errors = clean_errors(PersonFactory.build(email="", email_is_public=True))
    assert errors["email"] == ["Indiquez le courriel à afficher, ou décochez « afficher le courriel »."]


def test_public_phone_without_phone_is_refused_in_french():
    errors = clean_errors(PersonFactory.build(phone="", phone_is_public=True))
    assert errors["phone"] == ["Indiquez le téléphone à afficher, ou décochez « afficher le téléphone »."]


def test_unknown_role_is_refused_in_french():
    errors = clean_errors(PersonFactory.build(roles=["tresorier"]))
    assert errors["roles"] == ["Valeur inconnue : tresorier."]


# The same mistakes through the admin "add" forms: the form comes back in French, nothing is saved.


def place_form(**changes):
    data = {
        "name": "La Friche de l'île",
        "slug": "",
        "kind": PlaceKind.CULTURAL,
        "status": "open",
        "labels": "Starter",
        "description": "Tiers-lieu culturel sur l'île de Nantes.",
        "url": "https://www.exemple.fr/friche/",
        "street_address": "2 quai François Mitterrand",
        "postal_code": "44200",
        "address_locality": "Nantes",
        "address_region": "Pays de la Loire",
        "address_country": "FR",
        "map_location": "",
        "latitude": "47.206800",
        "longitude": "-1.555600",
    }
    return {**data, **changes}


def organisation_form(**changes):
    data = {
        "name": "Collectif Scène Ouverte",
        "slug": "",
        "kind": "association",
        "description": "",
        "website": "https://www.exemple.fr/",
        "city": "Angers",
        "territory": "Maine-et-Loire",
        "is_member": "on",
        "membership_year": "2022",
    }
    return {**data, **changes}


def person_form(**changes):
    data = {
        "first_name": "Léa",
        "last_name": "Guérin",
        "role_title": "Co-présidente, référente mobilité",
        "roles": [PersonRole.CO_PRESIDENT, PersonRole.BOARD_MEMBER],
        "bio": "",
        "publication_consent": "on",
        "email": "lea.guerin@exemple.fr",
        "phone": "",
    }
    return {**data, **changes}


def axis_form(**changes):
    data = {
        "name": "Mutualiser les ressources",
        "slug": "",
        "description": "",
        "colour": "#2a9d8f",
        "sort_order": "2",
    }
    return {**data, **changes}


def add_in_admin(client, model_name, data):
    return client.post(reverse(f"wagtailsnippets_pole_directory_{model_name}:add"), data)


def page_text(response):
    return unescape(response.content.decode())


@pytest.mark.parametrize(
    ("model", "model_name", "data"),
    [
        (Place, "place", place_form()),
        (Organisation, "organisation", organisation_form()),
        (Person, "person", person_form()),
        (Axis, "axis", axis_form()),
    ],
    ids=["place", "organisation", "person", "axis"],
)
def test_valid_snippet_is_saved_from_the_admin(editor_client, model, model_name, data):
    response = add_in_admin(editor_client, model_name, data)
    assert response.status_code == 302
    assert model.objects.count() == 1


@pytest.mark.parametrize(
    ("model", "model_name", "data", "message"),
    [
        (
            Place,
            "place",
            place_form(latitude="95"),
            "Assurez-vous que cette valeur est inférieure ou égale à 90.",
        ),
        (
            Place,
            "place",
            place_form(longitude="-200"),
            "Assurez-vous que cette valeur est supérieure ou égale à -180.",
        ),
        (Place, "place", place_form(url="friche-ile"), "Saisissez une URL valide."),
        (Place, "place", place_form(address_locality=""), "Champ requis."),
        (Organisation, "organisation", organisation_form(website="exemple"), "Saisissez une URL valide."),
        (
            Organisation,
            "organisation",
            organisation_form(is_member=""),
            "Une structure non adhérente n'a pas d'année d'adhésion.",
        ),
        (Person, "person", person_form(first_name=""), "Champ requis."),
        (
            Person,
            "person",
            person_form(email="", email_is_public="on"),
            "Indiquez le courriel à afficher, ou décochez « afficher le courriel ».",
        ),
        (
            Axis,
            "axis",
            axis_form(colour="vert"),
            "Indiquez une couleur au format hexadécimal, par exemple #1f6f8b.",
        ),
        (Axis, "axis", axis_form(name=""), "Champ requis."),
    ],
    ids=[
        "place-latitude",
        "place-longitude",
        "place-url",
        "place-city",
        "organisation-website",
        "organisation-membership-year",
        "person-first-name",
        "person-public-email",
        "axis-colour",
        "axis-name",
    ],
)
def test_invalid_snippet_is_refused_in_the_admin_in_french(editor_client, model, model_name, data, message):
    response = add_in_admin(editor_client, model_name, data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert model.objects.count() == 0


def test_map_picker_fills_latitude_and_longitude_in_the_admin(editor_client):
    data = place_form(map_location="SRID=4326;POINT(-1.516 47.2394)", latitude="", longitude="")
    add_in_admin(editor_client, "place", data)
    place = Place.objects.get()
    assert (place.latitude, place.longitude) == (Decimal("47.239400"), Decimal("-1.516000"))


# Publication consent


def test_consent_date_is_set_when_consent_is_given():
    person = PersonWithoutConsentFactory()
    person.publication_consent = True
    person.save()
    person.refresh_from_db()
    assert timezone.now() - person.consent_date < timedelta(minutes=1)


def test_consent_date_is_kept_when_a_consenting_person_is_saved_again():
    given_on = timezone.now() - timedelta(days=30)
    person = PersonFactory(consent_date=given_on)
    person.bio = "Administratrice de production."
    person.save()
    person.refresh_from_db()
    assert person.consent_date == given_on


def test_consent_date_is_cleared_when_consent_is_withdrawn():
    person = PersonFactory()
    person.publication_consent = False
    person.save()
    person.refresh_from_db()
    assert person.consent_date is None


def test_consent_given_in_the_admin_is_dated(editor_client):
    add_in_admin(editor_client, "person", person_form(consent_date="2001-01-01 00:00"))
    person = Person.objects.get()
    assert timezone.now() - person.consent_date < timedelta(minutes=1)


def test_published_people_exclude_those_who_did_not_consent():
    consenting = PersonFactory()
    PersonWithoutConsentFactory()
    assert list(Person.objects.published()) == [consenting]


def test_is_published_agrees_with_the_published_people():
    people = [PersonFactory(), PersonWithoutConsentFactory()]
    published = set(Person.objects.published())
    assert [person.is_published for person in people] == [person in published for person in people]


def test_contact_details_made_public_stay_hidden_without_consent():
    person = PersonWithoutConsentFactory.build(
        email="lina@pole.example", email_is_public=True, phone="02 41 00 00 00", phone_is_public=True
    )
    assert (person.public_email, person.public_phone) == ("", "")


# Filters shared by the admin listings and the API


def test_role_filter_keeps_people_holding_that_role():
    staff = PersonFactory(roles=[PersonRole.STAFF])
    co_president = PersonFactory(roles=[PersonRole.CO_PRESIDENT, PersonRole.BOARD_MEMBER])
    PersonFactory(roles=[PersonRole.CONTRIBUTOR])
    PersonFactory(roles=[])
    assert list(PersonFilterSet({"role": "staff"}, Person.objects.all()).qs) == [staff]
    assert list(PersonFilterSet({"role": "board_member"}, Person.objects.all()).qs) == [co_president]


def test_role_filter_with_an_unknown_role_is_invalid():
    PersonFactory(roles=[PersonRole.STAFF])
    filterset = PersonFilterSet({"role": "tresorier"}, Person.objects.all())
    assert not filterset.is_valid()
    assert "role" in filterset.errors


def test_role_filter_in_the_admin_listing(editor_client):
    PersonFactory(first_name="Yannick", last_name="Morvan", roles=[PersonRole.STAFF])
    PersonFactory(first_name="Gwenaël", last_name="Le Goff", roles=[PersonRole.CONTRIBUTOR])
    response = editor_client.get(reverse("wagtailsnippets_pole_directory_person:list"), {"role": "staff"})
    assert "Yannick Morvan" in page_text(response)
    assert "Gwenaël Le Goff" not in page_text(response)


def test_place_kind_filter_keeps_places_of_the_chosen_kinds():
    coworking = PlaceFactory(kind=PlaceKind.COWORKING)
    fablab = PlaceFactory(kind=PlaceKind.FABLAB)
    PlaceFactory(kind=PlaceKind.CULTURAL)
    qs = PlaceFilterSet({"kind": [PlaceKind.COWORKING, PlaceKind.FABLAB]}, Place.objects.order_by("pk")).qs
    assert list(qs) == [coworking, fablab]


def test_place_city_filter_ignores_case():
    nantes = PlaceFactory(address_locality="Nantes")
    PlaceFactory(address_locality="Saint-Nazaire")
    assert list(PlaceFilterSet({"city": "nantes"}, Place.objects.all()).qs) == [nantes]


# Slugs


def test_slug_is_derived_from_the_name():
    axis = AxisFactory(name="Mailler le territoire et animer le réseau", slug="")
    assert axis.slug == "mailler-le-territoire-et-animer-le-reseau"


def test_slug_is_made_unique():
    first = PlaceFactory(name="La Friche de l'île", slug="")
    second = PlaceFactory(name="La Friche de l'île", slug="")
    third = PlaceFactory(name="La Friche de l'île", slug="")
    assert [first.slug, second.slug, third.slug] == [
        "la-friche-de-lile",
        "la-friche-de-lile-2",
        "la-friche-de-lile-3",
    ]


def test_slug_given_by_the_editor_is_kept():
    organisation = OrganisationFactory(name="Coopérative Les Ateliers Partagés", slug="ateliers")
    assert organisation.slug == "ateliers"


def test_slug_is_kept_when_the_name_changes():
    axis = AxisFactory(name="Mutualiser les ressources", slug="")
    axis.name = "Mutualiser les ressources et les outils"
    axis.save()
    assert axis.slug == "mutualiser-les-ressources"
