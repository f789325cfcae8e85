"""Rows stored before the API refused control characters and lone surrogates still show and export.

The rows are written directly, as an older version of the site stored them.
"""

import pytest
from django.urls import reverse

from pole_forms.models import Submission
from tests.factories.forms import SubmissionFactory
from tests.pole_forms.test_review import exported_rows, listing_html

pytestmark = pytest.mark.django_db

# A lone surrogate and a control character that XLSX files cannot hold; a tab and a line break they can.
OLD_THEME = "Mobilit\ud800é\x07 douce"
OLD_DESCRIPTION = "Ligne 1\n\tLigne 2\x1b"


@pytest.fixture
def old_submission(consultation):
    submission = SubmissionFactory(page=consultation, email="lou@exemple.fr")
    Submission.objects.filter(pk=submission.pk).update(
        form_data={**submission.form_data, "theme_propose": OLD_THEME, "description": OLD_DESCRIPTION}
    )
    return submission


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_escapes_what_old_rows_hold(superuser_client, consultation, old_submission, export_format):
    header, row = exported_rows(superuser_client, consultation, export_format)

    assert row[header.index("Thème proposé")] == "Mobilit\\ud800é\\u0007 douce"
    assert row[header.index("Description")] == "Ligne 1\n\tLigne 2\\u001b"


def test_listing_shows_old_rows_escaped(superuser_client, consultation, old_submission):
    html = listing_html(superuser_client, consultation)

    assert "Mobilit\\ud800é\\u0007 douce" in html


def test_review_page_shows_old_rows_escaped(superuser_client, consultation, old_submission):
    response = superuser_client.get(reverse("pole_forms:review", args=(consultation.pk, old_submission.pk)))

    assert response.status_code == 200
    assert "Mobilit\\ud800é\\u0007 douce" in response.content.decode()
