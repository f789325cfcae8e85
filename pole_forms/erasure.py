"""Erasing a person: their submissions, their directory card and photo, and their traces in the
revisions of pages and snippets and in the audit log.

The `erase_person` command erases by email address; « Mon espace » erases an account's data
(`erase_account_data`) before deleting the account. Both get an `ErasureReport` of what went.
"""

import json
import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Collection, ModelLogEntry, PageLogEntry, ReferenceIndex, Revision, RevisionMixin
from wagtail.snippets.blocks import SnippetChooserBlock

from pole_directory.models import Person

from .models import Submission

#: What replaces the person's name or email in revisions and audit log labels.
ERASED_LABEL = _("Personne effacée")

#: The collection of the photos members upload to their card.
PORTRAITS_COLLECTION = "Trombinoscope"


@dataclass
class ErasureReport:
    """What an erasure removed: counts, and one French line per removed record for the operator."""

    lines: list = field(default_factory=list)
    submissions: int = 0
    people: int = 0
    photos: int = 0
    revisions: int = 0
    log_entries: int = 0

    def __bool__(self):
        return bool(self.submissions or self.people or self.photos or self.revisions or self.log_entries)


def erase_person(email):
    """Erase what the site keeps about the person with this email address."""
    return _erase(
        submissions=Submission.objects.of_person(email),
        people=Person.objects.filter(email__iexact=email),
        texts=[email],
    )


def erase_account_data(user, emails):
    """Erase what the site keeps about the owner of `user`: what `erase_person` erases for each of
    `emails` (the account's verified addresses), plus the submissions made with the account and the
    card linked to it. The account itself is the caller's to delete."""
    submissions = reduce(
        or_, (Q(pk__in=Submission.objects.of_person(email)) for email in emails), Q(user=user)
    )
    people = reduce(or_, (Q(email__iexact=email) for email in emails), Q(account=user))
    return _erase(
        submissions=Submission.objects.filter(submissions),
        people=Person.objects.filter(people),
        texts=list(emails),
    )


def _erase(*, submissions, people, texts):
    report = ErasureReport()
    with transaction.atomic():
        people = list(people.select_related("photo"))
        person_ids = {person.pk for person in people}
        texts = [*texts, *(person.email for person in people), *(person.full_name for person in people)]
        texts = sorted({text for text in texts if text}, key=len, reverse=True)
        report.revisions = scrub_revisions(person_ids, texts)
        report.log_entries = scrub_log_entries(person_ids, texts)

        for submission in submissions.select_related("page"):
            report.lines.append(
                gettext("Réponse n° %(id)s à « %(form)s » supprimée.")
                % {"id": submission.pk, "form": submission.page.title}
            )
        report.submissions = submissions.delete()[1].get(Submission._meta.label, 0)

        for person in people:
            report.lines.append(
                gettext("Fiche de « %(name)s » supprimée de l'annuaire.") % {"name": person.full_name}
            )
        Person.objects.filter(pk__in=person_ids).delete()
        report.people = len(people)
        for person in people:
            if person.photo is not None and discard_portrait(person.photo):
                report.photos += 1
                report.lines.append(gettext("Photo de « %(name)s » supprimée.") % {"name": person.full_name})

        if report.revisions:
            report.lines.append(
                gettext("%(count)s révision(s) de pages nettoyée(s).") % {"count": report.revisions}
            )
        if report.log_entries:
            report.lines.append(
                gettext("%(count)s entrée(s) du journal anonymisée(s).") % {"count": report.log_entries}
            )
    return report


# Photos


def portraits_collection():
    """The « Trombinoscope » collection of members' photos, created under the root on first use."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=PORTRAITS_COLLECTION).first()
    return collection or root.add_child(name=PORTRAITS_COLLECTION)


def discard_portrait(image, keep_for=None):
    """Delete `image` if it is a member's upload (in the « Trombinoscope » collection) that no card
    other than `keep_for` and no page uses; True if it was deleted. Other images are the team's."""
    if image.collection.name != PORTRAITS_COLLECTION or image.collection.depth != 2:
        return False
    others = Person.objects.filter(photo=image)
    if keep_for is not None:
        others = others.exclude(pk=keep_for.pk)
    references = ReferenceIndex.get_references_to(image).exclude(
        base_content_type=ContentType.objects.get_for_model(Person)
    )
    if others.exists() or references.exists():
        return False
    get_image_model().objects.filter(pk=image.pk).delete()
    return True


# Revisions


def scrub_revisions(person_ids, texts):
    """Remove the people `person_ids` and the `texts` (their names, emails) from every stored revision.

    A working-group row of the person is dropped, a reference to them (a chooser, a many-to-many)
    emptied, and a text holding a name or an email gets « Personne effacée » in its place, in the
    model's fields as in its StreamFields. Returns the number of revisions changed.
    """
    references = {
        content_type.pk: person_references(content_type.model_class())
        for content_type in ContentType.objects.get_for_models(*revisioned_models()).values()
    }
    referencing = [pk for pk, refs in references.items() if refs and person_ids]
    found = Q(content_type__in=referencing) if referencing else Q(pk__in=[])
    for text in texts:
        found |= Q(content__icontains=text) | Q(content__icontains=json.dumps(text)[1:-1])
    pattern = _texts_pattern(texts)
    changed = 0
    for revision in Revision.objects.filter(found).iterator():
        refs = references.get(revision.content_type_id) or PersonReferences()
        content = _scrub_content(revision.content, refs, person_ids, pattern)
        if content != revision.content:
            Revision.objects.filter(pk=revision.pk).update(content=content)
            changed += 1
    return changed


