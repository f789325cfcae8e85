"""`migrate` creates the database cache's table: nothing else to run before the site works."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

TABLE = "pole_cache_of_this_test"


@pytest.fixture
def database_cache(db, settings):
    """The default cache in a table of the database that does not exist yet (the test's transaction
    takes it away again)."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": TABLE},
    }
    assert TABLE not in connection.introspection.table_names()


def test_migrate_creates_the_database_cache_table(database_cache):
    call_command("migrate", verbosity=0)

    assert TABLE in connection.introspection.table_names()


def test_migrate_again_keeps_the_cache_table_and_its_entries(database_cache):
    call_command("migrate", verbosity=0)
    cache.set("kept", "yes")

    call_command("migrate", verbosity=0)

    assert cache.get("kept") == "yes"
