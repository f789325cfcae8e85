"""Users of the back office with less than an editor's rights, for the refusal tests."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import GroupPagePermission


@pytest.fixture
def make_client(db, django_user_model):
    """A signed-in client for a new user in `groups` (names of existing groups or Group objects)."""

    def make(username, *groups):
        user = django_user_model.objects.create_user(username=username, password="motdepasse")
        for group in groups:
            user.groups.add(group if isinstance(group, Group) else Group.objects.get(name=group))
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def admin_access_group(db):
    """May open the admin, and nothing more: no page, no form, no snippet."""
    group = Group.objects.create(name="Accès à l'administration")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


@pytest.fixture
def section_editor_group(admin_access_group):
    """Returns a function giving a new group editing the pages under `page` only."""

    def make(name, page):
        group = Group.objects.create(name=name)
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        for permission_type in ("add", "change", "publish"):
            GroupPagePermission.objects.create(group=group, page=page, permission_type=permission_type)
        return group

    return make
