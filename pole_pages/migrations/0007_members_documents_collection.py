"""The « Documents des adhérent·es » collection: documents there are downloaded only when signed in.

A members-only resource may only attach documents of a collection with such a restriction
(`ResourcePage.clean`); this one is ready for them. It is added as the last child of the root
collection; running the migration again changes nothing, and reversing it leaves the collection.
"""

from django.db import migrations

NAME = "Documents des adhérent·es"
STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def next_child_path(root, last_child):
    number = int(last_child.path[-STEPLEN:], 36) + 1 if last_child else 1
    digits = ""
    while number:
        number, digit = divmod(number, len(ALPHABET))
        digits = ALPHABET[digit] + digits
    return root.path + digits.rjust(STEPLEN, "0")


def create_collection(apps, schema_editor):
    Collection = apps.get_model("wagtailcore.Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore.CollectionViewRestriction")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None or Collection.objects.filter(depth=2, name=NAME).exists():
        return
    children = Collection.objects.filter(depth=2, path__startswith=root.path)
    collection = Collection.objects.create(
        name=NAME,
        path=next_child_path(root, children.order_by("-path").first()),
        depth=2,
        numchild=0,
    )
    root.numchild = children.count()
    root.save(update_fields=["numchild"])
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login", password="")


class Migration(migrations.Migration):
    dependencies = [
        ("pole_pages", "0006_networksettings_logo_and_accessibility"),
        ("wagtailcore", "0092_alter_collectionviewrestriction_password_and_more"),
    ]

    operations = [migrations.RunPython(create_collection, migrations.RunPython.noop)]
