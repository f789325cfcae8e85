"""French is the source language; English is shipped too, and each visitor gets their own."""

from pathlib import Path

import polib
import pytest
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


def catalogs():
    root = Path(__file__).resolve().parent.parent
    return sorted(
        [
            *root.glob("pole_*/locale/*/LC_MESSAGES/django.po"),
            *root.glob("site/pole_site/locale/*/LC_MESSAGES/django.po"),
        ]
    )


def test_every_app_ships_both_catalogs():
    assert {(path.parts[-5], path.parts[-3]) for path in catalogs()} == {
        (app, language)
        for app in ("pole_core", "pole_directory", "pole_pages", "pole_forms", "pole_members", "pole_site")
        for language in ("fr", "en")
    }


@pytest.mark.parametrize("path", catalogs(), ids=lambda path: f"{path.parts[-5]}-{path.parts[-3]}")
def test_catalogs_are_complete_and_compiled(path):
    """No untranslated or fuzzy entry, and the shipped .mo holds exactly the .po's translations."""
    po = polib.pofile(str(path))
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    mo = polib.mofile(str(path.with_suffix(".mo")))
    assert {entry.msgid: entry.msgstr for entry in mo if not entry.msgid_plural} == {
        entry.msgid: entry.msgstr for entry in po.translated_entries() if not entry.msgid_plural
    }


@pytest.mark.parametrize("path", catalogs(), ids=lambda path: f"{path.parts[-5]}-{path.parts[-3]}")
def test_catalogs_are_utf8_so_the_gettext_tools_keep_accents(path):
    """Without the header's charset, msgattrib and msgen read the catalog as ASCII and drop every
    accented letter (« Français » became « Franais »)."""
    po = polib.pofile(str(path))
    assert po.metadata.get("Content-Type") == "text/plain; charset=UTF-8"
    assert po.metadata.get("Language") == path.parts[-3]
