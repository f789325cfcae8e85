import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.core import signing
from django.urls import reverse

from pole_pages import preview
from tests.factories import (
    ChantierPageFactory,
    ContentPageFactory,
    EventPageFactory,
    GovernanceDocumentPageFactory,
    ResourcePageFactory,
)

PREVIEW = "/api/v1/preview/"
FRONT_END = "https://front.example/preview?token={token}&type={type}&id={id}"


def with_draft_title(page, title):
    """Save a new revision of `page` with another title, as an editor saving a draft does."""
    page.title = title
    page.save_revision()
    return page


@pytest.fixture
def chantier(chantier_index):
    page = ChantierPageFactory(parent=chantier_index, title="Le chantier mobilité")
    return with_draft_title(page, "Le chantier mobilité (brouillon)")


def test_a_valid_token_returns_the_draft_not_the_live_version(client, chantier):
    response = client.get(PREVIEW, {"token": preview.make_token(chantier)})
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["title"]) == (
        chantier.pk,
        "Le chantier mobilité (brouillon)",
    )


def test_a_draft_is_never_kept_by_a_shared_cache(client, chantier):
    response = client.get(PREVIEW, {"token": preview.make_token(chantier)})
    assert (response.status_code, response["Cache-Control"]) == (200, "private, no-store")


@pytest.mark.parametrize(
    ("factory", "detail_field"),
    [
        (ChantierPageFactory, "framing"),
        (ResourcePageFactory, "attachments"),
        (EventPageFactory, "next_occurrences"),
        (GovernanceDocumentPageFactory, "articles"),
        (ContentPageFactory, "body"),
    ],
)
def test_a_draft_has_the_shape_of_its_type_detail(client, db, factory, detail_field):
    page = with_draft_title(factory(), "Version de travail")
    response = client.get(PREVIEW, {"token": preview.make_token(page)})
    assert response.status_code == 200
    assert (response.json()["title"], detail_field in response.json()) == ("Version de travail", True)


def test_a_never_published_page_can_be_previewed(client, chantier_index):
    page = ChantierPageFactory(parent=chantier_index, title="Le chantier emploi", live=False)
    assert client.get(f"/api/v1/chantiers/{page.pk}/").status_code == 404
    response = client.get(PREVIEW, {"token": preview.make_token(page)})
    assert (response.status_code, response.json()["title"]) == (200, "Le chantier emploi")


def test_listings_and_details_keep_showing_the_live_version(client, chantier):
    assert client.get(PREVIEW, {"token": preview.make_token(chantier)}).status_code == 200
    listing = client.get("/api/v1/chantiers/")
    detail = client.get(f"/api/v1/chantiers/{chantier.pk}/")
    assert (listing.status_code, detail.status_code) == (200, 200)
    assert [item["title"] for item in listing.json()["items"]] == ["Le chantier mobilité"]
    assert detail.json()["title"] == "Le chantier mobilité"


def test_an_expired_token_answers_403(client, chantier, monkeypatch, settings):
    settings.POLE_PREVIEW_MAX_AGE = 3600
    two_hours_ago = signing.b62_encode(int(time.time()) - 7200)
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda signer: two_hours_ago)
    token = preview.make_token(chantier)
    monkeypatch.undo()
    response = client.get(PREVIEW, {"token": token})
    assert (response.status_code, response.json()["detail"]) == (
        403,
        "Ce lien de prévisualisation a expiré.",
    )


def test_a_tampered_token_answers_403(client, chantier):
    token = preview.make_token(chantier)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(PREVIEW, {"token": tampered}).status_code == 403


def test_a_token_signed_with_another_key_answers_403(client, chantier):
    forged = signing.dumps({"id": chantier.pk, "type": "pole_pages.chantierpage"}, key="x", salt=preview.SALT)
    response = client.get(PREVIEW, {"token": forged})
    assert (response.status_code, response.json()["detail"]) == (
        403,
        "Ce jeton de prévisualisation n'est pas valide.",
    )


@pytest.mark.parametrize("token", ["", "pas-un-jeton", "a:b"])
def test_a_malformed_token_answers_400(client, db, token):
    response = client.get(PREVIEW, {"token": token})
    assert (response.status_code, response["Content-Type"]) == (400, "application/problem+json")


def test_the_token_of_one_page_does_not_unlock_another(client, chantier, chantier_index):
    other = with_draft_title(ChantierPageFactory(parent=chantier_index), "Le chantier secret (brouillon)")
    response = client.get(PREVIEW, {"token": preview.make_token(chantier), "id": other.pk})
    # No parameter but the token is taken: asking for another page is refused, not served.
    assert (response.status_code, list(response.json()["errors"])) == (400, ["id"])
    assert "secret" not in response.content.decode()


def test_the_token_of_a_deleted_page_answers_404(client, chantier):
    token = preview.make_token(chantier)
    chantier.delete()
    response = client.get(PREVIEW, {"token": token})
    assert (response.status_code, response.json()["detail"]) == (404, "Cette page n'existe plus.")


# From the page editor


def test_the_editor_offers_the_front_end_preview(editor_client, settings, chantier):
    settings.POLE_PREVIEW_URL = FRONT_END
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[chantier.pk]))
    assert response.status_code == 200
    assert "Prévisualiser sur le site public" in response.content.decode()


def test_the_editor_hides_the_front_end_preview_without_a_front_end(editor_client, settings, chantier):
    settings.POLE_PREVIEW_URL = ""
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[chantier.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le chantier mobilité (brouillon)" in html
    assert "Prévisualiser sur le site public" not in html


def test_the_preview_link_sends_the_editor_to_the_front_end_with_a_working_token(
    editor_client, client, settings, chantier
):
    settings.POLE_PREVIEW_URL = FRONT_END
    response = editor_client.get(reverse("pole_pages_front_end_preview", args=[chantier.pk]))
    location = urlsplit(response["Location"])
    query = {name: values[0] for name, values in parse_qs(location.query).items()}
    assert (response.status_code, location.netloc, query["type"], query["id"]) == (
        302,
        "front.example",
        "chantierpage",
        str(chantier.pk),
    )
    client.logout()
    assert (
        client.get(PREVIEW, {"token": query["token"]}).json()["title"] == "Le chantier mobilité (brouillon)"
    )


def test_the_preview_link_is_refused_to_who_cannot_edit_the_page(
    client, django_user_model, settings, chantier
):
    settings.POLE_PREVIEW_URL = FRONT_END
    user = django_user_model.objects.create_user(username="visiteur", password="motdepasse")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("pole_pages_front_end_preview", args=[chantier.pk]))
    # Wagtail answers a refused admin view by sending back to the dashboard, with a message.
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
