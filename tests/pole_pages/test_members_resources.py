"""Members-only resources: anyone reads the summary, only signed-in visitors download the documents."""

import html
import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from pole_pages.choices import ResourceAccess
from tests.admin_forms import page_edit_form_data
from tests.factories import ResourcePageFactory

pytestmark = pytest.mark.django_db

Document = get_document_model()
MEMBERS_COLLECTION = "Documents des adhérent·es"
CONTENT = b"%PDF-1.4 guide des adherent.es"


def document(title, collection):
    return Document.objects.create(
        title=title,
        file=ContentFile(CONTENT, name=f"{title.lower().replace(' ', '-')}.pdf"),
        collection=collection,
    )


@pytest.fixture
def members_collection(db):
    """The collection the migration creates: downloads only after signing in."""
    return Collection.objects.get(name=MEMBERS_COLLECTION)


@pytest.fixture
def public_collection(db):
    return Collection.get_first_root_node()


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user(
        username="lou", email="lou@exemple.fr", password="motdepasse"
    )


@pytest.fixture
def member_client(member):
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def members_resource(resource_index, members_collection):
    guide = document("Guide adherents", members_collection)
    return ResourcePageFactory(
        parent=resource_index,
        slug="guide",
        access=ResourceAccess.MEMBERS,
        attachments=[
            ("document", guide),
            ("link", {"title": "Tableur partagé", "url": "https://pad.exemple.fr/x"}),
        ],
    )


def attachments(*documents):
    return [("document", doc) for doc in documents]


def test_the_migration_restricts_the_members_collection_to_signed_in_visitors(members_collection):
    [restriction] = members_collection.get_view_restrictions()
    assert restriction.restriction_type == CollectionViewRestriction.LOGIN
    assert members_collection.get_parent() == Collection.get_first_root_node()


def test_anonymous_visitors_read_the_summary_and_are_told_how_to_sign_in(client, members_resource):
    response = client.get(members_resource.url)

    page = response.content.decode()
    assert response.status_code == 200
    assert members_resource.intro in page
    login = f"{reverse('account_login')}?next={members_resource.url}"
    assert f'Réservé aux adhérent·es : <a href="{login}">connectez-vous</a>' in page
    assert "/documents/" not in page
    assert "pad.exemple.fr" not in page
    assert "public" in response["Cache-Control"]


def test_the_notice_offers_to_join_when_the_site_takes_members(client, members_resource):
    try:
        join_url = reverse("pole_members:join")
    except NoReverseMatch:
        pytest.skip("pole_members has no join page yet")

    assert (
        f'ou <a href="{join_url}">devenez adhérent·e</a>' in client.get(members_resource.url).content.decode()
    )


def test_signed_in_members_see_the_download_links_in_a_private_answer(member_client, members_resource):
    response = member_client.get(members_resource.url)

    page = response.content.decode()
    [guide] = members_resource.documents()
    assert guide.url in page
    assert "pad.exemple.fr" in page
    assert "Réservé aux adhérent·es :" not in page
    assert response["Cache-Control"] == "private, no-store"


def test_anonymous_download_of_a_members_document_sends_to_the_sign_in_page(client, members_resource):
    [guide] = members_resource.documents()

    response = client.get(guide.url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={guide.url}"
    assert CONTENT not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_signed_in_download_of_a_members_document_gives_the_file(member_client, members_resource):
    [guide] = members_resource.documents()

    response = member_client.get(guide.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT


def test_a_public_resource_keeps_its_documents_open_to_anyone(client, resource_index, public_collection):
    guide = document("Guide public", public_collection)
    resource = ResourcePageFactory(parent=resource_index, slug="public", attachments=attachments(guide))

    assert guide.url in client.get(resource.url).content.decode()
    assert client.get(guide.url).status_code == 200


@pytest.mark.parametrize("restriction", [None, CollectionViewRestriction.PASSWORD])
def test_a_members_resource_refuses_documents_anyone_may_download(
    resource_index, public_collection, restriction
):
    collection = public_collection.add_child(name="Presse")
    if restriction:
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=restriction, password="x"
        )
    open_one, other = document("Dossier de presse", collection), document("Revue", collection)
    resource = ResourcePageFactory.build(
        access=ResourceAccess.MEMBERS, attachments=attachments(open_one, other)
    )

    with pytest.raises(ValidationError) as refused:
        resource.clean()

    [message] = refused.value.message_dict["attachments"]
    assert "« Dossier de presse », « Revue »" in message
    assert "Documents des adhérent·es" in message


@pytest.mark.parametrize("kind", [CollectionViewRestriction.LOGIN, CollectionViewRestriction.GROUPS])
def test_a_members_resource_takes_documents_of_any_signed_in_collection_and_its_children(
    public_collection, kind
):
    private = public_collection.add_child(name="Réservé")
    restriction = CollectionViewRestriction.objects.create(collection=private, restriction_type=kind)
    if kind == CollectionViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get(name="Adhérents"))
    nested = private.add_child(name="Sous-dossier")
    resource = ResourcePageFactory.build(
        access=ResourceAccess.MEMBERS,
        attachments=attachments(document("Compte rendu", private), document("Annexe", nested)),
    )

    resource.clean()


def test_the_editor_sees_which_documents_to_move_on_the_attachments_field(
    superuser_client, resource_index, public_collection
):
    guide = document("Guide public", public_collection)
    resource = ResourcePageFactory(parent=resource_index, slug="guide", attachments=attachments(guide))
    data = page_edit_form_data(superuser_client, resource)
    data["access"] = ResourceAccess.MEMBERS
    data.update(
        {"attachments-count": "1", "attachments-0-type": "document", "attachments-0-value": str(guide.pk)}
    )
    data.update({"attachments-0-deleted": "", "attachments-0-order": "0", "attachments-0-id": ""})

    response = superuser_client.post(reverse("wagtailadmin_pages:edit", args=[resource.pk]), data)

    assert response.status_code == 200
    # The admin draws a StreamField's errors from JSON.
    expected = json.dumps("rangez « Guide public » dans une collection privée")[1:-1]
    assert expected in html.unescape(response.content.decode())
    resource.refresh_from_db()
    assert resource.access == ResourceAccess.PUBLIC
