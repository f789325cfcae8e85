"""The OpenAPI document of /api/v1/ is the saved one: a change of the public contract is deliberate."""

import difflib
import io
from pathlib import Path

import pytest
from django.core.management import call_command

SNAPSHOT = Path(__file__).with_name("openapi.json")


def test_openapi_document_is_the_saved_snapshot():
    output = io.StringIO()
    call_command("openapi_schema", stdout=output)
    current, saved = output.getvalue(), SNAPSHOT.read_text(encoding="utf-8")
    if current != saved:
        diff = difflib.unified_diff(
            saved.splitlines(), current.splitlines(), "saved", "current", lineterm="", n=2
        )
        pytest.fail(
            "The OpenAPI document differs from tests/api/openapi.json. If the change is deliberate, run "
            "`make openapi` and commit the file with it.\n" + "\n".join(list(diff)[:80]),
            pytrace=False,
        )
