"""Search and reference indexes during an import: paused per row, then brought up to date once.

Saving a snippet updates Wagtail's search index and reference index, one task per save; with the
immediate task backend (and SQLite's title norms, recomputed on each insert) a 2,000-row import
spent most of its time there. The import pauses both while it runs and indexes what it saved in
one bulk call afterwards. The dry run, rolled back anyway, indexes nothing.
"""

from contextlib import ExitStack, contextmanager

from django.db.models import prefetch_related_objects
from django.db.models.signals import post_save
from modelcluster.models import ClusterableModel, get_all_child_relations
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def search_index_paused(model):
    # Disconnecting is process-wide: a save of the same model by another thread of this process
    # during the import is indexed by the bulk call only if the import saved it too. Imports run
    # in the task worker in production, where nothing else saves snippets meanwhile.
    disconnected = post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=model)


@contextmanager
def indexing_paused(model):
    with ExitStack() as stack:
        stack.enter_context(search_index_paused(model))
        stack.enter_context(disable_reference_index_auto_update())
        yield


#: Records whose child relations (a place's labels) are read in one query for the reference index.
PREFETCH_BATCH = 500


def index_saved(model, instances):
    """Index `instances` (created or updated by an import) for search and for "usage" listings."""
    if not instances:
        return
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, instances)
    if ReferenceIndex.is_indexed(model):
        # Wagtail reads the references of one record at a time, child relations included: reading
        # those in batches leaves one query per record (its existing references).
        child_relations = (
            [relation.get_accessor_name() for relation in get_all_child_relations(model)]
            if issubclass(model, ClusterableModel)
            else []
        )
        for start in range(0, len(instances), PREFETCH_BATCH):
            batch = instances[start : start + PREFETCH_BATCH]
            if child_relations:
                prefetch_related_objects(batch, *child_relations)
            for instance in batch:
                ReferenceIndex.create_or_update_for_object(instance)
