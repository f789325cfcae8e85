"""Import of people, organisations and places: the resources, the dry run, the per-row report, the command."""

import threading
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from pole_core import cache as api_cache
from pole_core.content import SNIPPET_SAVED, content_batch, record_change
from pole_directory.importing.runner import run_import
from pole_directory.models import Organisation, Person, Place
from tests.factories.directory import OrganisationFactory, PersonFactory, PlaceFactory
from tests.spreadsheets import PLACE_HEADERS, csv_file, place_row, place_rows, without_column, xlsx_file

pytestmark = pytest.mark.django_db

# Most queries of a dry run over rows already imported, whatever their number.
REIMPORT_MAX_QUERIES = 5


def import_places(rows, headers=PLACE_HEADERS, dry_run=False, filename="lieux.csv"):
    return run_import("places", csv_file(headers, rows), filename, dry_run=dry_run)


def errors_of(report, line):
    row = next(row for row in report["rows"] if row["line"] == line)
    return {error["column"]: error["messages"] for error in row["errors"]}


def test_places_are_created_with_french_labels_and_decimal_commas():
    OrganisationFactory(name="Compagnie du Grand Large")
    report = import_places([place_row("La Halle Créative", organisation="compagnie du grand large")])

    assert report["counts"]["new"] == 1
    place = Place.objects.get(name="La Halle Créative")
    assert (place.kind, place.status) == ("cultural", "open")
    assert (place.latitude, place.longitude) == (Decimal("47.206500"), Decimal("-1.552400"))
    assert place.organisation.name == "Compagnie du Grand Large"
    assert place.address_country == "FR"


def test_choice_values_are_accepted_as_well_as_labels():
    import_places([place_row("Le Garage Numérique", type="living_lab", statut="project")])

    assert Place.objects.get().kind == "living_lab"
    assert Place.objects.get().status == "project"


def test_dry_run_writes_nothing():
    report = import_places(place_rows(3), dry_run=True)

    assert report["counts"]["new"] == 3
    assert not Place.objects.exists()


def test_missing_column_is_a_file_error_naming_it():
    headers, rows = without_column("latitude", PLACE_HEADERS, place_rows(2))

    report = import_places(rows, headers=headers)

    assert report["file_errors"] == ["Colonne obligatoire absente : « latitude »."]
    assert report["rows"] == []
    assert not Place.objects.exists()


def test_headers_are_recognised_whatever_their_case_and_accents():
    headers = [
        "Nom",
        "TYPE",
        "Statut",
        "Adresse",
        "Code Postal",
        "Ville",
        "Latitude",
        "Longitude",
        "Structure",
    ]

    report = import_places([place_row("La Friche")], headers=headers)

    assert report["file_errors"] == []
    assert Place.objects.get().postal_code == "44200"


def test_unknown_columns_are_reported_and_ignored():
    report = import_places([[*place_row("La Friche"), "x"]], headers=[*PLACE_HEADERS, "commentaire"])

    assert report["warnings"] == ["Colonne ignorée : « commentaire »."]
    assert Place.objects.count() == 1


def test_bad_coordinates_are_errors_on_their_column():
    report = import_places(
        [place_row("Hors carte", latitude="97,5"), place_row("Illisible", longitude="ouest")], dry_run=True
    )

    assert errors_of(report, 2) == {"latitude": ["97,5 est hors des limites : entre -90 et 90."]}
    assert errors_of(report, 3) == {
        "longitude": ["« ouest » n'est pas un nombre décimal, par exemple 47,218371."]
    }


def test_missing_required_value_is_an_error_on_its_column():
    report = import_places([place_row("Sans ville", city="")], dry_run=True)

    assert errors_of(report, 2)["ville"] == ["Ce champ ne peut pas être vide."]


def test_duplicate_rows_in_the_file_are_errors():
    report = import_places(
        [place_row("La Friche"), place_row("La Scène du Port"), place_row("la friche ")], dry_run=True
    )

    assert errors_of(report, 4) == {
        "nom": ["Doublon : la ligne 2 du fichier décrit déjà « la friche (Nantes) »."]
    }
    assert [row["status"] for row in report["rows"]] == ["new", "new", "error"]


def test_same_name_in_another_town_is_another_place():
    import_places([place_row("Le Jardin", city="Nantes"), place_row("Le Jardin", city="Angers")])

    assert Place.objects.filter(name="Le Jardin").count() == 2


