from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoleDirectoryConfig(AppConfig):
    name = "pole_directory"
    verbose_name = _("Annuaire Pôle")
    default_auto_field = "django.db.models.BigAutoField"
