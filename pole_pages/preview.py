"""Draft preview on a front-end: a signed, expiring token that unlocks the draft of one page.

The admin sends the editor to ``POLE_PREVIEW_URL`` (``{token}``, ``{type}`` and ``{id}`` are filled
in); the front-end asks ``/api/v1/preview/?token=…`` for the latest revision of that page. The
token carries the page's id and type, signed with SECRET_KEY, and is refused after
``POLE_PREVIEW_MAX_AGE`` seconds (one hour by default).
"""

from urllib.parse import quote

from django.conf import settings
from django.core import signing
from wagtail.models import Page

SALT = "pole_pages.preview"
DEFAULT_MAX_AGE = 3600


def make_token(page):
    """A token that unlocks the draft of `page`, and of no other page."""
    return signing.dumps({"id": page.pk, "type": page.specific_class._meta.label_lower}, salt=SALT)


def is_well_formed(token):
    """Whether `token` has the shape of a signed token (`payload:timestamp:signature`)."""
    return token.count(":") == 2 and all(token.split(":"))


def draft_for_token(token):
    """The latest revision of the page `token` was made for, or None if that page is gone.

    Raises `signing.SignatureExpired` for an expired token, `signing.BadSignature` for a forged one.
    """
    payload = signing.loads(
        token, salt=SALT, max_age=getattr(settings, "POLE_PREVIEW_MAX_AGE", DEFAULT_MAX_AGE)
    )
    app_label, model = payload["type"].split(".")
    page = Page.objects.filter(
        pk=payload["id"], content_type__app_label=app_label, content_type__model=model
    ).first()
    return page and page.specific.get_latest_revision_as_object()


def front_end_url(page):
    """The front-end's preview address for `page`, or None when POLE_PREVIEW_URL is not set."""
    template = getattr(settings, "POLE_PREVIEW_URL", "")
    if not template:
        return None
    return template.format(
        token=quote(make_token(page), safe=""), type=page.specific_class._meta.model_name, id=page.pk
    )
