from django.urls import path

from . import views
from .failed_mails import FailedMailsView
from .inbox import InboxView

app_name = "pole_forms"
urlpatterns = [
    path("inbox/", InboxView.as_view(), name="inbox"),
    path("inbox/results/", InboxView.as_view(results_only=True), name="inbox_results"),
    path("mails/failed/", FailedMailsView.as_view(), name="failed_mails"),
    path("mails/failed/results/", FailedMailsView.as_view(results_only=True), name="failed_mails_results"),
    path("mails/failed/resend/", views.resend_failed_mails, name="resend_failed_mails"),
    path("mails/<int:delivery_id>/resend/", views.resend_mail, name="resend_mail"),
    path("<int:page_id>/status/", views.bulk_status, name="bulk_status"),
    path("<int:page_id>/chantier/", views.turn_into_chantier_view, name="turn_into_chantier"),
    path("<int:page_id>/accept/", views.accept_participant_view, name="accept_participant"),
    path("<int:page_id>/<int:submission_id>/", views.review, name="review"),
]
