from django.apps import AppConfig


class PoleSiteConfig(AppConfig):
    name = "pole_site"
    verbose_name = "Pôle (site de référence)"