def revisioned_models():
    return [model for model in apps.get_models() if issubclass(model, RevisionMixin)]


@dataclass
class PersonReferences:
    """Where a model's serialised content names a Person: field names, by kind."""

    foreign_keys: list = field(default_factory=list)
    many_to_many: list = field(default_factory=list)
    # Child relation name → names of its rows' fields pointing to a Person.
    child_rows: dict = field(default_factory=dict)
    # StreamField name → names of blocks choosing a Person.
    stream_blocks: dict = field(default_factory=dict)

    def __bool__(self):
        return bool(self.foreign_keys or self.many_to_many or self.child_rows or self.stream_blocks)


def person_references(model):
    """The fields of `model` (and of its child rows and stream blocks) that point to a Person."""
    refs = PersonReferences()
    for model_field in model._meta.get_fields():
        if isinstance(model_field, ParentalManyToManyField) and model_field.related_model is Person:
            refs.many_to_many.append(model_field.name)
        elif isinstance(model_field, models.ForeignKey) and model_field.related_model is Person:
            refs.foreign_keys.append(model_field.name)
        elif isinstance(model_field, StreamField):
            names = _person_block_names(model_field.stream_block)
            if names:
                refs.stream_blocks[model_field.name] = names
    for relation in get_all_child_relations(model):
        row_fields = [
            row_field.name
            for row_field in relation.related_model._meta.get_fields()
            if isinstance(row_field, models.ForeignKey) and row_field.related_model is Person
        ]
        if row_fields:
            refs.child_rows[relation.get_accessor_name()] = row_fields
    return refs


def _person_block_names(block, name=None, found=None):
    found = set() if found is None else found
    if isinstance(block, SnippetChooserBlock) and block.target_model is Person:
        found.add(name)
    for child_name, child in getattr(block, "child_blocks", {}).items():
        _person_block_names(child, child_name, found)
    child = getattr(block, "child_block", None)
    if child is not None:
        _person_block_names(child, name, found)
    return found


def _scrub_content(content, refs, person_ids, pattern):
    content = dict(content)
    for name in refs.foreign_keys:
        if content.get(name) in person_ids:
            content[name] = None
    for name in refs.many_to_many:
        if isinstance(content.get(name), list):
            content[name] = [pk for pk in content[name] if pk not in person_ids]
    for name, row_fields in refs.child_rows.items():
        if isinstance(content.get(name), list):
            content[name] = [
                row
                for row in content[name]
                if not any(row.get(row_field) in person_ids for row_field in row_fields)
            ]
    for name, value in content.items():
        if isinstance(value, str) and value.startswith("["):
            try:
                stream = json.loads(value)
            except ValueError:
                stream = None
            if isinstance(stream, list):
                scrubbed = _scrub_value(stream, refs.stream_blocks.get(name, set()), person_ids, pattern)
                if scrubbed != stream:
                    content[name] = json.dumps(scrubbed)
                continue
        content[name] = _scrub_value(value, set(), person_ids, pattern)
    return content


def _scrub_value(value, block_names, person_ids, pattern):
    if isinstance(value, dict):
        return {
            key: None
            if key in block_names and item in person_ids
            else _scrub_value(item, block_names, person_ids, pattern)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrub_value(item, block_names, person_ids, pattern) for item in value]
    if isinstance(value, str) and pattern is not None:
        return pattern.sub(str(ERASED_LABEL), value)
    return value


def _texts_pattern(texts):
    if not texts:
        return None
    return re.compile("|".join(re.escape(text) for text in texts), re.IGNORECASE)


# Audit log


def scrub_log_entries(person_ids, texts):
    """Anonymise the audit log entries about the people (`person_ids`) or labelled with their name:
    the label becomes « Personne effacée », and `data` holding a name or an email is emptied.
    Returns the number of entries changed."""
    person_type = ContentType.objects.get_for_model(Person)
    changed = 0
    for model in (ModelLogEntry, PageLogEntry):
        about = Q(label__in=texts) if texts else Q(pk__in=[])
        if model is ModelLogEntry and person_ids:
            about |= Q(content_type=person_type, object_id__in=[str(pk) for pk in person_ids])
        holding = Q(pk__in=[])
        for text in texts:
            holding |= Q(data__icontains=text) | Q(data__icontains=json.dumps(text)[1:-1])
        about_ids = set(model.objects.filter(about).values_list("pk", flat=True))
        holding_ids = set(model.objects.filter(holding).values_list("pk", flat=True))
        model.objects.filter(pk__in=about_ids).update(label=str(ERASED_LABEL))
        model.objects.filter(pk__in=holding_ids).update(data={})
        changed += len(about_ids | holding_ids)
    return changed
