"""Users of the back office with less than an editor's rights, for the refusal tests."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission


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
