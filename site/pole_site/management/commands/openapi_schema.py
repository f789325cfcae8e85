import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from pole_site.api import api


def openapi_document():
    """The OpenAPI document of /api/v1/ as stable text (sorted keys, two-space indents, UTF-8 kept),
    in the site's language: the form of the snapshot tests/api/openapi.json."""
    with translation.override(settings.LANGUAGE_CODE):
        schema = api.get_openapi_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Écrit le document OpenAPI de /api/v1/, sur la sortie standard ou dans le fichier --output."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Fichier à écrire (par exemple tests/api/openapi.json).")

    def handle(self, *args, output=None, **options):
        document = openapi_document()
        if output:
            Path(output).write_text(document, encoding="utf-8")
        else:
            self.stdout.write(document, ending="")