def test_unknown_organisation_is_an_error_on_its_row():
    report = import_places([place_row("La Friche", organisation="Compagnie Fantôme")], dry_run=True)

    assert errors_of(report, 2) == {
        "structure": [
            "Organisation inconnue : « Compagnie Fantôme ». Créez-la d'abord, ou importez les organisations."
        ]
    }


def test_invalid_choice_lists_the_possible_ones():
    report = import_places([place_row("La Friche", statut="Rénové")], dry_run=True)

    assert errors_of(report, 2)["statut"] == [
        "« Rénové » n'est pas un choix possible. Choix possibles : En projet, Ouvert, Fermé."
    ]


def test_one_failing_row_writes_nothing():
    report = import_places([*place_rows(5), place_row("Hors carte", latitude="200")])

    assert report["counts"]["error"] == 1
    assert not Place.objects.exists()


def test_reimporting_the_same_file_changes_nothing():
    OrganisationFactory(name="Compagnie du Grand Large")
    rows = [*place_rows(3), place_row("La Halle Créative", organisation="Compagnie du Grand Large")]
    import_places(rows)
    saved = []
    post_save.connect(
        lambda instance, **kwargs: saved.append(instance), sender=Place, weak=False, dispatch_uid="t"
    )
    try:
        report = import_places(rows)
    finally:
        post_save.disconnect(sender=Place, dispatch_uid="t")

    assert report["counts"] == {"new": 0, "update": 0, "unchanged": 4, "error": 0}
    assert saved == []
    assert Place.objects.count() == 4


def test_a_changed_row_updates_the_existing_record_and_names_the_changed_columns():
    place = PlaceFactory(name="La Friche", address_locality="Nantes", status="open")

    report = import_places(
        [place_row("La Friche", statut="Fermé", latitude="47,218371", longitude="-1,553621")]
    )

    assert report["rows"][0]["status"] == "update"
    assert "statut" in report["rows"][0]["changed"]
    place.refresh_from_db()
    assert place.status == "closed"
    assert Place.objects.count() == 1


def test_xlsx_files_import_like_csv_files():
    OrganisationFactory(name="Compagnie du Grand Large")
    rows = [place_row("La Halle Créative", organisation="Compagnie du Grand Large")]
    # A spreadsheet keeps numbers as numbers: coordinates and postal codes are not text there.
    rows[0][PLACE_HEADERS.index("latitude")] = 47.2065
    rows[0][PLACE_HEADERS.index("longitude")] = -1.5524
    rows[0][PLACE_HEADERS.index("code postal")] = 44200

    report = run_import("places", xlsx_file(PLACE_HEADERS, rows), "lieux.xlsx", dry_run=False)

    assert report["counts"]["new"] == 1
    place = Place.objects.get()
    assert (place.postal_code, place.latitude) == ("44200", Decimal("47.206500"))
    again = run_import("places", xlsx_file(PLACE_HEADERS, rows), "lieux.xlsx", dry_run=False)
    assert again["counts"]["unchanged"] == 1


def test_blank_lines_are_skipped_and_lines_numbered_as_in_the_spreadsheet():
    rows = [place_row("La Friche"), [""] * len(PLACE_HEADERS), place_row("Hors carte", latitude="-91")]

    report = import_places(rows, dry_run=True)

    assert [row["line"] for row in report["rows"]] == [2, 4]
    assert "latitude" in errors_of(report, 4)


def test_other_formats_are_refused():
    report = run_import("places", b"nom\n", "lieux.ods")

    assert report["file_errors"] == ["Format non pris en charge : déposez un fichier CSV ou XLSX."]


def test_windows_encoded_comma_separated_files_are_read():
    content = (
        csv_file(PLACE_HEADERS, [place_row("La Scène Évasion")], delimiter=",").decode().encode("cp1252")
    )

    run_import("places", content, "lieux.csv", dry_run=False)

    assert Place.objects.get().name == "La Scène Évasion"


ORGANISATION_HEADERS = ["nom", "type", "ville", "adhérente", "année d'adhésion"]


