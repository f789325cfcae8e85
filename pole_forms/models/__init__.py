from .pages import ConsultationPage, FormField, ParticipationCallPage, PoleFormPage
from .submission import Submission

__all__ = ["ConsultationPage", "FormField", "ParticipationCallPage", "PoleFormPage", "Submission"]
