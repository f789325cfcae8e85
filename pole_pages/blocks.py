"""StreamField blocks: the generic content blocks and the typed parts of a chantier."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from pole_core.api.images import image_out

from .choices import (
    ActionStatus,
    Audience,
    DeliverableStatus,
    EventKind,
    MissionHolder,
    Priority,
    ProgressSource,
    TargetPeriod,
)

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"))
    text = blocks.RichTextBlock(label=_("texte"), features=RICH_TEXT_FEATURES)

    class Meta:
        label = _("étape")


class StepsBlock(blocks.StructBlock):
    """A numbered process, such as the five steps from a proposed theme to a restitution."""

    heading = blocks.CharBlock(label=_("titre"), required=False)
    steps = blocks.ListBlock(StepBlock(), label=_("étapes"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("étapes numérotées")
        template = "pole_pages/blocks/steps.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("texte du lien"))
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("ou adresse externe"), required=False)

    class Meta:
        icon = "link"
        label = _("lien mis en avant")
        template = "pole_pages/blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Choisissez une page ou une adresse externe, pas les deux."))
                }
            )
        return value


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("citation"))
    author = blocks.CharBlock(label=_("auteur·rice"), required=False)

    class Meta:
        icon = "openquote"
        label = _("citation")
        template = "pole_pages/blocks/quote.html"


class RenditionImageBlock(ImageBlock):
    """An image with its alt text; the API gives it as renditions, like every other image."""

    def get_api_representation(self, value, context=None):
        request = (context or {}).get("request")
        if value is None or request is None:
            return super().get_api_representation(value, context)
        return {
            **image_out(value, request),
            "alt": value.contextual_alt_text or "",
            "decorative": value.decorative,
        }

    class Meta:
        icon = "image"


class ContentStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("intertitre"), icon="title", template="pole_pages/blocks/heading.html")
    paragraph = blocks.RichTextBlock(label=_("paragraphe"), features=RICH_TEXT_FEATURES)
    image = RenditionImageBlock(label=_("image"))
    quote = QuoteBlock()
    steps = StepsBlock()
    call_to_action = CallToActionBlock()
    embed = EmbedBlock(label=_("média intégré"))
    document = DocumentChooserBlock(label=_("document"), template="pole_pages/blocks/document.html")


class AttachmentStreamBlock(blocks.StreamBlock):
    document = DocumentChooserBlock(label=_("document"))
    link = blocks.StructBlock(
        [("title", blocks.CharBlock(label=_("titre"))), ("url", blocks.URLBlock(label=_("adresse")))],
        label=_("lien"),
        icon="link",
    )


# The parts of a chantier fixed at its first meeting.


class ObjectiveBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("objectif"))
    priority = blocks.ChoiceBlock(label=_("priorité"), choices=Priority.choices, default=Priority.MEDIUM)
    description = blocks.TextBlock(label=_("précisions"), required=False)

    class Meta:
        icon = "pick"
        label = _("objectif")


class DeliverableBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("livrable"))
    priority = blocks.ChoiceBlock(label=_("priorité"), choices=Priority.choices, default=Priority.MEDIUM)
    due_date = blocks.DateBlock(label=_("échéance"), required=False)
    status = blocks.ChoiceBlock(
        label=_("état"), choices=DeliverableStatus.choices, default=DeliverableStatus.PLANNED
    )
    resource = blocks.PageChooserBlock(
        label=_("ressource qui le livre"),
        page_type="pole_pages.ResourcePage",
        required=False,
        help_text=_("La fiche ressource publiée quand le livrable est prêt."),
    )

    class Meta:
        icon = "doc-full"
        label = _("livrable")


class MissionBlock(blocks.StructBlock):
    holder = blocks.ChoiceBlock(
        label=_("qui"),
        choices=MissionHolder.choices,
    )
    person = SnippetChooserBlock("pole_directory.Person", label=_("personne"), required=False)
    mission = blocks.TextBlock(label=_("mission"))

    class Meta:
        icon = "user"
        label = _("mission")


class TargetBlock(blocks.StructBlock):
    """ "5 à 6 meet-up par an": minimum 5, maximum 6, unit "meet-up", period "par an"."""

    minimum = blocks.IntegerBlock(label=_("objectif minimum"), min_value=1, required=False)
    maximum = blocks.IntegerBlock(
        label=_("objectif maximum"),
        min_value=1,
        required=False,
        help_text=_("Laissez vide pour une cible unique."),
    )
    unit = blocks.CharBlock(
        label=_("unité"), required=False, help_text=_("Par exemple « meet-up », « apéro ».")
    )
    period = blocks.ChoiceBlock(label=_("période"), choices=TargetPeriod.choices, default=TargetPeriod.YEAR)
    source = blocks.ChoiceBlock(
        label=_("suivi"), choices=ProgressSource.choices, default=ProgressSource.MANUAL
    )
    event_kind = blocks.ChoiceBlock(
        label=_("type d'événement compté"),
        required=False,
        choices=EventKind.choices,
        help_text=_("Pour un suivi par les événements : seuls les événements de ce type sont comptés."),
    )
    achieved = blocks.IntegerBlock(label=_("réalisé (saisie à la main)"), min_value=0, required=False)

    class Meta:
        label = _("cible")
        form_classname = "struct-block target-block"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value["maximum"] and not value["minimum"]:
            errors["minimum"] = ValidationError(_("Indiquez un minimum avant un maximum."))
        elif value["maximum"] and value["maximum"] < value["minimum"]:
            errors["maximum"] = ValidationError(_("Le maximum doit être supérieur ou égal au minimum."))
        if value["source"] == ProgressSource.EVENTS and value["minimum"] and not value["event_kind"]:
            errors["event_kind"] = ValidationError(_("Choisissez le type d'événement à compter."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class ActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("action"))
    axis = SnippetChooserBlock("pole_directory.Axis", label=_("axe"), required=False)
    owner = SnippetChooserBlock("pole_directory.Person", label=_("pilote"), required=False)
    status = blocks.ChoiceBlock(
        label=_("état"),
        choices=ActionStatus.choices,
        default=ActionStatus.TODO,
    )
    description = blocks.TextBlock(label=_("précisions"), required=False)
    target = TargetBlock(required=False)
    events = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="pole_pages.EventPage", label=_("événement")),
        label=_("réunions et événements"),
        default=[],
        help_text=_(
            "Les réunions et événements de ce chantier qui réalisent l'action ; "
            "un événement se relie au chantier depuis sa propre page."
        ),
    )

    class Meta:
        icon = "tasks"
        label = _("action")


class RecommendationBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("préconisation"), features=RICH_TEXT_FEATURES)
    audiences = blocks.MultipleChoiceBlock(
        label=_("destinataires"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        icon = "pick"
        label = _("préconisation")


class ArticleBlock(blocks.StructBlock):
    """An article of a governance document, with a stable anchor for links."""

    number = blocks.CharBlock(label=_("numéro"), help_text=_("Par exemple « 1 », « 4 bis »."))
    title = blocks.CharBlock(label=_("titre"), required=False)
    anchor = blocks.CharBlock(
        label=_("ancre"),
        required=False,
        help_text=_("Laissez vide pour « article-<numéro> ». Ne la changez plus une fois publiée."),
    )
    body = blocks.RichTextBlock(label=_("texte"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full-inverse"
        label = _("article")
        template = "pole_pages/blocks/article.html"


def article_anchor(article):
    return slugify(article["anchor"] or f"article-{article['number']}")
