"""Fields of Wagtail's API v2 (the pages' `api_fields`) that need more than the default serialisation.

Wagtail's defaults would give the primary key of every person a page points to; these fields give
a related record in the shape `/api/v1/` gives it (`pole_directory.schemas`): only the people who
may be shown, and only the pages a visitor may see.
"""

from rest_framework import serializers

from pole_directory.schemas import axis_out, organisation_ref, person_ref, person_refs, place_ref


class PublicPersonField(serializers.ReadOnlyField):
    """A person who may be shown, as in `/api/v1/`; null for anyone else."""

    def to_representation(self, person):
        return person_ref(person, self.context.get("request"))


class PublicPeopleField(serializers.ReadOnlyField):
    """A many-to-many of people, keeping only those who may be shown."""

    def to_representation(self, people):
        return person_refs(people.all(), self.context.get("request"))


class OrganisationField(serializers.ReadOnlyField):
    def to_representation(self, organisation):
        return organisation_ref(organisation)


class AxesField(serializers.ReadOnlyField):
    """A many-to-many of axes."""

    def to_representation(self, axes):
        return [axis_out(axis) for axis in axes.all()]


class PlaceSerializer(serializers.ReadOnlyField):
    """A place, as `/api/v1/` gives it next to an event."""

    def to_representation(self, place):
        return place_ref(place)


class LivePageField(serializers.ReadOnlyField):
    """A compact reference to a page, or null when a visitor may not see it (draft or private)."""

    def to_representation(self, page):
        if not page.live or page.get_view_restrictions().exists():
            return None
        return {"id": page.pk, "title": page.title, "url": page.get_full_url(self.context.get("request"))}


class ActionsField(serializers.ReadOnlyField):
    """The actions of a chantier with their owner (if they may be shown) and their target progress."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        # Imported here: the API modules import the models, which import this module.
        from .api.chantiers import action_out

        request = self.context.get("request")
        events = list(page.events.live().public())
        return [action_out(action, progress, request, events) for action, progress in page.action_progress()]
