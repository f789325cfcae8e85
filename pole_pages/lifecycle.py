"""The chantier life cycle: its steps, the allowed moves between them, and the date kept for each.

This is the only place that knows the rules; the page model, the admin and the API call it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChantierStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposé")
    VALIDATED = "validated", _("Validé par le CA")
    CALL_FOR_PARTICIPATION = "call_for_participation", _("Appel à participation")
    ONGOING = "ongoing", _("En cours")
    RESTITUTION = "restitution", _("Restitution")
    CLOSED = "closed", _("Clôturé")


STEPS = list(ChantierStatus)

# The page field that keeps the date each step was reached.
DATE_FIELDS = {
    ChantierStatus.PROPOSED: "proposed_on",
    ChantierStatus.VALIDATED: "validated_on",
    ChantierStatus.CALL_FOR_PARTICIPATION: "call_opened_on",
    ChantierStatus.ONGOING: "started_on",
    ChantierStatus.RESTITUTION: "restitution_on",
    ChantierStatus.CLOSED: "closed_on",
}


def allowed_moves(status):
    """Statuses reachable from `status`: the next step, or closing (a chantier may be abandoned)."""
    status = ChantierStatus(status)
    if status == ChantierStatus.CLOSED:
        return set()
    index = STEPS.index(status)
    return {STEPS[index + 1], ChantierStatus.CLOSED}


def check_move(current, new):
    """Raise a ValidationError on the `status` field when `current → new` skips or reverses a step."""
    if current is None or current == new or new in allowed_moves(current):
        return
    raise ValidationError(
        {
            "status": _(
                "Un chantier « %(current)s » ne peut pas passer directement à « %(new)s ». "
                "Étapes possibles : %(allowed)s."
            )
            % {
                "current": ChantierStatus(current).label,
                "new": ChantierStatus(new).label,
                "allowed": ", ".join(str(s.label) for s in STEPS if s in allowed_moves(current))
                or _("aucune (chantier clôturé)"),
            }
        }
    )


def step_index(status):
    return STEPS.index(ChantierStatus(status))


# Steps only the board reaches, by approving the "Validation par le CA" workflow task.
BOARD_STEPS = {ChantierStatus.VALIDATED}


def check_board_step(current, new):
    """Raise a ValidationError on `status` when an editor sets a step the board alone decides.

    The admin edit form calls it; the board's approval (pole_pages.workflow) moves the chantier.
    """
    if new in BOARD_STEPS and current != new:
        raise ValidationError(
            {
                "status": _(
                    "Seul le CA peut valider un chantier : enregistrez-le à l'étape « %(proposed)s » "
                    "puis soumettez-le au workflow « Validation par le CA »."
                )
                % {"proposed": ChantierStatus.PROPOSED.label}
            }
        )


def status_after_board_approval(current):
    """The step the board's approval moves a chantier to, or None when its approval changes no step."""
    return ChantierStatus.VALIDATED if current == ChantierStatus.PROPOSED else None
