from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoleMembersConfig(AppConfig):
    name = "pole_members"
    verbose_name = _("Espace adhérent·es Pôle")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the receivers)
