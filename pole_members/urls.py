"""The member space, under /mon-espace/ (the accounts' own pages are allauth's, under /compte/)."""

from django.urls import path

from . import join, space

app_name = "pole_members"

urlpatterns = [
    path("", space.overview, name="space"),
    path("fiche/", space.card, name="card"),
    path("donnees.json", space.data_json, name="data_json"),
    path("donnees/", space.data_page, name="data"),
    path("supprimer/", space.erase, name="erase"),
    path("adhesion/", join.join, name="join"),
    path("adhesion/merci/", join.join_thanks, name="join_thanks"),
]
