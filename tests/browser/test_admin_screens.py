"""The Pôle's admin screens (issue 5), driven as the demo administrator and kept as screenshots:
the dashboard panels, the directory import (preview, then apply), the inbox and a chantier's tabs."""

import re

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser_requirements` fixture skips these tests, or fails them on CI
    expect = None

from pole_pages.lifecycle import STEPS
from tests.spreadsheets import PLACE_HEADERS, csv_file, place_row

pytestmark = pytest.mark.browser

CHANTIER_LISTING = "/admin/chantiers/"
DASHBOARD_PANELS = {
    "pole-chantier-pipeline": "Chantiers par étape",
    "pole-open-forms": "Consultations et appels à participation ouverts",
    "pole-awaiting-review": "Contributions à traiter",
    "pole-upcoming-events": "Prochains événements",
    "pole-actions-behind-target": "Actions en retard sur leur cible",
}
CHANTIER_TABS = ["Contenu", "Gouvernance", "Cadrage", "Actions", "Restitution"]

# The import: a place of the demo (matched by name and town), one new place, and two faulty rows.
NEW_PLACE = "La Fabrique des Possibles"
EXISTING_PLACE = "La Halle Créative"
NEW_ADDRESS = "23 rue de la Tour-d'Auvergne"


def valid_rows():
    return [
        place_row(NEW_PLACE, latitude="47,2154", longitude="-1,5631", organisation="Théâtre de l'Estuaire"),
        place_row(EXISTING_PLACE, organisation="Compagnie du Grand Large", adresse=NEW_ADDRESS),
    ]


FAULTY_PLACES = ["La Friche du Bout du Monde", "Le Hangar Fantôme"]


def faulty_rows():
    return [
        place_row(FAULTY_PLACES[0], latitude="147,2"),
        place_row(FAULTY_PLACES[1], organisation="Compagnie Fantôme"),
    ]


def places_named(server, *names):
    placeholders = ", ".join(["%s"] * len(names))
    return sorted(
        server.fetch_all(
            f"SELECT name, street_address FROM pole_directory_place WHERE name IN ({placeholders})", names
        )
    )


def dashboard_panel(page, panel_id):
    return page.locator(f"section#{panel_id}-section")


# The dashboard


def test_the_dashboard_shows_the_pole_panels(admin_page, server, screenshot, axe_check):
    page = admin_page
    page.goto("/admin/")

    for panel_id, heading in DASHBOARD_PANELS.items():
        panel = dashboard_panel(page, panel_id)
        expect(panel).to_be_visible()
        expect(panel.get_by_role("heading", level=2)).to_have_text(heading)

    # The pipeline: one bar per step of the life cycle, each a link to the listing filtered on it.
    chart = dashboard_panel(page, "pole-chantier-pipeline").locator("svg.pole-pipeline")
    expect(chart).to_be_visible()
    bars = chart.locator("a")
    expect(bars).to_have_count(len(STEPS))
    statuses = [bars.nth(index).get_attribute("data-status") for index in range(len(STEPS))]
    assert statuses == [step.value for step in STEPS]
    for index, status in enumerate(statuses):
        assert bars.nth(index).get_attribute("href") == f"{CHANTIER_LISTING}?status={status}"
    counts = dict(server.fetch_all("SELECT status, COUNT(*) FROM pole_pages_chantierpage GROUP BY status"))
    legend = dashboard_panel(page, "pole-chantier-pipeline").locator(".pole-pipeline__legend li")
    expect(legend).to_have_text([f"{step.label} : {counts.get(step.value, 0)}" for step in STEPS])

    # The demo has forms open now, answers to review, events to come and actions behind target.
    expect(dashboard_panel(page, "pole-open-forms").locator("tbody tr").first).to_be_visible()
    expect(dashboard_panel(page, "pole-awaiting-review")).to_contain_text(re.compile(r"\d+ réponses? attend"))
    expect(dashboard_panel(page, "pole-upcoming-events").locator("tbody tr").first).to_be_visible()
    expect(dashboard_panel(page, "pole-actions-behind-target").locator("tbody tr").first).to_be_visible()
    screenshot(page, "admin-dashboard-pole-panels")

    # Wagtail 8.0's own dashboard markup has no serious or critical violation either, so any is ours.
    violations = axe_check(page)
    assert violations.blocking == [], violations.describe(violations.blocking)

    # A bar, clicked with the pointer, opens the listing of the chantiers at that step.
    status = next(step.value for step in STEPS if counts.get(step.value))
    chart.locator(f"a[data-status={status}] rect").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(CHANTIER_LISTING)}\?status={status}$"))
    assert page.js_errors == []


# The directory import


def open_the_import_from_the_menu(page):
    page.goto("/admin/")
    page.get_by_role("button", name="Annuaire").click()
    page.get_by_role("link", name="Importer", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/annuaire/import/$"))


def upload_places(page, filename, content):
    page.locator("select[name=kind]").select_option("places")
    page.locator("input[name=file]").set_input_files(
        {"name": filename, "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page).to_have_url(re.compile(r"/admin/annuaire/import/[0-9a-f]{32}/$"))


def report_row(page, line):
    return page.locator(f"table.import-report tr[data-line='{line}']")


def test_the_import_preview_shows_each_row_and_writes_nothing(admin_page, server, screenshot):
    page = admin_page
    before = places_named(server, NEW_PLACE, EXISTING_PLACE)
    open_the_import_from_the_menu(page)

    upload_places(page, "lieux-avec-erreurs.csv", csv_file(PLACE_HEADERS, valid_rows() + faulty_rows()))

    expect(page.get_by_role("heading", level=2)).to_contain_text(
        "Aperçu de l'import de « lieux-avec-erreurs.csv »"
    )
    expect(page.locator(".import-counts")).to_contain_text(
        "1 création(s), 1 mise(s) à jour, 0 inchangée(s), 2 en erreur."
    )
    expected = {
        2: ("new", "création", f"{NEW_PLACE} (Nantes)"),
        3: ("update", "mise à jour", f"{EXISTING_PLACE} (Nantes)"),
        4: ("error", "erreur", "La Friche du Bout du Monde (Nantes)"),
        5: ("error", "erreur", "Le Hangar Fantôme (Nantes)"),
    }
    for line, (status, label, name) in expected.items():
        row = report_row(page, line)
        expect(row).to_have_attribute("data-status", status)
        expect(row.locator("th")).to_have_text(name)
        expect(row.locator("td").nth(1)).to_have_text(label)
    expect(report_row(page, 3)).to_contain_text("Colonnes modifiées : adresse")
    expect(report_row(page, 4)).to_contain_text("latitude : 147,2 est hors des limites : entre -90 et 90.")
    expect(report_row(page, 5)).to_contain_text(
        "structure : Organisation inconnue : « Compagnie Fantôme ». Créez-la d'abord, ou importez les organisations."
    )
    # With an error left, the import cannot be applied: the page offers another upload instead.
    expect(page.get_by_role("button", name="Appliquer l'import")).to_have_count(0)
    expect(page.get_by_text("rien ne sera importé tant qu'une erreur reste")).to_be_visible()
    screenshot(page, "admin-import-preview-with-errors")

    assert places_named(server, NEW_PLACE, EXISTING_PLACE) == before
    assert places_named(server, *FAULTY_PLACES) == []
    assert page.js_errors == []


def test_a_clean_import_is_applied_and_followed_to_the_end(admin_page, server, screenshot):
    page = admin_page
    open_the_import_from_the_menu(page)

    upload_places(page, "lieux.csv", csv_file(PLACE_HEADERS, valid_rows()))

    expect(page.locator(".import-counts")).to_contain_text("1 création(s), 1 mise(s) à jour")
    screenshot(page, "admin-import-preview-clean")
    assert places_named(server, NEW_PLACE) == []
    page.get_by_role("button", name="Appliquer l'import").click()

    expect(page).to_have_url(re.compile(r"/admin/annuaire/import/[0-9a-f]{32}/suivi/$"))
    # The status page refreshes itself while the task runs; it ends on "done" (or "failed").
    status = page.locator(".import-status")
    expect(status).to_have_attribute("data-state", re.compile(r"^(done|failed)$"), timeout=60_000)
    expect(status).to_have_attribute("data-state", "done")
    expect(status).to_contain_text("L'import est terminé.")
    screenshot(page, "admin-import-status-done")

    assert places_named(server, NEW_PLACE, EXISTING_PLACE) == [
        (NEW_PLACE, "21 rue de la Tour-d'Auvergne"),
        (EXISTING_PLACE, NEW_ADDRESS),
    ]
    page.get_by_role("link", name="Voir : Lieux").click()
    expect(page.get_by_role("link", name=NEW_PLACE)).to_be_visible()
    assert page.js_errors == []


# The inbox and a chantier's tabs


def test_the_inbox_lists_the_answers_awaiting_review(admin_page, server, screenshot):
    page = admin_page
    page.goto("/admin/")
    dashboard_panel(page, "pole-awaiting-review").get_by_role("link", name=re.compile(r"attend")).click()

    expect(page).to_have_url(re.compile(r"/admin/pole-forms/inbox/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Contributions à traiter")
    awaiting = server.fetch_all(
        "SELECT email FROM pole_forms_submission WHERE status IN ('new', 'received') ORDER BY email"
    )
    assert awaiting, "the demo has answers awaiting review"
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(len(awaiting))
    for (email,) in awaiting:
        expect(rows.filter(has_text=email)).to_have_count(1)
    screenshot(page, "admin-inbox")
    assert page.js_errors == []


def test_the_chantier_edit_page_has_its_tabs(admin_page, server, screenshot):
    page = admin_page
    [(page_id,)] = server.fetch_all("SELECT id FROM wagtailcore_page WHERE slug = %s", ("mobilite",))
    page.goto(f"/admin/pages/{page_id}/edit/")

    tabs = page.get_by_role("tab")
    for name in CHANTIER_TABS:
        expect(tabs.filter(has_text=name)).to_have_count(1)
    for name in CHANTIER_TABS:
        tab = page.get_by_role("tab", name=name, exact=True)
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")
        panel = page.locator(f"#{tab.get_attribute('aria-controls')}")
        expect(panel).to_be_visible()
        screenshot(page, f"admin-chantier-tab-{name.lower()}")
    assert page.js_errors == []
