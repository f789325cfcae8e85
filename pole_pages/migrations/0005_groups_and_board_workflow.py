"""The network's groups and the board's "Validation par le CA" workflow on the chantier indexes.

- Communication (the editors): Wagtail admin; add, edit, publish, lock/unlock every page of the
  tree (form submissions come with the form pages); the directory snippets; images, documents;
  the form answers' review.
- CA (the board): Wagtail admin; approves the "Approbation du CA" task and may publish the
  chantiers (on each chantier list: Wagtail publishes an approved page as its approver); sees
  what the editors see without changing it (page "lock" on the root is Wagtail's weakest page
  permission that opens the page explorer).
- Adhérents (the members): no permission at all; they log in to answer members-only forms.

Running it twice changes nothing; reversing it removes the groups, the workflow and its task.
"""

from django.apps import apps as global_apps
from django.db import migrations

EDITORS, BOARD, MEMBERS = "Communication", "CA", "Adhérents"
WORKFLOW, TASK = "Validation par le CA", "Approbation du CA"

DIRECTORY_MODELS = ["axis", "organisation", "person", "place"]
EDITOR_PAGE_ACTIONS = ["add", "change", "publish", "lock", "unlock"]
BOARD_PAGE_ACTIONS = ["lock"]
COLLECTION_PERMISSIONS = {
    EDITORS: {
        "image": ["add", "change", "delete", "choose"],
        "document": ["add", "change", "delete", "choose"],
    },
    BOARD: {"image": ["choose"], "document": ["choose"]},
}


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
    )
    return found


def model_permissions(apps):
    """{group name: [Permission]} for the permissions that are not tied to a page or a collection."""
    admin = permission(apps, "wagtailadmin", "admin", "access_admin")
    editors = [admin]
    board = [admin]
    for model in DIRECTORY_MODELS:
        editors += [
            permission(apps, "pole_directory", model, f"{action}_{model}")
            for action in ("add", "change", "delete", "view")
        ]
        board.append(permission(apps, "pole_directory", model, f"view_{model}"))
    # pole_forms comes after pole_pages in the dependency order: its answers are reviewed when it is installed.
    if global_apps.is_installed("pole_forms"):
        editors += [
            permission(apps, "pole_forms", "submission", f"{action}_submission")
            for action in ("view", "change", "delete")
        ]
        board.append(permission(apps, "pole_forms", "submission", "view_submission"))
    return {EDITORS: editors, BOARD: board, MEMBERS: []}


def create_groups_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (EDITORS, BOARD, MEMBERS)}
    for name, permissions in model_permissions(apps).items():
        groups[name].permissions.add(*permissions)

    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for name, actions in ((EDITORS, EDITOR_PAGE_ACTIONS), (BOARD, BOARD_PAGE_ACTIONS)):
            for action in actions:
                GroupPagePermission.objects.get_or_create(
                    group=groups[name],
                    page=root_page,
                    permission=permission(apps, "wagtailcore", "page", f"{action}_page"),
                )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for name, models in COLLECTION_PERMISSIONS.items():
            for model, actions in models.items():
                app_label = "wagtailimages" if model == "image" else "wagtaildocs"
                for action in actions:
                    GroupCollectionPermission.objects.get_or_create(
                        group=groups[name],
                        collection=root_collection,
                        permission=permission(apps, app_label, model, f"{action}_{model}"),
                    )

    create_board_workflow(apps, groups[BOARD])


def create_board_workflow(apps, board):
    ContentType = apps.get_model("contenttypes.ContentType")
    BoardValidationTask = apps.get_model("pole_pages.BoardValidationTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    ChantierIndexPage = apps.get_model("pole_pages.ChantierIndexPage")

    task_type, _created = ContentType.objects.get_or_create(
        app_label="pole_pages", model="boardvalidationtask"
    )
    task, _created = BoardValidationTask.objects.get_or_create(
        name=TASK, defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(board)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    publish = permission(apps, "wagtailcore", "page", "publish_page")
    for index in ChantierIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})
        # Wagtail publishes an approved page as its approver: the board publishes the chantiers it approves.
        GroupPagePermission.objects.get_or_create(group=board, page_id=index.pk, permission=publish)


def remove_groups_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    BoardValidationTask = apps.get_model("pole_pages.BoardValidationTask")
    # Workflow pages, workflow tasks and the groups' permissions go with them (cascade).
    Workflow.objects.filter(name=WORKFLOW).delete()
    BoardValidationTask.objects.filter(name=TASK).delete()
    Group.objects.filter(name__in=[EDITORS, BOARD, MEMBERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pole_pages", "0004_board_validation_task_and_chantier_help"),
        ("pole_directory", "0002_editor_permissions"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups_and_workflow, remove_groups_and_workflow)]
