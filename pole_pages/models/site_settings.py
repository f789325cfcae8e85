from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="mail")
class NetworkSettings(BaseSiteSetting):
    """Contact details and links shown in the footer and given by the API."""

    organisation_name = models.CharField(_("nom de l'association"), max_length=200, blank=True)
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

    panels = [
        FieldPanel("organisation_name"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("phone"), FieldPanel("address")], heading=_("Contact")
        ),
        MultiFieldPanel(
            [FieldPanel("mastodon_url"), FieldPanel("linkedin_url"), FieldPanel("newsletter_url")],
            heading=_("Liens"),
        ),
        FieldPanel("legal_notice"),
    ]

    class Meta:
        verbose_name = _("réseau et contact")
