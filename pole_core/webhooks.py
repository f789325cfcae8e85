"""Webhooks: tell the front-ends what changed, so that a static site rebuilds it.

Each ``content_changed`` signal (see `pole_core.content`) posts one JSON body to every URL of the
``POLE_WEBHOOK_URLS`` setting. One change (a page published, a person saved) is described alone::

    {"event": "page.published", "type": "chantierpage", "id": 12,
     "url_path": "/accueil/chantiers/mobilite/", "url": "https://…/chantiers/mobilite/",
     "occurred_at": "2025-03-14T09:30:00+00:00"}

Several changes sent at once (a batch: the directory import) are listed in one body, each
described as above without ``occurred_at``::

    {"event": "batch", "changes": [{"event": "snippet.saved", "type": "place", "id": 3,
     "url_path": null, "url": null}, …], "occurred_at": "2025-03-14T09:30:00+00:00"}

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
from types import SimpleNamespace

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .tasks import deferred

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Pole-Signature"
TIMEOUT_SECONDS = 5
MAX_ATTEMPTS = 3
# The wait before the second and the third attempt, when the task backend can defer a task.
RETRY_DELAYS = (timedelta(seconds=30), timedelta(minutes=5))
BATCH_EVENT = "batch"


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
        # The immediate backend runs tasks inside the editor's request: retry there without waiting.
        retry = deferred(deliver, timezone.now() + RETRY_DELAYS[attempt - 1]) or deliver
        retry.enqueue(url, body, attempt + 1)


def body_of(changes):
    """The JSON body describing `changes`: the one change, or a batch of several."""
    # Read the sites' root paths once per body, and keep them off the pages: Wagtail would cache
    # them there, though the caller may still attach a page to another site.
    cache_object = SimpleNamespace()
    described = [change.as_dict(cache_object) for change in changes]
    occurred_at = timezone.now().isoformat()
    if len(described) == 1:
        return json.dumps({**described[0], "occurred_at": occurred_at})
    return json.dumps({"event": BATCH_EVENT, "changes": described, "occurred_at": occurred_at})


def send_changes(sender, changes, **kwargs):
    """Receiver of ``content_changed``: post `changes` to each front-end once the transaction commits."""
    urls = getattr(settings, "POLE_WEBHOOK_URLS", [])
    if not urls:
        return
    body = body_of(changes)

    def enqueue():
        for url in urls:
            deliver.enqueue(url, body)

    transaction.on_commit(enqueue, robust=True)
