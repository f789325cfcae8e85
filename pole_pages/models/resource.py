from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import BaseViewRestriction, Page
from wagtail.search import index

from pole_directory.fields import ChoiceListField

from ..blocks import RICH_TEXT_FEATURES, AttachmentStreamBlock, ContentStreamBlock
from ..choices import Audience, ResourceAccess, ResourceKind
from ..serializers import AxesField, LivePageField, OrganisationField
from .listing import ListingPage

# The collection privacy that keeps a document to signed-in visitors (a password is no member's sign-in).
SIGNED_IN_RESTRICTIONS = [BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS]


class ResourceIndexPage(ListingPage):
    subpage_types = ["pole_pages.ResourcePage"]
    max_count_per_parent = 1
    filterset_class = "pole_pages.filters.ResourceFilterSet"
    filter_fields = ("kind", "audience", "axis")

    class Meta:
        verbose_name = _("centre de ressources")
        verbose_name_plural = _("centres de ressources")

    def resources(self):
        """Published resources with their axes, in a fixed number of queries."""
        return self.public_children(ResourcePage).prefetch_related("axes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        resources, context["filter_fields"] = self.filter_listing(request, self.resources())
        context["resources"] = self.paginate(request, resources)
        return context


class ResourcePage(Page):
    """A state of the art, a guide, a tool, a training, data, a pedagogical common or a pooled resource."""

    kind = models.CharField(_("type de ressource"), max_length=30, choices=ResourceKind.choices)
    intro = models.TextField(_("résumé"), blank=True)
    body = StreamField(ContentStreamBlock(), verbose_name=_("contenu"), blank=True)
    audiences = ChoiceListField(_("destinataires"), choices=Audience.choices)
    axes = ParentalManyToManyField(
        "pole_directory.Axis", verbose_name=_("axes"), blank=True, related_name="resources"
    )
    chantier = models.ForeignKey(
        "pole_pages.ChantierPage",
        verbose_name=_("chantier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        help_text=_("Le chantier dont la ressource est un livrable, le cas échéant."),
    )
    owner_organisation = models.ForeignKey(
        "pole_directory.Organisation",
        verbose_name=_("structure qui la met à disposition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    attachments = StreamField(
        AttachmentStreamBlock(),
        verbose_name=_("documents et liens"),
        blank=True,
        help_text=_("Fichiers de la médiathèque ou liens externes."),
    )
    access = models.CharField(
        _("accès"), max_length=20, choices=ResourceAccess.choices, default=ResourceAccess.PUBLIC
    )
    sharing_conditions = RichTextField(
        _("conditions de partage"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Obligatoire pour une ressource mutualisée : qui peut l'emprunter, à quel coût, comment réserver."
        ),
    )

    parent_page_types = ["pole_pages.ResourceIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("audiences"),
        FieldPanel("axes", widget=forms.CheckboxSelectMultiple),
        PageChooserPanel("chantier", "pole_pages.ChantierPage"),
        FieldPanel("owner_organisation"),
        FieldPanel("body"),
        FieldPanel("attachments"),
        MultiFieldPanel(
            [FieldPanel("access"), FieldPanel("sharing_conditions")], heading=_("Accès et partage")
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("access"),
    ]
    api_fields = [
        APIField("kind"),
        APIField("intro"),
        APIField("body"),
        APIField("audiences"),
        APIField("axes", serializer=AxesField()),
        APIField("chantier", serializer=LivePageField()),
        APIField("owner_organisation", serializer=OrganisationField()),
        APIField("attachments"),
        APIField("access"),
        APIField("sharing_conditions"),
    ]

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")

    def audience_labels(self):
        return self._meta.get_field("audiences").labels(self.audiences)

    @property
    def is_members_only(self):
        return self.access == ResourceAccess.MEMBERS

    def documents(self):
        """The library's documents among its attachments."""
        return [block.value for block in self.attachments if block.block_type == "document" and block.value]

    def documents_open_to_anyone(self):
        """Its documents that anyone may download: their collection asks for no sign-in nor group."""
        return [
            document
            for document in self.documents()
            if not any(
                restriction.restriction_type in SIGNED_IN_RESTRICTIONS
                for restriction in document.collection.get_view_restrictions()
            )
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == ResourceKind.POOLED and not self.sharing_conditions:
            errors["sharing_conditions"] = _("Décrivez les conditions de partage d'une ressource mutualisée.")
        open_documents = self.documents_open_to_anyone() if self.is_members_only else []
        if open_documents:
            errors["attachments"] = _(
                "Une ressource réservée aux adhérent·es ne peut joindre que des documents téléchargeables "
                "après connexion : rangez %(documents)s dans une collection privée (connexion obligatoire "
                "ou groupes), comme « Documents des adhérent·es »."
            ) % {"documents": ", ".join(f"« {document.title} »" for document in open_documents)}
        if errors:
            raise ValidationError(errors)
