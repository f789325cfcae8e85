"""One page of each type, checked by axe-core (WCAG 2.1 A and AA) and kept as a screenshot."""

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser_requirements` fixture skips these tests, or fails them on CI
    expect = None

pytestmark = pytest.mark.browser

# A page of each type in the demo content (site/pole_site/demo/content.py).
PAGES = {
    "home": "/",
    "content": "/les-chantiers-thematiques/",
    "chantier-index": "/chantiers/",
    "chantier": "/chantiers/mobilite/",
    "resource-index": "/ressources/",
    "resource": "/ressources/guide-emploi-partage/",
    "event-index": "/agenda/",
    "event": "/agenda/rencontre-emploi-partage/",
    "governance-document": "/statuts/",
    "trombinoscope": "/trombinoscope/",
    "map": "/carte/",
    "place": "/carte/lieux/le-chai-collectif/",
    "consultation": "/enquete-ressources/",
    "participation-call": "/appel-participation-mobilite/",
}
# Pages whose content is completed by scripts after the load event: axe checks them once it is there.
SCRIPTED = {"map": ".leaflet-marker-icon, .marker-cluster"}


@pytest.mark.parametrize("page_type", PAGES)
def test_page_type_has_no_serious_accessibility_violation(page, page_type, axe_check, screenshot):
    response = page.goto(PAGES[page_type])
    assert response.status == 200, f"{PAGES[page_type]} answers {response.status}"
    if page_type in SCRIPTED:
        expect(page.locator(SCRIPTED[page_type]).first).to_be_visible()
    page.wait_for_load_state("networkidle")
    screenshot(page, f"page-{page_type}")

    violations = axe_check(page)

    assert violations.blocking == [], "\n" + violations.describe(violations.blocking)
    assert page.js_errors == []


def test_axe_check_reports_what_it_is_meant_to_find(page, axe_check):
    """The check is not vacuous: an image without a text alternative is a critical violation."""
    page.set_content('<html lang="fr"><head><title>Essai</title></head><main><img src="x.png"></main></html>')

    violations = axe_check(page)

    assert [violation["id"] for violation in violations.blocking] == ["image-alt"]
