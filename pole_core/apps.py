from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoleCoreConfig(AppConfig):
    name = "pole_core"
    verbose_name = _("Socle Pôle")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache, content, webhooks

        content.connect()
        content.content_changed.connect(cache.bump_on_content_changed, dispatch_uid="pole_core.cache")
        content.content_changed.connect(webhooks.send_changes, dispatch_uid="pole_core.webhooks")
