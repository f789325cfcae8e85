from django.urls import path

from . import views

app_name = "pole_forms"
urlpatterns = [
    path("<int:page_id>/status/", views.bulk_status, name="bulk_status"),
    path("<int:page_id>/chantier/", views.turn_into_chantier_view, name="turn_into_chantier"),
    path("<int:page_id>/accept/", views.accept_participant_view, name="accept_participant"),
    path("<int:page_id>/<int:submission_id>/", views.review, name="review"),
]
