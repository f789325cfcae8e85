"""Choices as the API gives them: `{"value", "label"}`, the label in the request's language."""

from ninja import Schema
from pydantic import Field


class ChoiceOut(Schema):
    """A choice among fixed values."""

    value: str = Field(description="The stable value, for code (e.g. `ongoing`).")
    label: str = Field(description="Its label for people, in the request's language.")


def choice_of(choices, value):
    """`{"value", "label"}` of a TextChoices member, or None for an empty value."""
    return {"value": value, "label": str(choices(value).label)} if value else None
