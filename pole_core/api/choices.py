"""Choices as the API gives them: `{"value", "label"}`, the label in the request's language."""

from ninja import Schema


class ChoiceOut(Schema):
    value: str
    label: str


def choice_of(choices, value):
    """`{"value", "label"}` of a TextChoices member, or None for an empty value."""
    return {"value": value, "label": str(choices(value).label)} if value else None
