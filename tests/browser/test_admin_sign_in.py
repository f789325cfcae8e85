"""The demo administrator signs in to the Wagtail admin: the `admin_page` fixture the admin screenshots use."""

import pytest

pytestmark = pytest.mark.browser


def test_the_demo_administrator_reaches_the_dashboard(admin_page, screenshot):
    assert admin_page.locator("main").is_visible()
    assert "/admin/login/" not in admin_page.url
    screenshot(admin_page, "admin-dashboard")
