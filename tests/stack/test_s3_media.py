"""Media on S3-compatible object storage: uploads land in the bucket, renditions are served from it.

Against a real S3 server (moto's server mode, see conftest.py) and a real app server configured by the
README's AWS_* variables; the tests read the bucket with boto3 and fetch its files over HTTP.
"""

import io

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from pole_core.api.images import _file_url
from pole_core.storage import storage_is_reachable
from pole_site.object_storage import RENDITIONS_CACHE_CONTROL, s3_media
from tests.factories import ChantierPageFactory
from tests.ports import free_port

ADMIN_PASSWORD = "motdepasse-s3"
# What the media server sees must be committed; the migrations' rows (root page and collection) come
# back after each test.
on_the_servers_database = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _s3_packages(s3_packages):
    """Every test here needs boto3 and django-storages, even those without a server."""


def png(width, height):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), (31, 111, 139)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def media_bucket(s3_server):
    return s3_server.bucket("pole-media")


@pytest.fixture(scope="module")
def media_server(media_bucket, app_servers):
    """An app server whose media go to `media_bucket`, for the tests of this module."""
    return app_servers.start(**media_bucket.env())


@pytest.fixture
def bucket(media_bucket):
    """The media server's bucket, emptied for this test."""
    media_bucket.empty()
    return media_bucket


@pytest.fixture
def admin(media_server, admin_session, django_user_model, settings):
    """The media server's admin, signed in as a superuser."""
    # The server checks the password with Django's default hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    django_user_model.objects.create_superuser("admin-s3", "admin-s3@exemple.fr", ADMIN_PASSWORD)
    return admin_session(media_server, "admin-s3@exemple.fr", ADMIN_PASSWORD)


def upload(admin, kind, title, filename, content):
    """Add an image or a document through the admin's form, as an editor does; its model instance."""
    response = admin.post_form(
        f"/admin/{kind}/add/",
        {"title": title, "collection": Collection.get_first_root_node().pk, "tags": ""},
        files={"file": (filename, content)},
    )
    assert response.status_code == 302, response.text[-2000:]
    model = get_image_model() if kind == "images" else get_document_model()
    return model.objects.get(title=title)


@on_the_servers_database
def test_an_image_uploaded_in_the_admin_is_served_from_the_bucket_as_renditions(
    admin, media_server, bucket, chantier_index
):
    image = upload(admin, "images", "Atelier mobilité", "atelier.png", png(1200, 900))
    assert bucket.keys() == {"original_images/atelier.png"}
    assert not bucket.is_public("original_images/atelier.png")
    ChantierPageFactory(parent=chantier_index, title="Mobilité", slug="mobilite", image_id=image.pk)

    # The first listing makes the renditions (Wagtail's path), the second reads them back as rows.
    first, second = (
        requests.get(f"{media_server.url}/api/v1/chantiers/", timeout=60).json()["items"][0]["image"]
        for _ in range(2)
    )

    assert second == first
    renditions = first["renditions"]
    assert first["url"] == renditions["medium"]["url"]
    assert {(r["width"], r["height"]) for r in renditions.values()} == {(320, 240), (800, 600), (1200, 900)}
    for rendition in renditions.values():
        key = rendition["url"].removeprefix(f"{bucket.server.endpoint_url}/{bucket.name}/")
        assert key.startswith("images/atelier.") and key in bucket.keys()
        assert bucket.is_public(key)
        answer = requests.get(rendition["url"], timeout=30)
        assert answer.status_code == 200
        assert answer.headers["Content-Type"] == "image/png"
        assert answer.headers["Cache-Control"] == RENDITIONS_CACHE_CONTROL
        assert PillowImage.open(io.BytesIO(answer.content)).size == (rendition["width"], rendition["height"])
    assert len(bucket.keys()) == 1 + len(renditions)


@on_the_servers_database
def test_two_images_uploaded_under_one_name_keep_two_files(admin, bucket):
    first = upload(admin, "images", "Portrait 1", "portrait.png", png(400, 400))
    second = upload(admin, "images", "Portrait 2", "portrait.png", png(300, 500))

    assert first.file.name != second.file.name
    assert bucket.keys() == {first.file.name, second.file.name}


