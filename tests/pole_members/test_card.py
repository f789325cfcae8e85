"""The member's trombinoscope card in « Mon espace »: editing, photo, and consent."""

import io
import os

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend

from pole_core.content import SNIPPET_SAVED, content_changed
from pole_directory.models import Person
from pole_forms.erasure import PORTRAITS_COLLECTION
from pole_members import forms as card_forms
from tests.factories import ImageFactory, PersonFactory, TrombinoscopePageFactory

CARD = "/mon-espace/fiche/"


@pytest.fixture
def member(make_account):
    return make_account("lou@exemple.fr", first_name="Lou", last_name="Martin")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def photo(name="portrait.png", image_format="PNG", size=(60, 60)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "teal").save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue())


def card_post(**changes):
    return {
        "role_title": "Chargée de production",
        "bio": "Je coordonne les navettes.",
        "phone": "",
        "email_is_public": "",
        "phone_is_public": "",
        "publication_consent": "on",
        **changes,
    }


def test_the_first_save_creates_the_card_linked_to_the_account(member_client, member, home):
    response = member_client.post(CARD, card_post())

    assert response.status_code == 303
    assert response["Location"] == CARD
    person = Person.objects.get(account=member)
    assert (person.first_name, person.last_name, person.email) == ("Lou", "Martin", "lou@exemple.fr")
    assert person.role_title == "Chargée de production"
    assert person.publication_consent and person.consent_date is not None
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Votre fiche est enregistrée."
    ]


def test_the_card_page_is_private_and_explains_consent(member_client, home):
    response = member_client.get(CARD)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "disparaît aussitôt" in response.content.decode()


def test_a_member_edits_only_their_own_card(member_client, member, home):
    mine = PersonFactory(account=member, role_title="Avant")
    someone = PersonFactory(role_title="Autre")

    member_client.post(CARD, card_post(role_title="Après"))

    mine.refresh_from_db()
    someone.refresh_from_db()
    assert (mine.role_title, someone.role_title) == ("Après", "Autre")
    assert Person.objects.count() == 2


def test_a_public_phone_needs_a_number(member_client, home):
    response = member_client.post(CARD, card_post(phone_is_public="on"))

    assert response.status_code == 400
    assert "Indiquez le téléphone à afficher" in response.content.decode()


def test_a_photo_goes_to_the_trombinoscope_collection(member_client, member, home):
    member_client.post(CARD, {**card_post(), "new_photo": photo()})

    image = Person.objects.get(account=member).photo
    assert image.collection.name == PORTRAITS_COLLECTION
    assert image.title == "Lou Martin"
    assert image.uploaded_by_user == member


@pytest.mark.parametrize(
    "upload, error",
    [
        (SimpleUploadedFile("cv.pdf", b"%PDF-1.4 pas une image"), "JPEG, PNG ou WebP"),
        (photo("portrait.gif", "GIF"), "choisissez un fichier JPEG, PNG ou WebP"),
        (photo("portrait.png", "JPEG"), "ne correspond pas à son extension"),
    ],
)
def test_a_file_that_is_not_an_accepted_photo_is_refused(member_client, home, upload, error):
    response = member_client.post(CARD, {**card_post(), "new_photo": upload})

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not get_image_model().objects.exists()


def test_a_photo_too_large_is_refused(member_client, home):
    side = 1400  # random pixels do not compress: a PNG over PORTRAIT_MAX_BYTES
    noise = PILImage.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG")
    assert buffer.tell() > card_forms.PORTRAIT_MAX_BYTES

    response = member_client.post(
        CARD, {**card_post(), "new_photo": SimpleUploadedFile("big.png", buffer.getvalue())}
    )

    assert response.status_code == 400
    assert "Cette photo est trop lourde" in response.content.decode()


def test_replacing_a_photo_deletes_the_members_previous_upload_only(member_client, member, home):
    member_client.post(CARD, {**card_post(), "new_photo": photo()})
    first = Person.objects.get(account=member).photo

    member_client.post(CARD, {**card_post(), "new_photo": photo()})

    assert not get_image_model().objects.filter(pk=first.pk).exists()
    # A photo the team chose (in another collection) stays in the library.
    team_photo = ImageFactory()
    Person.objects.filter(account=member).update(photo=team_photo)
    member_client.post(CARD, {**card_post(), "new_photo": photo()})
    assert get_image_model().objects.filter(pk=team_photo.pk).exists()


@pytest.fixture
def published_member(member, home):
    TrombinoscopePageFactory(parent=home, slug="trombinoscope")
    return PersonFactory(account=member, first_name="Lou", last_name="Zéphyrin", publication_consent=True)


def test_withdrawing_consent_removes_the_card_from_every_public_surface(
    member_client, published_member, settings
):
    settings.POLE_API_SERVER_CACHE_SECONDS = 300  # the API's server-side store is on
    visitor = Client()
    surfaces = ["/trombinoscope/", "/api/v1/people/", "/api/v1/search/?q=Zephyrin"]
    for url in surfaces:
        assert "Zéphyrin" in visitor.get(url).content.decode(), url
        assert "Zéphyrin" in visitor.get(url).content.decode(), url  # served from the stores

    member_client.post(CARD, card_post(publication_consent=""))

    for url in surfaces:
        response = visitor.get(url)
        assert response.status_code == 200
        assert "Zéphyrin" not in response.content.decode(), url


def test_saving_the_card_tells_the_caches_as_an_admin_save_does(member_client, published_member):
    received = []

    def receiver(sender, changes, **kwargs):
        received.extend(changes)

    content_changed.connect(receiver)
    try:
        member_client.post(CARD, card_post(publication_consent=""))
    finally:
        content_changed.disconnect(receiver)

    assert [(change.event, change.instance) for change in received] == [(SNIPPET_SAVED, published_member)]


def test_withdrawing_consent_updates_the_search_index(member_client, published_member):
    def found(consent):
        return list(
            get_search_backend().search("Zéphyrin", Person.objects.filter(publication_consent=consent))
        )

    assert found(True) == [published_member]

    member_client.post(CARD, card_post(publication_consent=""))

    # Out of every public search; still found by the team in the admin.
    assert found(True) == []
    assert found(False) == [published_member]
