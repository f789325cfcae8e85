"""The directory import in the admin: upload, dry-run preview, all-or-nothing apply, progress, templates."""

import io
import re
from html import unescape

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from pole_directory.importing.jobs import STATE_RUNNING, ImportJob
from pole_directory.models import Organisation, Place
from tests.factories.directory import OrganisationFactory
from tests.spreadsheets import PLACE_HEADERS, csv_file, place_row, place_rows, without_column, xlsx_file

UPLOAD_URL = "directory_import:upload"


@pytest.fixture(autouse=True)
def import_root(settings, tmp_path):
    settings.POLE_IMPORT_ROOT = tmp_path / "imports"


def upload(client, content, filename="lieux.csv", kind="places"):
    file = io.BytesIO(content)
    file.name = filename
    return client.post(reverse(UPLOAD_URL), {"kind": kind, "file": file})


def html_of(response):
    return unescape(response.content.decode())


def token_of(response):
    return re.search(r"/([0-9a-f]{32})/", response.url).group(1)


def apply(client, token):
    return client.post(reverse("directory_import:apply", args=[token]))


@pytest.fixture
def reader_client(client, django_user_model):
    """Someone who may see and change places but not add them: not allowed to import."""
    group = Group.objects.create(name="Relecteurs")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_place"),
        Permission.objects.get(codename="change_place"),
    )
    user = django_user_model.objects.create_user(username="dominique", password="motdepasse")
    user.groups.add(group)
    client.force_login(user)
    return client


def test_place_listing_offers_an_import_button(editor_client):
    response = html_of(editor_client.get(reverse("wagtailsnippets_pole_directory_place:list")))

    assert f'href="{reverse(UPLOAD_URL)}?kind=places"' in response


def test_a_group_without_add_permission_may_not_import(reader_client):
    listing = reader_client.get(reverse("wagtailsnippets_pole_directory_place:list"))

    assert listing.status_code == 200
    assert reverse(UPLOAD_URL) not in html_of(listing)
    # Wagtail's admin answers a refusal with its home page and "you do not have permission".
    refused = [
        reader_client.get(reverse(UPLOAD_URL)),
        upload(reader_client, csv_file(PLACE_HEADERS, place_rows(1))),
        reader_client.get(reverse("directory_import:template", args=["places", "csv"])),
    ]
    assert [(response.status_code, response.url) for response in refused] == [
        (302, reverse("wagtailadmin_home"))
    ] * 3
    assert not Place.objects.exists()


def test_upload_shows_a_preview_and_writes_nothing(editor_client):
    response = upload(editor_client, csv_file(PLACE_HEADERS, place_rows(2)))

    assert response.status_code == 302
    html = html_of(editor_client.get(response.url))
    assert "<caption>Lieux du fichier « lieux.csv », ligne par ligne</caption>" in html
    assert html.count('data-status="new"') == 2
    assert "Appliquer l'import" in html
    assert not Place.objects.exists()


def test_apply_imports_the_kept_file_and_the_status_page_says_it_is_done(editor_client):
    token = token_of(upload(editor_client, csv_file(PLACE_HEADERS, place_rows(3))))

    response = apply(editor_client, token)

    assert response.status_code == 302
    assert Place.objects.count() == 3
    status = html_of(editor_client.get(response.url))
    assert 'data-state="done"' in status
    assert "L'import est terminé." in status
    assert 'http-equiv="refresh"' not in status


def test_preview_lists_each_error_and_offers_no_apply(editor_client):
    OrganisationFactory(name="Compagnie du Grand Large")
    rows = [
        place_row("La Halle Créative", organisation="Compagnie du Grand Large"),
        place_row("Hors carte", latitude="91"),
        place_row("La Halle Créative", organisation="Compagnie du Grand Large"),
        place_row("La Friche", organisation="Compagnie Fantôme"),
    ]
    token = token_of(upload(editor_client, csv_file(PLACE_HEADERS, rows)))

    html = html_of(editor_client.get(reverse("directory_import:preview", args=[token])))

    assert "91 est hors des limites : entre -90 et 90." in html
    assert "Doublon : la ligne 2 du fichier décrit déjà « La Halle Créative (Nantes) »." in html
    assert "Organisation inconnue : « Compagnie Fantôme »." in html
    assert html.count('data-status="error"') == 3
    assert "Appliquer l'import" not in html
    apply(editor_client, token)
    assert not Place.objects.exists()


def test_missing_column_is_shown_on_the_preview(editor_client):
    headers, rows = without_column("ville", PLACE_HEADERS, place_rows(1))
    token = token_of(upload(editor_client, csv_file(headers, rows)))

    html = html_of(editor_client.get(reverse("directory_import:preview", args=[token])))

    assert "Colonne obligatoire absente : « ville »." in html


