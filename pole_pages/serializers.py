"""Fields of Wagtail's API v2 (the pages' `api_fields`) that need more than the default serialisation.

Wagtail's defaults would give the primary key of every person a page points to; these fields give
only the people who consented to publication, and only the pages a visitor may see.
"""

from rest_framework import serializers

from pole_directory.models import Axis, Place


def directory_api():
    """The directory's API module, imported on use: it builds FilterSets, which need every model loaded."""
    from pole_directory import api

    return api


class PublicPersonField(serializers.Field):
    """A person who consented to publication, as in `/api/v1/`; null for anyone else."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, person):
        return directory_api().person_ref(person, self.context.get("request"))


class PublicPeopleField(PublicPersonField):
    """A many-to-many of people, keeping only those who consented to publication."""

    def to_representation(self, people):
        request, person_ref = self.context.get("request"), directory_api().person_ref
        return [ref for ref in (person_ref(person, request) for person in people.all()) if ref]


class OrganisationField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, organisation):
        return directory_api().organisation_ref(organisation)


class LivePageField(serializers.Field):
    """A compact reference to a page, or null when a visitor may not see it (draft or private)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, page):
        if not page.live or page.get_view_restrictions().exists():
            return None
        return {"id": page.pk, "title": page.title, "url": page.get_full_url(self.context.get("request"))}


class ActionsField(serializers.Field):
    """The actions of a chantier with their owner (if they consented) and their target progress."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, page):
        # Imported here: the API modules import the models, which import this module.
        from .api.chantiers import action_out

        request = self.context.get("request")
        events = list(page.events.live().public())
        return [action_out(action, progress, request, events) for action, progress in page.action_progress()]


class AxisSerializer(serializers.ModelSerializer):
    class Meta:
        model = Axis
        fields = ["id", "name", "slug", "description", "colour", "sort_order"]


class PlaceSerializer(serializers.ModelSerializer):
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()

    class Meta:
        model = Place
        fields = [
            "id",
            "name",
            "slug",
            "street_address",
            "postal_code",
            "address_locality",
            "latitude",
            "longitude",
        ]
