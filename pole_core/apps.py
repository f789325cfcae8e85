from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoleCoreConfig(AppConfig):
    name = "pole_core"
    verbose_name = _("Socle Pôle")
    default_auto_field = "django.db.models.BigAutoField"
