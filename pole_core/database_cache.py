"""The database cache's table is made by `migrate`, like every other table the site needs.

With `CACHE_URL=db://…` (the default), Django's cache lives in a table that no migration creates:
without it, `load_demo` or the first page save crash on the missing table.
"""

from django.core.management import call_command


def create_cache_tables(using, verbosity=1, stdout=None, **kwargs):
    """`post_migrate` receiver: `createcachetable` on the migrated database, which creates the table
    of each database cache routed there and leaves existing ones alone."""
    options = {"database": using, "verbosity": max(verbosity - 1, 0)}
    if stdout is not None:
        options["stdout"] = stdout
    call_command("createcachetable", **options)
