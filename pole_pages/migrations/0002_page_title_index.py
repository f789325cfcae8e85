from django.db import migrations

# Listings sort pages by title by default. With this index on Wagtail's page table, the database
# walks the titles in order and stops after one page of results instead of sorting every page.
INDEX = "pole_pages_page_title_id"


class Migration(migrations.Migration):
    dependencies = [("pole_pages", "0001_initial")]

    operations = [
        migrations.RunSQL(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "wagtailcore_page" ("title", "id")',
            f'DROP INDEX IF EXISTS "{INDEX}"',
        ),
    ]
