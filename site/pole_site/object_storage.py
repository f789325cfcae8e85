"""Media on S3-compatible object storage (django-storages), from the `AWS_*` environment variables.

Two storages share one bucket:
- `default` holds the original images and the documents, private: no public ACL, and URLs signed for
  an hour. Wagtail's document view checks a document's privacy, then redirects to such a URL.
- `renditions` (Wagtail's `WAGTAILIMAGES_RENDITION_STORAGE`) holds the resized images that pages and
  the API show, public: plain URLs computed without any request, a public-read ACL and a Cache-Control
  for browsers and CDNs. Renditions are re-encoded, so what an original carries (a portrait's GPS
  position in its EXIF data) stays private.
"""

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
# Rendition names are not content hashes: a name freed by a deleted image can come back with another
# image, so a month rather than a year or `immutable`.
RENDITIONS_CACHE_CONTROL = "public, max-age=2592000"


def s3_media(environ):
    """`(STORAGES entries, MEDIA_URL)` for the bucket named by AWS_STORAGE_BUCKET_NAME.

    Addresses are path-style (`<endpoint>/<bucket>/<name>`), which every S3-compatible service
    answers, so MEDIA_URL, where the renditions are served from (the custom domain, else the bucket at
    the endpoint), is known here without asking botocore; the Content-Security-Policy allows it.
    """
    from botocore.config import Config

    bucket = environ["AWS_STORAGE_BUCKET_NAME"]
    region = environ.get("AWS_S3_REGION_NAME") or None
    endpoint = environ.get("AWS_S3_ENDPOINT_URL") or (region and f"https://s3.{region}.amazonaws.com")
    if not endpoint:
        raise ImproperlyConfigured(
            "AWS_STORAGE_BUCKET_NAME needs AWS_S3_ENDPOINT_URL, or AWS_S3_REGION_NAME on Amazon S3."
        )
    endpoint = endpoint.rstrip("/")
    custom_domain = environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    common = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": region,
        # Unset: boto3 looks further (its shared credentials file, an instance role).
        "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
        # Bounded waits: a storage that hangs must not hold a web worker for minutes.
        "client_config": Config(
            s3={"addressing_style": "path"},
            signature_version="s3v4",
            connect_timeout=5,
            read_timeout=20,
            retries={"mode": "standard", "max_attempts": 3},
        ),
        # Two uploads named "photo.jpg" keep two files (django-storages overwrites by default).
        "file_overwrite": False,
    }
    storages = {
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": {**common, "querystring_auth": True}},
        "renditions": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "querystring_auth": False,
                "custom_domain": custom_domain,
                "default_acl": environ.get("AWS_S3_PUBLIC_ACL", "public-read") or None,
                "object_parameters": {"CacheControl": RENDITIONS_CACHE_CONTROL},
            },
        },
    }
    media_url = f"https://{custom_domain}/" if custom_domain else f"{endpoint}/{bucket}/"
    return storages, media_url
