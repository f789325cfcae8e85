from .mail import MailDelivery
from .pages import ConsultationPage, FormField, ParticipationCallPage, PoleFormPage
from .submission import Submission
from .throttle import ThrottleWindow

__all__ = [
    "ConsultationPage",
    "FormField",
    "MailDelivery",
    "ParticipationCallPage",
    "PoleFormPage",
    "Submission",
    "ThrottleWindow",
]
