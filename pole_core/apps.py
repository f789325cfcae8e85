from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PoleCoreConfig(AppConfig):
    name = "pole_core"
    verbose_name = _("Socle Pôle")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache, content, database_cache, frontend_cache, webhooks

        content.connect()
        content.content_changed.connect(cache.bump_on_content_changed, dispatch_uid="pole_core.cache")
        content.content_changed.connect(webhooks.send_changes, dispatch_uid="pole_core.webhooks")
        content.content_changed.connect(
            frontend_cache.purge_on_content_changed, dispatch_uid="pole_core.frontend_cache"
        )
        # post_migrate is sent once per app with models; pole_core has none, and Wagtail, which it
        # builds on, is the first to need the cache (its sites' root paths are kept there).
        post_migrate.connect(
            database_cache.create_cache_tables,
            sender=self.apps.get_app_config("wagtailcore"),
            dispatch_uid="pole_core.database_cache",
        )
