"""Accounts the team creates or edits (Wagtail's users screens, `createsuperuser`, the demo) sign in at once.

Visitors cannot sign up (pole_members/adapter.py), so a user's own address is one the team typed: it is
made verified and primary, or allauth's mandatory verification would stop the user at their first sign-in.
A receiver rather than Wagtail's `after_create_user` hook, so every way of creating a user is covered.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="pole_members_verify_team_address")
def verify_team_address(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or not instance.email or (update_fields is not None and "email" not in update_fields):
        return
    email = instance.email.strip().lower()
    if EmailAddress.objects.filter(user=instance, email=email).exists():
        # Already known: allauth's own flows (a confirmed email change) keep it up to date.
        return
    if EmailAddress.objects.filter(email=email, verified=True).exists():
        # Another account's verified address: allauth refuses sharing it, and so do we.
        return
    with transaction.atomic():
        EmailAddress.objects.filter(user=instance, primary=True).update(primary=False)
        EmailAddress.objects.create(user=instance, email=email, verified=True, primary=True)
