"""The board's validation of chantiers in Wagtail's moderation, and the history of their steps.

The rule (which step the board alone reaches) lives in lifecycle.py. This module names the groups and
the "Validation par le CA" workflow that the migration pole_pages 0005 creates, attaches the workflow
to chantier indexes, moves a proposed chantier on when the board's task (models/validation.py) is
approved, and writes the page-history entry that `ChantierPage.save_revision` asks for at each change
of step saved as a revision (an edit in the admin, the board's approval); a change saved without a
revision (`save()` from code) leaves no entry.
"""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

from . import lifecycle
from .lifecycle import ChantierStatus

# Created by the migration pole_pages 0005; the names are how the code finds them again.
EDITORS_GROUP = "Communication"
BOARD_GROUP = "CA"
MEMBERS_GROUP = "Adhérents"
BOARD_WORKFLOW = "Validation par le CA"
BOARD_TASK = "Approbation du CA"

STATUS_LOG_ACTION = "pole.chantier.status"


def board_workflow():
    """The active "Validation par le CA" workflow, or None if an administrator removed it."""
    return Workflow.objects.filter(name=BOARD_WORKFLOW, active=True).first()


def apply_board_workflow(index_page):
    """Make the board's workflow moderate the chantiers under `index_page`; False when there is none.

    The board also gets the right to publish there: Wagtail publishes an approved page as its approver.
    """
    workflow = board_workflow()
    if workflow is None:
        return False
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    board = Group.objects.filter(name=BOARD_GROUP).first()
    if board is not None:
        publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
        GroupPagePermission.objects.get_or_create(group=board, page=index_page, permission=publish)
    return True


def validate_on_board_approval(task_state, user):
    """Before the board's task is approved: a proposed chantier becomes validated, dated today.

    The change is saved as a new revision by the approver; the task state and the workflow are
    pointed at it, so the revision Wagtail publishes when the workflow ends is the validated one.
    Returns that revision, or None when the approval changes no step.
    """
    workflow_state = task_state.workflow_state
    draft = workflow_state.content_object.get_latest_revision_as_object()
    new_status = lifecycle.status_after_board_approval(getattr(draft, "status", None))
    if new_status is None or not hasattr(draft, "move_to"):
        return None
    draft.move_to(new_status)
    revision = draft.save_revision(user=user, clean=False)
    workflow_state.content_object.latest_revision = revision
    task_state.revision = revision
    return revision


def log_status_change(page, old_status, new_status, user, revision):
    """Write "Statut : proposé → validé par le CA" into the page history, with who and when."""
    log(
        instance=page,
        action=STATUS_LOG_ACTION,
        user=user,
        revision=revision,
        data={"old": old_status, "new": new_status},
    )


class StatusChangeFormatter(LogFormatter):
    label = _("Changement d'étape du chantier")

    def format_message(self, log_entry):
        return _("Statut : %(old)s → %(new)s") % {
            "old": status_label(log_entry.data.get("old")),
            "new": status_label(log_entry.data.get("new")),
        }


def status_label(value):
    """The step's label as it reads inside a sentence: "proposé", "validé par le CA"."""
    try:
        label = str(ChantierStatus(value).label)
    except ValueError:
        return value
    return label[:1].lower() + label[1:]
