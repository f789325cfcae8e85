from django.db import migrations, models

from pole_directory.models.person import folded

SEARCHED_FIELDS = ("first_name", "last_name", "role_title")


def fill_search_text(apps, schema_editor):
    Person = apps.get_model("pole_directory", "Person")
    people = list(Person.objects.only("id", *SEARCHED_FIELDS))
    for person in people:
        person.search_text = folded(" ".join(getattr(person, name) for name in SEARCHED_FIELDS))
    Person.objects.bulk_update(people, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("pole_directory", "0002_editor_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