def test_organisations_are_matched_by_name_and_checked_like_in_the_admin():
    OrganisationFactory(name="Collectif Ondes Vives", city="Angers", is_member=True, membership_year=2019)
    rows = [
        ["collectif ondes vives", "Association", "Angers", "oui", "2020"],
        ["Théâtre de l'Estuaire", "Coopérative", "Saint-Nazaire", "oui", ""],
    ]

    report = run_import("organisations", csv_file(ORGANISATION_HEADERS, rows), "orgs.csv", dry_run=False)

    assert report["rows"][0]["status"] == "update"
    assert errors_of(report, 3) == {
        "année d'adhésion": ["Indiquez l'année d'adhésion d'une structure adhérente."]
    }
    assert Organisation.objects.get().membership_year == 2019


PEOPLE_HEADERS = ["prénom", "nom", "rôles", "structure", "consentement", "courriel"]


def test_people_are_matched_by_email_then_by_name():
    OrganisationFactory(name="Compagnie du Grand Large")
    by_email = PersonFactory(first_name="Claire", last_name="Bodin", email="claire.bodin@example.org")
    by_name = PersonFactory(first_name="Yannick", last_name="Morvan", email="")
    rows = [
        [
            "Claire",
            "Bodin-Leroy",
            "Co-présidence, membre du CA",
            "Compagnie du Grand Large",
            "oui",
            "Claire.Bodin@example.org",
        ],
        ["Yannick", "Morvan", "Équipe salariée", "", "non", "yannick@example.org"],
        ["Léa", "Guérin", "contributor", "", "", ""],
    ]

    report = run_import("people", csv_file(PEOPLE_HEADERS, rows), "personnes.csv", dry_run=False)

    assert [row["status"] for row in report["rows"]] == ["update", "update", "new"]
    by_email.refresh_from_db()
    by_name.refresh_from_db()
    assert by_email.last_name == "Bodin-Leroy"
    assert by_email.roles == ["co_president", "board_member"]
    assert by_name.email == "yannick@example.org"
    assert Person.objects.count() == 3


def test_an_unknown_role_is_an_error_on_its_column():
    rows = [["Léa", "Guérin", "Trésorière", "", "oui", ""]]

    report = run_import("people", csv_file(PEOPLE_HEADERS, rows), "personnes.csv", dry_run=False)

    assert list(errors_of(report, 2)) == ["rôles"]
    assert not Person.objects.exists()


def test_command_imports_and_prints_a_line_per_row(tmp_path, capsys):
    path = tmp_path / "lieux.csv"
    path.write_bytes(csv_file(PLACE_HEADERS, place_rows(2)))

    call_command("import_directory", "places", str(path))

    out = capsys.readouterr()
    assert "ligne 2 — Tiers-lieu n° 1 (Nantes) : création" in out.out
    assert "2 création(s), 0 mise(s) à jour, 0 inchangée(s), 0 en erreur." in out.out
    assert "2 / 2 lignes" in out.err
    assert Place.objects.count() == 2


def test_command_dry_run_writes_nothing(tmp_path, capsys):
    path = tmp_path / "lieux.csv"
    path.write_bytes(csv_file(PLACE_HEADERS, place_rows(2)))

    call_command("import_directory", "places", str(path), "--dry-run")

    assert "Essai à blanc : rien n'a été enregistré." in capsys.readouterr().out
    assert not Place.objects.exists()


def test_command_fails_and_writes_nothing_when_a_row_fails(tmp_path, capsys):
    path = tmp_path / "lieux.csv"
    path.write_bytes(csv_file(PLACE_HEADERS, [*place_rows(2), place_row("Hors carte", latitude="95")]))

    with pytest.raises(CommandError) as raised:
        call_command("import_directory", "places", str(path))

    assert raised.value.returncode == 1
    assert "    latitude : 95 est hors des limites : entre -90 et 90." in capsys.readouterr().out
    assert not Place.objects.exists()


# Cost of a long import


def queries_of(function):
    # Counted without a warm-up: a second run of an import would re-import unchanged rows.
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def places_naming_an_organisation(count):
    rows = place_rows(count)
    for row in rows:
        row[PLACE_HEADERS.index("structure")] = "Compagnie du Grand Large"
    return rows


def test_a_dry_run_costs_a_constant_number_of_queries_per_row(assert_max_queries):
    # Each new row costs its INSERT and the savepoint around it (SAVEPOINT, RELEASE); the natural
    # keys, organisations and slugs in use are read once per import, whatever the number of rows.
    OrganisationFactory(name="Compagnie du Grand Large")
    PlaceFactory(name="Tiers-lieu n° 1", address_locality="Angers")

    few = assert_max_queries(20 * 3 + 9, import_places, places_naming_an_organisation(20), dry_run=True)
    assert_max_queries(few + 180 * 3, import_places, places_naming_an_organisation(200), dry_run=True)


