from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from ..choices import AccessibilityStatus


@register_setting(icon="mail")
class NetworkSettings(BaseSiteSetting):
    """Contact details and links shown in the header and footer and given by the API."""

    organisation_name = models.CharField(_("nom de l'association"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Affiché dans l'en-tête à côté du nom du site et donné aux moteurs de recherche. "
            "De préférence plus large que haut, sur fond transparent."
        ),
    )
    contact_email = models.EmailField(_("courriel de contact"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    address = models.TextField(_("adresse postale"), blank=True)
    mastodon_url = models.URLField(_("Mastodon"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    newsletter_url = models.URLField(_("lettre d'information"), blank=True)
    legal_notice = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page des mentions légales"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_status = models.CharField(
        _("état de conformité au RGAA"),
        max_length=30,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.NON_COMPLIANT,
        help_text=_(
            "Affiché en pied de chaque page : « Accessibilité : … ». Restez à « non conforme » "
            "tant qu'un audit RGAA n'a pas été réalisé."
        ),
    )
    accessibility_statement = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page de la déclaration d'accessibilité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("La mention d'accessibilité du pied de page renvoie vers cette page."),
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("phone"), FieldPanel("address")], heading=_("Contact")
        ),
        MultiFieldPanel(
            [FieldPanel("mastodon_url"), FieldPanel("linkedin_url"), FieldPanel("newsletter_url")],
            heading=_("Liens"),
        ),
        FieldPanel("legal_notice"),
        MultiFieldPanel(
            [FieldPanel("accessibility_status"), FieldPanel("accessibility_statement")],
            heading=_("Accessibilité"),
        ),
    ]

    # Read on every page (header, footer, JSON-LD): one query brings the linked objects along.
    select_related = ["logo", "legal_notice", "accessibility_statement"]
    # One size for the header and for search engines (schema.org asks at least 112px): one rendition.
    LOGO_SPEC = "max-480x160"

    class Meta:
        verbose_name = _("réseau et contact")

    @cached_property
    def logo_rendition(self):
        """The logo's rendition at LOGO_SPEC, or None; looked up once per settings instance (per request)."""
        return self.logo.get_rendition(self.LOGO_SPEC) if self.logo_id else None
