"""The apps are plugins: dependencies point pole_members → pole_forms → pole_pages → pole_directory → pole_core, and none imports the site."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "pole_core": {"pole_directory", "pole_pages", "pole_forms", "pole_members", "pole_site"},
    "pole_directory": {"pole_pages", "pole_forms", "pole_members", "pole_site"},
    "pole_pages": {"pole_forms", "pole_members", "pole_site"},
    "pole_forms": {"pole_members", "pole_site"},
    "pole_members": {"pole_site"},
}


def imported_packages(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_imports_only_what_it_may(app):
    offenders = {
        f"{path.relative_to(ROOT)} imports {package}"
        for path in (ROOT / app).rglob("*.py")
        for package in imported_packages(path)
        if package in FORBIDDEN[app]
    }
    assert not offenders


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_ships_its_migrations_and_translations(app):
    assert (ROOT / app / "migrations" / "__init__.py").exists()
    assert (ROOT / app / "locale" / "fr" / "LC_MESSAGES" / "django.po").exists()
