from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoleFormsConfig(AppConfig):
    name = "pole_forms"
    verbose_name = _("Formulaires Pôle")
    default_auto_field = "django.db.models.BigAutoField"