def test_a_row_failing_at_apply_time_writes_nothing(editor_client):
    OrganisationFactory(name="Compagnie du Grand Large")
    rows = [*place_rows(3), place_row("La Halle Créative", organisation="Compagnie du Grand Large")]
    token = token_of(upload(editor_client, csv_file(PLACE_HEADERS, rows)))
    # The organisation disappears between the preview and the apply: its row now fails.
    Organisation.objects.all().delete()

    response = apply(editor_client, token)

    assert not Place.objects.exists()
    status = html_of(editor_client.get(response.url))
    assert 'data-state="failed"' in status
    assert "rien n'a été enregistré" in status
    assert "Organisation inconnue : « Compagnie du Grand Large »." in status


def test_reimporting_the_same_file_previews_unchanged_rows(editor_client):
    content = csv_file(PLACE_HEADERS, place_rows(3))
    apply(editor_client, token_of(upload(editor_client, content)))

    preview = html_of(editor_client.get(upload(editor_client, content).url))

    assert preview.count('data-status="unchanged"') == 3
    assert ">inchangé<" in preview
    assert Place.objects.count() == 3


def test_xlsx_uploads_import_like_csv(editor_client):
    token = token_of(upload(editor_client, xlsx_file(PLACE_HEADERS, place_rows(2)), filename="lieux.xlsx"))

    apply(editor_client, token)

    assert sorted(Place.objects.values_list("name", flat=True)) == ["Tiers-lieu n° 1", "Tiers-lieu n° 2"]


def test_two_thousand_rows_import_through_the_admin(editor_client):
    token = token_of(upload(editor_client, csv_file(PLACE_HEADERS, place_rows(2000))))
    preview = html_of(editor_client.get(reverse("directory_import:preview", args=[token])))
    assert preview.count('data-status="new"') == 2000

    status = html_of(editor_client.get(apply(editor_client, token).url))

    assert 'data-state="done"' in status
    assert Place.objects.count() == 2000


def test_status_page_shows_progress_and_refreshes_while_running(editor_client):
    token = token_of(upload(editor_client, csv_file(PLACE_HEADERS, place_rows(3))))
    ImportJob(token).write("status", {"state": STATE_RUNNING, "done": 1, "total": 3, "report": None})

    html = html_of(editor_client.get(reverse("directory_import:status", args=[token])))

    assert '<progress value="1" max="3">' in html
    assert "1 lignes traitées sur 3." in html
    assert '<meta http-equiv="refresh" content="2">' in html


def test_someone_else_cannot_see_an_upload(editor_client, superuser):
    token = token_of(upload(editor_client, csv_file(PLACE_HEADERS, place_rows(1))))
    other = Client()
    other.force_login(superuser)

    assert other.get(reverse("directory_import:preview", args=[token])).status_code == 404


@pytest.mark.parametrize("kind", ["people", "organisations", "places"])
def test_csv_template_has_the_documented_headers(editor_client, kind):
    response = editor_client.get(reverse("directory_import:template", args=[kind, "csv"]))

    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Disposition"] == f'attachment; filename="modele-import-{kind}.csv"'
    assert lines[0].split(";") == DOCUMENTED_HEADERS[kind]
    assert len(lines) == 2


def test_xlsx_template_has_the_documented_headers_and_imports_cleanly(editor_client):
    OrganisationFactory(name="Compagnie du Grand Large")
    response = editor_client.get(reverse("directory_import:template", args=["places", "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == DOCUMENTED_HEADERS["places"]

    apply(editor_client, token_of(upload(editor_client, response.content, filename="modele.xlsx")))

    assert Place.objects.get().name == "La Halle Créative"


DOCUMENTED_HEADERS = {
    "people": [
        "prénom",
        "nom",
        "fonction",
        "rôles",
        "structure",
        "présentation",
        "consentement",
        "courriel",
        "courriel public",
        "téléphone",
        "téléphone public",
    ],
    "organisations": [
        "nom",
        "type",
        "site web",
        "ville",
        "territoire",
        "adhérente",
        "année d'adhésion",
        "description",
    ],
    "places": [
        "nom",
        "type",
        "statut",
        "adresse",
        "code postal",
        "ville",
        "région",
        "pays",
        "latitude",
        "longitude",
        "site web",
        "structure",
        "description",
    ],
}


def test_import_is_in_the_directory_menu_for_editors_only(editor_client, reader_client, editor):
    assert reverse(UPLOAD_URL) not in html_of(reader_client.get(reverse("wagtailadmin_home")))
    editor_client.force_login(editor)

    assert reverse(UPLOAD_URL) in html_of(editor_client.get(reverse("wagtailadmin_home")))
