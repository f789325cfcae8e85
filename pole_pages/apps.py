from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolePagesConfig(AppConfig):
    name = "pole_pages"
    verbose_name = _("Pages Pôle")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signals import connect_board_workflow

        connect_board_workflow()