@on_the_servers_database
def test_a_document_stays_private_in_the_bucket_and_is_served_by_a_signed_address(
    admin, media_server, bucket
):
    content = b"%PDF-1.4\n% Statuts du Pole\n"
    document = upload(admin, "documents", "Statuts", "statuts.pdf", content)
    assert bucket.keys() == {"documents/statuts.pdf"}
    assert not bucket.is_public("documents/statuts.pdf")

    answer = requests.get(
        f"{media_server.url}/documents/{document.pk}/statuts.pdf", allow_redirects=False, timeout=30
    )

    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith(f"{bucket.server.endpoint_url}/{bucket.name}/documents/statuts.pdf?")
    assert "X-Amz-Signature=" in location and "X-Amz-Expires=3600" in location
    assert requests.get(location, timeout=30).content == content


@on_the_servers_database
def test_pages_allow_images_from_the_bucket(media_server, bucket, home):
    answer = requests.get(f"{media_server.url}/", timeout=30)

    assert answer.status_code == 200
    img_src = next(
        directive
        for directive in answer.headers["Content-Security-Policy"].split(";")
        if directive.strip().startswith("img-src")
    )
    assert bucket.server.endpoint_url in img_src.split()


# Addresses of renditions


def test_rendition_addresses_are_computed_without_a_request():
    # Nothing listens on the endpoint: a request would fail.
    endpoint = f"http://127.0.0.1:{free_port()}"
    entries, media_url = s3_media(
        {
            "AWS_STORAGE_BUCKET_NAME": "pole-media",
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "key",
            "AWS_SECRET_ACCESS_KEY": "secret",
        }
    )
    storage = storages.create_storage(entries["renditions"])
    name = "images/atelier.max-320x320.png"

    assert media_url == f"{endpoint}/pole-media/"
    assert storage.url(name) == f"{media_url}{name}"
    assert _file_url(storage, name) == f"{media_url}{name}"


def test_renditions_are_served_from_the_custom_domain_and_originals_stay_signed():
    entries, media_url = s3_media(
        {
            "AWS_STORAGE_BUCKET_NAME": "pole-media",
            "AWS_S3_REGION_NAME": "eu-west-3",
            "AWS_S3_CUSTOM_DOMAIN": "media.pole.example",
            "AWS_ACCESS_KEY_ID": "key",
            "AWS_SECRET_ACCESS_KEY": "secret",
        }
    )
    renditions = storages.create_storage(entries["renditions"])
    originals = storages.create_storage(entries["default"])

    assert media_url == "https://media.pole.example/"
    assert renditions.url("images/a b.png") == "https://media.pole.example/images/a%20b.png"
    original = originals.url("original_images/a.png")
    assert original.startswith("https://s3.eu-west-3.amazonaws.com/pole-media/original_images/a.png?")
    assert "X-Amz-Signature=" in original


def test_a_bucket_needs_an_endpoint_or_a_region():
    with pytest.raises(ImproperlyConfigured, match="AWS_S3_ENDPOINT_URL"):
        s3_media({"AWS_STORAGE_BUCKET_NAME": "pole-media"})


# Readiness probe


@pytest.fixture
def s3_storages(settings):
    """use(env): STORAGES of the settings made from `env` as the README's variables."""

    def use(env):
        settings.STORAGES = {**settings.STORAGES, **s3_media(env)[0]}

    return use


def test_the_storage_probe_reaches_the_bucket(s3_bucket, s3_storages):
    s3_storages(s3_bucket.env())

    assert storage_is_reachable("default")
    assert storage_is_reachable("renditions")


def test_the_storage_probe_fails_on_a_missing_bucket(s3_bucket, s3_storages):
    s3_storages({**s3_bucket.env(), "AWS_STORAGE_BUCKET_NAME": "no-such-bucket"})

    assert not storage_is_reachable("default")


def test_the_storage_probe_fails_when_the_server_is_down(s3_storages):
    s3_storages(
        {
            "AWS_STORAGE_BUCKET_NAME": "pole-media",
            "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}",
            "AWS_ACCESS_KEY_ID": "key",
            "AWS_SECRET_ACCESS_KEY": "secret",
        }
    )

    assert not storage_is_reachable("default")


def test_the_storage_probe_accepts_the_file_system():
    assert storage_is_reachable("default")
