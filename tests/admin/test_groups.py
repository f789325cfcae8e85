"""The groups and the board's workflow that the migration pole_pages 0005 creates."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, Workflow

from pole_pages.workflow import BOARD_GROUP, BOARD_TASK, BOARD_WORKFLOW, EDITORS_GROUP, MEMBERS_GROUP
from tests.factories import ChantierIndexPageFactory, ChantierPageFactory

migration = importlib.import_module("pole_pages.migrations.0005_groups_and_board_workflow")


def member_of(django_user_model, group, username):
    user = django_user_model.objects.create_user(username=username, password="motdepasse")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def chantier(home):
    return ChantierPageFactory(parent=ChantierIndexPageFactory(parent=home), title="Le chantier mobilité")


def test_the_migration_creates_the_three_groups_and_the_workflow(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITORS_GROUP, BOARD_GROUP, MEMBERS_GROUP}
    workflow = Workflow.objects.get(name=BOARD_WORKFLOW)
    task = workflow.tasks.get().specific
    assert (workflow.active, task.name, list(task.groups.values_list("name", flat=True))) == (
        True,
        BOARD_TASK,
        [BOARD_GROUP],
    )


def test_communication_edits_and_publishes_chantiers_and_manages_the_directory(
    client, django_user_model, chantier
):
    user = member_of(django_user_model, EDITORS_GROUP, "lea")
    permissions = chantier.permissions_for_user(user)
    assert (permissions.can_edit(), permissions.can_publish()) == (True, True)
    assert all(user.has_perm(f"pole_directory.{action}_person") for action in ("add", "change", "delete"))
    client.force_login(user)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[chantier.pk])).status_code == 200
    assert client.get(reverse("wagtailimages:add_multiple")).status_code == 200
    assert client.get(reverse("wagtaildocs:add_multiple")).status_code == 200


def test_communication_cannot_approve_the_boards_task(django_user_model, chantier):
    user = member_of(django_user_model, EDITORS_GROUP, "lea")
    task = Workflow.objects.get(name=BOARD_WORKFLOW).tasks.get().specific
    assert task.get_actions(chantier, user) == []


def test_the_board_approves_and_only_views_the_directory(django_user_model, chantier):
    user = member_of(django_user_model, BOARD_GROUP, "yannick")
    task = Workflow.objects.get(name=BOARD_WORKFLOW).tasks.get().specific
    assert {name for name, _label, _modal in task.get_actions(chantier, user)} == {"approve", "reject"}
    assert chantier.permissions_for_user(user).can_edit() is False
    assert (user.has_perm("pole_directory.view_person"), user.has_perm("pole_directory.change_person")) == (
        True,
        False,
    )


def test_the_board_reaches_the_admin_and_members_do_not(client, django_user_model):
    client.force_login(member_of(django_user_model, BOARD_GROUP, "yannick"))
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    client.force_login(member_of(django_user_model, MEMBERS_GROUP, "sami"))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_running_the_migration_again_changes_nothing(db):
    counts = (Group.objects.count(), Workflow.objects.count(), GroupPagePermission.objects.count())
    migration.create_groups_and_workflow(apps, None)
    assert (Group.objects.count(), Workflow.objects.count(), GroupPagePermission.objects.count()) == counts


def test_the_migration_reverses_and_runs_again(db):
    migration.remove_groups_and_workflow(apps, None)
    assert not Group.objects.filter(name__in=[EDITORS_GROUP, BOARD_GROUP, MEMBERS_GROUP]).exists()
    assert not Workflow.objects.filter(name=BOARD_WORKFLOW).exists()
    migration.create_groups_and_workflow(apps, None)
    assert Group.objects.filter(name__in=[EDITORS_GROUP, BOARD_GROUP, MEMBERS_GROUP]).count() == 3
    assert Workflow.objects.get(name=BOARD_WORKFLOW).tasks.get().name == BOARD_TASK
