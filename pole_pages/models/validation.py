from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

from ..workflow import validate_on_board_approval


class BoardValidationTask(AbstractGroupApprovalTask):
    """The board's approval step: approving a proposed chantier is what validates it."""

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            validate_on_board_approval(task_state, user)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Les membres des groupes choisis approuvent ou demandent des modifications ; "
            "approuver un chantier proposé le fait passer à l'étape « Validé par le CA »."
        )

    class Meta:
        verbose_name = _("approbation du CA")
        verbose_name_plural = _("approbations du CA")
