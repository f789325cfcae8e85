"""Factories for the page types and the typed blocks of a chantier.

Without an explicit `parent`, each page gets a fresh parent of the right type (a chantier under a
new chantier list under a new home page), so a factory call always builds a valid tree.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Page
from wagtail.rich_text import RichText

from pole_pages.blocks import ActionBlock, ArticleBlock, TargetBlock
from pole_pages.choices import (
    ActionStatus,
    Audience,
    DocumentKind,
    EventKind,
    MemberRole,
    ProgressSource,
    Recurrence,
    ResourceKind,
    TargetPeriod,
)
from pole_pages.lifecycle import ChantierStatus
from pole_pages.models import (
    ChantierIndexPage,
    ChantierMember,
    ChantierPage,
    ContentPage,
    EventIndexPage,
    EventPage,
    GovernanceDocumentPage,
    HomePage,
    MapPage,
    ResourceIndexPage,
    ResourcePage,
    TrombinoscopePage,
)

from .directory import PersonFactory, unique_name

PARIS = ZoneInfo("Europe/Paris")

CHANTIER_TITLES = [
    "Le chantier mobilité",
    "Le chantier mutualisation de l'emploi",
    "Le chantier des communs pédagogiques",
]


class TargetBlockFactory(wagtail_factories.StructBlockFactory):
    """The seed's "5 à 6 meet-up annuels", followed by hand."""

    minimum = 5
    maximum = 6
    unit = "meet-up"
    period = TargetPeriod.YEAR
    source = ProgressSource.MANUAL
    event_kind = ""
    achieved = 2

    class Meta:
        model = TargetBlock


class ActionBlockFactory(wagtail_factories.StructBlockFactory):
    title = "Organiser 5 à 6 meet-up annuels"
    axis = None
    owner = None
    status = ActionStatus.IN_PROGRESS
    description = "Un meet-up par trimestre dans un tiers-lieu différent."
    target = factory.SubFactory(TargetBlockFactory)

    class Meta:
        model = ActionBlock


class ArticleBlockFactory(wagtail_factories.StructBlockFactory):
    number = factory.Sequence(lambda n: str(n + 1))
    title = "Objet"
    anchor = ""
    body = factory.LazyFunction(
        lambda: RichText("<p>L'association a pour objet de structurer la filière du spectacle vivant.</p>")
    )

    class Meta:
        model = ArticleBlock


class PolePageFactory(wagtail_factories.PageFactory):
    # Wagtail derives the slug from the title, unique among the siblings.
    slug = ""

    class Meta:
        abstract = True


class HomePageFactory(PolePageFactory):
    title = "Pôle spectacle vivant des Pays de la Loire"
    intro = "Le réseau des acteurs du spectacle vivant en Pays de la Loire."
    parent = factory.LazyFunction(Page.get_first_root_node)

    class Meta:
        model = HomePage


class ContentPageFactory(PolePageFactory):
    title = "Les chantiers thématiques"
    intro = "Des espaces de travail composés d'adhérent·es, d'un co-président et de l'équipe salariée."
    parent = factory.SubFactory(HomePageFactory)

    class Meta:
        model = ContentPage


class ChantierIndexPageFactory(PolePageFactory):
    title = "Les chantiers en cours"
    intro = "<p>Soucieux et contributeurs s'organisent en groupes de travail.</p>"
    parent = factory.SubFactory(HomePageFactory)

    class Meta:
        model = ChantierIndexPage


class ChantierPageFactory(PolePageFactory):
    title = unique_name(CHANTIER_TITLES)
    intro = "Faciliter la mobilité des artistes et des publics sur le territoire."
    status = ChantierStatus.PROPOSED
    proposed_on = date(2024, 9, 12)
    actions = wagtail_factories.StreamFieldFactory({"action": factory.SubFactory(ActionBlockFactory)})
    parent = factory.SubFactory(ChantierIndexPageFactory)

    class Meta:
        model = ChantierPage

    class Params:
        # One action, "Organiser 5 à 6 meet-up annuels", with its yearly target.
        with_meetup_target = factory.Trait(actions__0="action")


class ChantierMemberFactory(DjangoModelFactory):
    page = factory.SubFactory(ChantierPageFactory)
    person = factory.SubFactory(PersonFactory)
    organisation = None
    role = MemberRole.MEMBER

    class Meta:
        model = ChantierMember


class ResourceIndexPageFactory(PolePageFactory):
    title = "Ressources"
    intro = "<p>États des lieux, guides, outils et ressources mutualisées.</p>"
    parent = factory.SubFactory(HomePageFactory)

    class Meta:
        model = ResourceIndexPage


class ResourcePageFactory(PolePageFactory):
    title = "Guide de la mobilité des équipes artistiques"
    kind = ResourceKind.GUIDE
    intro = "Un livrable du chantier mobilité, à destination des adhérent·es."
    audiences = factory.LazyFunction(lambda: [Audience.MEMBERS.value, Audience.SECTOR.value])
    parent = factory.SubFactory(ResourceIndexPageFactory)

    class Meta:
        model = ResourcePage


class EventIndexPageFactory(PolePageFactory):
    title = "Agenda"
    intro = "<p>Rencontres professionnelles, meet-up et apéros du réseau.</p>"
    parent = factory.SubFactory(HomePageFactory)

    class Meta:
        model = EventIndexPage


class EventPageFactory(PolePageFactory):
    """A meet-up; the `monthly_apero` trait gives the first-Thursday apéro of the seed."""

    title = "Meet-up des tiers-lieux"
    kind = EventKind.MEETUP
    intro = "Un temps d'échange entre les tiers-lieux de la Métropole."
    start = datetime(2025, 3, 13, 18, 30, tzinfo=PARIS)
    end = datetime(2025, 3, 13, 21, 0, tzinfo=PARIS)
    time_zone = "Europe/Paris"
    address = "5 boulevard de Chantenay, 44100 Nantes"
    parent = factory.SubFactory(EventIndexPageFactory)

    class Meta:
        model = EventPage

    class Params:
        monthly_apero = factory.Trait(
            title="Apéro tiers-lieux",
            kind=EventKind.APERO,
            start=datetime(2025, 1, 2, 18, 30, tzinfo=PARIS),
            end=datetime(2025, 1, 2, 20, 30, tzinfo=PARIS),
            recurrence=Recurrence.MONTHLY_NTH_WEEKDAY,
            recurrence_until=date(2025, 12, 31),
        )


class GovernanceDocumentPageFactory(PolePageFactory):
    title = "Statuts de l'association"
    kind = DocumentKind.STATUTES
    adopted_on = date(2023, 6, 17)
    version = "2023-1"
    articles = wagtail_factories.StreamFieldFactory({"article": factory.SubFactory(ArticleBlockFactory)})
    articles__0 = "article"
    parent = factory.SubFactory(HomePageFactory)

    class Meta:
        model = GovernanceDocumentPage


class TrombinoscopePageFactory(PolePageFactory):
    title = "Trombinoscope"
    intro = "<p>Les personnes qui font vivre le réseau.</p>"
    parent = factory.SubFactory(HomePageFactory)

    class Meta:
        model = TrombinoscopePage


class MapPageFactory(PolePageFactory):
    title = "La carte des tiers-lieux"
    intro = "<p>Les tiers-lieux et les lieux du réseau.</p>"
    parent = factory.SubFactory(HomePageFactory)

    class Meta:
        model = MapPage
