"""Images as the API gives them: renditions in a few widths (url, width, height, alt), for `srcset`."""

import functools
from types import SimpleNamespace

from django.core.files.storage import FileSystemStorage
from ninja import Schema
from pydantic import Field

# Images are given as renditions in a few widths, for `srcset`.
RENDITION_SPECS = {"small": "max-320x320", "medium": "max-800x800", "large": "max-1600x1600"}
FOCAL_POINT_FIELDS = ("focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height")


class RenditionOut(Schema):
    """One size of an image."""

    url: str = Field(description="Absolute URL of the image file in this size.")
    width: int = Field(description="Width in pixels.")
    height: int = Field(description="Height in pixels.")


class ImageOut(Schema):
    """An image in a few sizes, for `srcset`; `url`, `width` and `height` are the `medium` size."""

    id: int = Field(description="The image's id in the media library.")
    alt: str = Field(description="Alternative text: the image's description, or its title.")
    url: str = Field(description="Absolute URL of the `medium` size (at most 800×800).")
    width: int = Field(description="Width of the `medium` size, in pixels.")
    height: int = Field(description="Height of the `medium` size, in pixels.")
    renditions: dict[str, RenditionOut] = Field(
        description="Each size by name: `small` (at most 320×320), `medium` (800×800), `large` (1600×1600)."
    )


def images_with_renditions():
    """An Image queryset that brings its renditions along, for Prefetch() in listings."""
    from wagtail.images import get_image_model

    return get_image_model().objects.prefetch_renditions(*RENDITION_SPECS.values())


@functools.cache
def rendition_filters():
    """One Filter per spec for the whole process: a Filter parses its spec on first use only."""
    from wagtail.images.models import Filter

    return tuple(Filter(spec) for spec in RENDITION_SPECS.values())


def image_out(image, request):
    """The ImageOut dict of an image (renditions made on first use, then read from the prefetch)."""
    if image is None:
        return None
    return _image_dict(image.pk, image.default_alt_text, image.get_renditions(*rendition_filters()), request)


# What `image_outs` reads of an image: its alt text and what its renditions' keys depend on.
IMAGE_ROW_FIELDS = ("id", "title", "description", *FOCAL_POINT_FIELDS)


def image_outs(image_ids, request):
    """{id: ImageOut} of the images among `image_ids` (None ignored), for listings.

    One query of plain rows (the renditions, with the fields of their image) rather than model
    instances; an image that lacks a rendition goes through `image_out`, which makes it.
    """
    from wagtail.images import get_image_model

    wanted = {pk for pk in image_ids if pk is not None}
    if not wanted:
        return {}
    rendition_model = get_image_model().get_rendition_model()
    storage = rendition_model._meta.get_field("file").storage
    images, renditions = {}, {}
    for row in rendition_model.objects.filter(
        image_id__in=wanted, filter_spec__in=RENDITION_SPECS.values()
    ).values(
        "image_id",
        "filter_spec",
        "focal_point_key",
        "file",
        "width",
        "height",
        *(f"image__{name}" for name in IMAGE_ROW_FIELDS[1:]),
    ):
        image_id = row["image_id"]
        if image_id not in images:
            images[image_id] = SimpleNamespace(
                id=image_id, **{name: row[f"image__{name}"] for name in IMAGE_ROW_FIELDS[1:]}
            )
        renditions[image_id, row["filter_spec"], row["focal_point_key"]] = SimpleNamespace(
            url=_file_url(storage, row["file"]), width=row["width"], height=row["height"]
        )
    # Images without any rendition yet (or gone) have no row: they take the path that makes them.
    outs, incomplete = {}, [pk for pk in wanted if pk not in images]
    for image in images.values():
        # A rendition is only valid for the focal point it was made with, as in Wagtail.
        found = {
            f.spec: renditions.get((image.id, f.spec, f.get_cache_key(image))) for f in rendition_filters()
        }
        if None in found.values():
            incomplete.append(image.id)
        else:
            # `description or title`, as Image.default_alt_text.
            outs[image.id] = _image_dict(image.id, image.description or image.title, found, request)
    if incomplete:
        # Prefetched, so that Wagtail makes and stores the missing renditions rather than reading
        # them from its renditions cache: the next request finds them in the database.
        for image in images_with_renditions().filter(pk__in=incomplete):
            outs[image.pk] = image_out(image, request)
    return outs


def _file_url(storage, name):
    """`storage.url(name)`, remembered where it depends on the name alone (and MEDIA_URL): the local
    file system (about 6 µs a call) and object storage with unsigned URLs (django-storages' S3Storage
    with `querystring_auth` off: about 150 µs a call, computed by botocore without a request), for
    listings that give hundreds of renditions."""
    if isinstance(storage, FileSystemStorage) or getattr(storage, "querystring_auth", None) is False:
        return _remembered_url(storage, getattr(storage, "base_url", None), name)
    return storage.url(name)


@functools.lru_cache(maxsize=8192)
def _remembered_url(storage, base_url, name):
    return storage.url(name)


def _image_dict(image_id, alt, renditions, request):
    """ImageOut from `renditions` ({spec: object with url, width and height})."""
    sizes = {
        name: {"url": request.build_absolute_uri(r.url), "width": r.width, "height": r.height}
        for name, r in ((name, renditions[spec]) for name, spec in RENDITION_SPECS.items())
    }
    return {"id": image_id, "alt": alt, **sizes["medium"], "renditions": sizes}
