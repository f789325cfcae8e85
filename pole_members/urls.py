"""The member space, under /mon-espace/ (the accounts' own pages are allauth's, under /compte/)."""

from django.urls import path

from . import space

app_name = "pole_members"

urlpatterns = [
    path("", space.overview, name="space"),
]