def test_reimporting_unchanged_rows_costs_no_query_per_row(assert_max_queries):
    OrganisationFactory(name="Compagnie du Grand Large")
    few, many = places_naming_an_organisation(20), places_naming_an_organisation(200)
    import_places(many)

    with_few = assert_max_queries(REIMPORT_MAX_QUERIES, import_places, few, dry_run=True)
    assert_max_queries(with_few, import_places, many, dry_run=True)


def test_an_import_costs_a_constant_number_of_queries_per_row():
    # The INSERT and its savepoint, then the reference index: Wagtail reads the references already
    # recorded for each record and inserts the new ones (here, the organisation). The search index
    # is updated in bulk.
    OrganisationFactory(name="Compagnie du Grand Large")
    rows = places_naming_an_organisation(220)

    few = queries_of(lambda: import_places(rows[:20]))
    Place.objects.all().delete()
    many = queries_of(lambda: import_places(rows[20:]))

    assert Place.objects.count() == 200
    assert many - few <= 180 * 5 + 10


def test_new_places_get_the_slugs_the_model_would_give_them():
    PlaceFactory(name="La Friche", slug="la-friche", address_locality="Nantes")
    PlaceFactory(name="La Friche bis", slug="la-friche-3", address_locality="Nantes")

    import_places([place_row("La Friche", city="Angers"), place_row("La Friche", city="Rennes")])

    slugs = dict(Place.objects.values_list("address_locality", "slug"))
    assert (slugs["Angers"], slugs["Rennes"]) == ("la-friche-2", "la-friche-4")
    # The model's own rule, for a place saved afterwards in the admin:
    assert PlaceFactory(name="La Friche", address_locality="Brest").slug == "la-friche-5"


def test_a_row_failing_in_the_database_is_reported_and_the_next_rows_still_checked(monkeypatch):
    # The database refuses the row (here, a slug taken meanwhile by someone else): the savepoint
    # around its INSERT keeps the transaction usable, so the rows after it are checked as usual.
    PlaceFactory(name="Ailleurs", slug="deja-pris", address_locality="Nantes")
    save = Place.save

    def save_taking_a_used_slug(self, *args, **kwargs):
        if self.name == "Conflit":
            self.slug = "deja-pris"
        save(self, *args, **kwargs)

    monkeypatch.setattr(Place, "save", save_taking_a_used_slug)

    report = import_places([place_row("Conflit"), *place_rows(2)])

    assert [row["status"] for row in report["rows"]] == ["error", "new", "new"]
    assert errors_of(report, 2)[""][0].startswith("Erreur inattendue")
    assert Place.objects.count() == 1


# The API's content version


@pytest.fixture
def bumps(monkeypatch):
    """The content-version bumps made (or, in a transaction, made and planned after the commit)."""
    made = []
    monkeypatch.setattr(api_cache, "_set_new_version", lambda: made.append(threading.get_ident()))
    return made


def test_an_import_bumps_the_api_content_version_once(bumps, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_places(place_rows(5))

    # One bump for the whole import; inside the test's transaction it is made once right away and
    # once more after the commit (see `api_cache.bump_content_version`).
    assert len(bumps) == 2


def test_an_import_writing_nothing_leaves_the_api_content_version_alone(
    bumps, django_capture_on_commit_callbacks
):
    import_places(place_rows(2))
    bumps.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_places(place_rows(5), dry_run=True)
        import_places([*place_rows(5), place_row("Hors carte", latitude="200")])
        import_places(place_rows(2))

    assert bumps == []
    assert callbacks == []


def test_a_batch_holds_back_the_changes_of_its_own_thread_only(bumps, django_capture_on_commit_callbacks):
    place = PlaceFactory()
    bumps.clear()

    with django_capture_on_commit_callbacks(execute=True):
        with content_batch():
            PlaceFactory()
            PlaceFactory()
            other_thread = threading.Thread(target=record_change, args=(SNIPPET_SAVED, place))
            other_thread.start()
            other_thread.join()
            assert bumps == [other_thread.ident]

    this_thread = threading.get_ident()
    assert bumps == [other_thread.ident, this_thread, this_thread]
    PlaceFactory()
    assert bumps[3:] == [this_thread]
