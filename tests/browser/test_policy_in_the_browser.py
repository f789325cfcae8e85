"""The site, the API docs and the admin pass the Content-Security-Policy they are served with.

Every browser test fails when a page it showed broke the policy (`close_page` in conftest.py); the
tests here add the screens the other tests do not walk through: the API docs, the Wagtail admin's
editors with their scripts (map picker, date pickers, preview) and a public page seen by an editor,
with Wagtail's user bar.
"""

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser_requirements` fixture skips these tests, or fails them on CI
    expect = None

pytestmark = pytest.mark.browser


def test_the_check_catches_what_the_policy_blocks(page):
    """Not vacuous: an inline style added to a public page is blocked and reported."""
    page.goto("/")
    page.evaluate("() => document.head.insertAdjacentHTML('beforeend', '<style>main { color: red }</style>')")

    expect(page.locator("main")).not_to_have_css("color", "rgb(255, 0, 0)")
    assert any("style-src" in violation for violation in page.csp_violations)
    page.csp_violations.clear()


def test_the_api_docs_work_offline_from_the_sites_own_files(page):
    response = page.goto("/api/v1/docs")

    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/chantiers/").first).to_be_visible()
    assert page.outside_requests == []
    assert page.js_errors == []


def admin_paths(server):
    """Admin screens whose scripts matter, with ids from the demo content."""

    def first(sql, *params):
        return server.fetch_all(sql, params)[0][0]

    chantier = first("SELECT id FROM wagtailcore_page WHERE slug = %s", "mobilite")
    event = first("SELECT page_ptr_id FROM pole_pages_eventpage ORDER BY page_ptr_id")
    place = first("SELECT id FROM pole_directory_place ORDER BY id")
    person = first("SELECT id FROM pole_directory_person ORDER BY id")
    return {
        "explorer": f"/admin/pages/{first('SELECT id FROM wagtailcore_page WHERE depth = 2')}/",
        "chantier listing": "/admin/chantiers/",
        "event editor (date pickers)": f"/admin/pages/{event}/edit/",
        "place editor (map picker)": f"/admin/snippets/pole_directory/place/edit/{place}/",
        "person editor (image chooser)": f"/admin/snippets/pole_directory/person/edit/{person}/",
        "images": "/admin/images/",
        "image upload": "/admin/images/multiple/add/",
        "documents": "/admin/documents/",
        "form submissions": "/admin/forms/",
        "network settings": "/admin/settings/pole_pages/networksettings/",
        "chantier editor": f"/admin/pages/{chantier}/edit/",
        "Django admin": "/django-admin/",
    }


def test_the_admin_screens_pass_the_policy(admin_page, server):
    page = admin_page
    for name, path in admin_paths(server).items():
        response = page.goto(path)
        assert response.status == 200, f"{name}: {path} answers {response.status}"
        page.wait_for_load_state("networkidle")
        assert page.js_errors == [], name


def test_the_preview_panel_of_a_chantier_passes_the_policy(admin_page, server):
    page = admin_page
    [(chantier,)] = server.fetch_all("SELECT id FROM wagtailcore_page WHERE slug = %s", ("mobilite",))
    page.goto(f"/admin/pages/{chantier}/edit/")

    page.locator("[data-side-panel-toggle='preview']").click()

    preview = page.frame_locator("iframe[id='w-preview-iframe']")
    expect(preview.locator("h1")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.js_errors == []


def test_a_public_page_with_the_editors_user_bar_passes_the_policy(admin_page):
    page = admin_page
    response = page.goto("/chantiers/mobilite/")

    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    expect(page.locator("wagtail-userbar")).to_be_attached()
    page.wait_for_load_state("networkidle")
    assert page.js_errors == []
