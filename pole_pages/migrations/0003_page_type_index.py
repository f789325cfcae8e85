from django.db import migrations

# Unfiltered page listings count the live pages of one type in a site (`count_public_pages` in
# pole_pages/api/common.py). This index holds every column that count reads: the database answers
# it from the index alone, without reading the pages (or the specific table of the type).
INDEX = "pole_pages_page_type_live_path"


class Migration(migrations.Migration):
    dependencies = [("pole_pages", "0002_page_title_index")]

    operations = [
        migrations.RunSQL(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "wagtailcore_page" '
            '("content_type_id", "live", "path", "depth")',
            f'DROP INDEX IF EXISTS "{INDEX}"',
        ),
    ]
