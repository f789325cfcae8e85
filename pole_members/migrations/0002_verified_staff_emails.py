"""Accounts created before allauth (staff, by hand) have no EmailAddress row: without a verified one,
signing in would stop at allauth's email verification. The team typed these addresses: trust them."""

from django.conf import settings
from django.db import migrations
from django.db.models import F


def verify_existing_addresses(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    EmailAddress = apps.get_model("account", "EmailAddress")
    taken = {
        email.lower() for email in EmailAddress.objects.filter(verified=True).values_list("email", flat=True)
    }
    has_primary = set(EmailAddress.objects.filter(primary=True).values_list("user_id", flat=True))
    # The most recently used account keeps an address that two accounts share (allauth's addresses are unique).
    for user in User.objects.exclude(email="").order_by(F("last_login").desc(nulls_last=True), "pk"):
        email = user.email.strip().lower()
        if email in taken:
            continue
        taken.add(email)
        address, _created = EmailAddress.objects.get_or_create(user=user, email=email)
        address.verified = True
        if user.pk not in has_primary:
            address.primary = True
            has_primary.add(user.pk)
        address.save()


class Migration(migrations.Migration):
    dependencies = [
        ("pole_members", "0001_initial"),
        ("account", "0009_emailaddress_unique_primary_email"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(verify_existing_addresses, migrations.RunPython.noop)]
