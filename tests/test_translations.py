"""French is the source language; English is shipped too, and each visitor gets their own."""

from django.utils import translation

from pole_directory.models import PlaceKind
from pole_pages.lifecycle import ChantierStatus


def test_labels_are_french_by_default(settings):
    with translation.override(settings.LANGUAGE_CODE):
        assert str(ChantierStatus.CALL_FOR_PARTICIPATION.label) == "Appel à participation"


def test_labels_have_an_english_translation():
    with translation.override("en"):
        assert str(ChantierStatus.CALL_FOR_PARTICIPATION.label) == "Call for participation"
        assert str(PlaceKind.SHARED_KITCHEN.label) == "Shared kitchen"
