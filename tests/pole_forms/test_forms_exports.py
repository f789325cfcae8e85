"""Rows stored before the API refused control characters and lone surrogates still show and export.

The rows are written directly, as an older version of the site stored them.
"""

import pytest
from django.db import connection
from django.urls import reverse

from pole_forms.models import Submission
from tests.factories.forms import SubmissionFactory
from tests.pole_forms.test_review import exported_rows, listing_html

pytestmark = pytest.mark.django_db

OLD_DESCRIPTION = "Ligne 1\n\tLigne 2\x1b"


@pytest.fixture
def old_theme():
    """A control character that XLSX files cannot hold, and on SQLite a lone surrogate (PostgreSQL's
    jsonb refused such a row, so no old row holds one there): (as stored, as shown)."""
    surrogate = ("\ud800", "\\ud800") if connection.vendor == "sqlite" else ("", "")
    return f"Mobilit{surrogate[0]}é\x07 douce", f"Mobilit{surrogate[1]}é\\u0007 douce"


@pytest.fixture
def old_submission(consultation, old_theme):
    submission = SubmissionFactory(page=consultation, email="lou@exemple.fr")
    stored_theme, _shown = old_theme
    Submission.objects.filter(pk=submission.pk).update(
        form_data={**submission.form_data, "theme_propose": stored_theme, "description": OLD_DESCRIPTION}
    )
    return submission


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_escapes_what_old_rows_hold(
    superuser_client, consultation, old_submission, old_theme, export_format
):
    header, row = exported_rows(superuser_client, consultation, export_format)

    assert row[header.index("Thème proposé")] == old_theme[1]
    assert row[header.index("Description")] == "Ligne 1\n\tLigne 2\\u001b"


def test_listing_shows_old_rows_escaped(superuser_client, consultation, old_submission, old_theme):
    html = listing_html(superuser_client, consultation)

    assert old_theme[1] in html


def test_review_page_shows_old_rows_escaped(superuser_client, consultation, old_submission, old_theme):
    response = superuser_client.get(reverse("pole_forms:review", args=(consultation.pk, old_submission.pk)))

    assert response.status_code == 200
    assert old_theme[1] in response.content.decode()
