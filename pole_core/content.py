"""“Content changed”: one signal whenever something the public sees changes, and batches of changes.

What is watched, in this one module:

- pages: published, unpublished, moved or deleted through Wagtail, and live pages saved by code
  (imports, scripts), which get no publish signal;
- the rows of the models listed by ``watched_models()``: saved or deleted.

Each change is sent as ``content_changed`` with ``changes``, a list of `Change`. Outside a batch,
the list holds the one change and is sent at once. Code writing many records (the directory
import) runs in ``with content_batch():`` and the signal is sent once, at the end of the block,
with every change made in it, and only if the transaction commits.

The API cache (`pole_core.cache`), the cache in front (`pole_core.frontend_cache`) and the webhooks
(`pole_core.webhooks`) receive the signal; they are connected in `PoleCoreConfig.ready()`.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

#: Sent with ``changes``, a list of `Change`, in the order they were made, each change once.
content_changed = Signal()

PAGE_PUBLISHED = "page.published"
PAGE_UNPUBLISHED = "page.unpublished"
PAGE_MOVED = "page.moved"
PAGE_DELETED = "page.deleted"
SNIPPET_SAVED = "snippet.saved"
SNIPPET_DELETED = "snippet.deleted"

DISPATCH_UID = "pole_core.content"


@dataclass(frozen=True)
class Change:
    """What happened (`event`) to which record (`instance`, a page for the ``page.*`` events)."""

    event: str
    instance: models.Model = field(compare=False, repr=False)
    # Kept apart from the instance: Django clears the primary key of a deleted instance.
    id: object

    @property
    def is_page(self):
        return self.event.startswith("page.")

    @property
    def key(self):
        """Two changes with the same key are the same change."""
        return (self.event, "page" if self.is_page else self.instance._meta.label_lower, self.id)

    def as_dict(self, cache_object=None):
        """The change as the webhooks post it: event, type, id, and for a page its url_path and url.

        `cache_object` goes to `Page.get_full_url` as its `request`, on which Wagtail keeps the
        sites' root paths.
        """
        if self.is_page:
            page = self.instance
            return {
                "event": self.event,
                "type": page.specific_class._meta.model_name,
                "id": self.id,
                "url_path": page.url_path,
                "url": page.get_full_url(cache_object),
            }
        return {
            "event": self.event,
            "type": self.instance._meta.model_name,
            "id": self.id,
            "url_path": None,
            "url": None,
        }


class _Batch:
    """The changes of one `content_batch()` block, kept as their transaction commits."""

    def __init__(self):
        self.recorded = False
        self.changes = {}

    def add(self, change):
        self.recorded = True
        # Runs at once outside a transaction; dropped with a rolled-back transaction or savepoint.
        transaction.on_commit(partial(self._keep, change))

    def _keep(self, change):
        # A record changed twice keeps its first place and its latest instance.
        self.changes[change.key] = change

    def close(self):
        if not self.recorded:
            return
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(self.send)
        else:
            self.send()

    def send(self):
        if self.changes:
            content_changed.send(sender=None, changes=list(self.changes.values()))


_batch = ContextVar("pole_content_batch", default=None)


@contextmanager
def content_batch():
    """Send one ``content_changed`` for all the changes made in this block by this thread.

    The signal goes at the end of the block, or once the transaction around it commits; not at
    all if nothing changed or if the transaction is rolled back. A batch inside a batch joins it.
    Other threads and requests send their changes as usual meanwhile.
    """
    if _batch.get() is not None:
        yield
        return
    batch = _Batch()
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
        batch.close()


def record_change(event, instance):
    """Report that `instance` changed (`event`, e.g. ``snippet.saved``): now, or with the current batch.

    The model signals call it for the watched models; code changing content without them (a
    queryset `update()`) calls it itself.
    """
    change = Change(event, instance, instance.pk)
    batch = _batch.get()
    if batch is None:
        content_changed.send(sender=None, changes=[change])
    else:
        batch.add(change)


def watched_models():
    """The models, besides pages, whose rows the public sees.

    ``POLE_CONTENT_MODELS`` (a list of ``"app_label.Model"``) replaces the default: the directory
    snippets, the network settings, the image and document models, sites, and the view restrictions
    of pages and collections (a page made private must leave every cache at once). Models of apps
    that are not installed are skipped, so that each app works without the others.
    """
    labels = getattr(settings, "POLE_CONTENT_MODELS", None)
    if labels is None:
        labels = (
            "pole_directory.Person",
            "pole_directory.Organisation",
            "pole_directory.Place",
            "pole_directory.Axis",
            "pole_pages.NetworkSettings",
            get_image_model_string(),
            get_document_model_string(),
            "wagtailcore.Site",
            "wagtailcore.PageViewRestriction",
            "wagtailcore.CollectionViewRestriction",
        )
    found = []
    for label in labels:
        app_label, model_name = label.split(".")
        try:
            app_config = apps.get_app_config(app_label)
        except LookupError:
            continue
        found.append(app_config.get_model(model_name))
    return found


def connect():
    """Connect the model and page signals that report changes; called by `PoleCoreConfig.ready()`."""
    from wagtail.models import Page, get_page_models

    for model in watched_models():
        post_save.connect(_saved, sender=model, dispatch_uid=DISPATCH_UID)
        post_delete.connect(_deleted, sender=model, dispatch_uid=DISPATCH_UID)
    page_published.connect(_page_published, dispatch_uid=DISPATCH_UID)
    page_unpublished.connect(_page_unpublished, dispatch_uid=DISPATCH_UID)
    pre_page_move.connect(_page_moving, dispatch_uid=DISPATCH_UID)
    post_page_move.connect(_page_moved, dispatch_uid=DISPATCH_UID)
    # Deleting a page deletes one row of Page and one of its specific model: listen to Page only.
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid=DISPATCH_UID)
    for model in get_page_models():
        post_save.connect(_page_saved, sender=model, dispatch_uid=DISPATCH_UID)


def _saved(sender, instance, **kwargs):
    record_change(SNIPPET_SAVED, instance)


def _deleted(sender, instance, **kwargs):
    record_change(SNIPPET_DELETED, instance)


# Publishing saves the live page, then sends `page_published` with that same object; moving saves
# it between `pre_page_move` and `post_page_move`. Each is reported once, as what it is.
_RECORDED_BY_SAVE = "_pole_change_recorded_by_save"
_moving = ContextVar("pole_page_moving", default=None)


def _page_saved(sender, instance, update_fields=None, **kwargs):
    # Pages created or edited by code (imports, scripts) are live without a publish signal; saving
    # a draft revision only updates bookkeeping fields (`update_fields`) and changes nothing public.
    if not instance.live or update_fields is not None:
        return
    if _moving.get() == (instance.pk, instance.url_path):
        _moving.set(None)
        return
    record_change(PAGE_PUBLISHED, instance)
    setattr(instance, _RECORDED_BY_SAVE, True)


def _page_published(sender, instance, **kwargs):
    if not instance.__dict__.pop(_RECORDED_BY_SAVE, False):
        record_change(PAGE_PUBLISHED, instance)


def _page_unpublished(sender, instance, **kwargs):
    record_change(PAGE_UNPUBLISHED, instance)


def _page_moving(sender, instance, url_path_after, **kwargs):
    _moving.set((instance.pk, url_path_after))


def _page_moved(sender, instance, **kwargs):
    _moving.set(None)
    record_change(PAGE_MOVED, instance)


def _page_deleted(sender, instance, **kwargs):
    record_change(PAGE_DELETED, instance)
