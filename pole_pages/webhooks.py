"""Webhooks: tell the front-ends what changed, so that a static site rebuilds it.

Publishing, unpublishing or deleting a page, and saving or deleting a directory snippet, posts a
small JSON body to every URL of the ``POLE_WEBHOOK_URLS`` setting::

    {"event": "page.published", "type": "chantierpage", "id": 12,
     "url_path": "/accueil/chantiers/mobilite/", "url": "https://…/chantiers/mobilite/",
     "occurred_at": "2025-03-14T09:30:00+00:00"}

When ``POLE_WEBHOOK_SECRET`` is set, the request carries ``X-Pole-Signature: sha256=<hex>``, the
HMAC-SHA256 of the raw body with the secret; a receiver recomputes it over the bytes it received
and compares in constant time (``hmac.compare_digest`` in Python; see the README).

Each delivery is a background task, enqueued once the transaction commits. A connection error or
a non-2xx answer is retried, up to MAX_ATTEMPTS attempts in all, then logged and dropped.
"""

import hashlib
import hmac
import json
import logging
import urllib.request
from datetime import timedelta
from http.client import HTTPException

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django_tasks import task
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from pole_directory.models import Axis, Organisation, Person, Place

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Pole-Signature"
TIMEOUT_SECONDS = 5
MAX_ATTEMPTS = 3
# The wait before the second and the third attempt, when the task backend can defer a task.
RETRY_DELAYS = (timedelta(seconds=30), timedelta(minutes=5))
SNIPPET_MODELS = (Person, Organisation, Place, Axis)


def sign(body, secret):
    """The X-Pole-Signature value of `body` (bytes) with `secret`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A followed redirect would turn the POST into a GET: count it as a failed delivery instead.
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _post(url, body):
    headers = {"Content-Type": "application/json", "User-Agent": "Pole-Webhooks/1"}
    secret = getattr(settings, "POLE_WEBHOOK_SECRET", "")
    if secret:
        headers[SIGNATURE_HEADER] = sign(body, secret)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    # urllib raises HTTPError for any answer outside 2xx.
    with _opener.open(request, timeout=TIMEOUT_SECONDS):
        pass


@task()
def deliver(url, body, attempt=1):
    """POST `body` to `url`; on failure, enqueue the next attempt, deferred if the backend can."""
    try:
        _post(url, body.encode())
    except (OSError, HTTPException) as error:
        if attempt >= MAX_ATTEMPTS:
            logger.warning("Webhook to %s dropped after %d attempts: %s", url, attempt, error)
            return
        retry = deliver
        # The immediate backend runs tasks inside the editor's request: retry there without waiting.
        if deliver.get_backend().supports_defer:
            retry = deliver.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 1])
        retry.enqueue(url, body, attempt + 1)


def send(event, payload):
    """Post `event` and `payload` to each configured front-end, once the current transaction commits."""
    urls = getattr(settings, "POLE_WEBHOOK_URLS", [])
    if not urls:
        return
    body = json.dumps({"event": event, **payload, "occurred_at": timezone.now().isoformat()})

    def enqueue():
        for url in urls:
            deliver.enqueue(url, body)

    transaction.on_commit(enqueue, robust=True)


def page_payload(page):
    return {
        "type": page.specific_class._meta.model_name,
        "id": page.pk,
        "url_path": page.url_path,
        "url": page.get_full_url(),
    }


def snippet_payload(instance):
    return {"type": instance._meta.model_name, "id": instance.pk, "url_path": None, "url": None}


def page_was_published(sender, instance, **kwargs):
    send("page.published", page_payload(instance))


def page_was_unpublished(sender, instance, **kwargs):
    send("page.unpublished", page_payload(instance))


def page_was_deleted(sender, instance, **kwargs):
    send("page.deleted", page_payload(instance))


def snippet_was_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        send("snippet.saved", snippet_payload(instance))


def snippet_was_deleted(sender, instance, **kwargs):
    send("snippet.deleted", snippet_payload(instance))


def connect_signals():
    """Send the webhooks on Wagtail's and Django's signals; called from the app's `ready()`."""
    page_published.connect(page_was_published, dispatch_uid="pole_webhooks.page_published")
    page_unpublished.connect(page_was_unpublished, dispatch_uid="pole_webhooks.page_unpublished")
    # Deleting a page deletes one row of Page and one of its specific model: listen to Page only.
    post_delete.connect(page_was_deleted, sender=Page, dispatch_uid="pole_webhooks.page_deleted")
    for model in SNIPPET_MODELS:
        label = model._meta.label_lower
        post_save.connect(snippet_was_saved, sender=model, dispatch_uid=f"pole_webhooks.saved.{label}")
        post_delete.connect(snippet_was_deleted, sender=model, dispatch_uid=f"pole_webhooks.deleted.{label}")
