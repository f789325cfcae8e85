from .chantier import ChantierIndexPage, ChantierMember, ChantierPage
from .content import ContentPage
from .event import EventIndexPage, EventPage
from .governance import GovernanceDocumentPage
from .home import HomePage
from .map import MapPage
from .resource import ResourceIndexPage, ResourcePage
from .site_settings import NetworkSettings
from .trombinoscope import TrombinoscopePage
from .validation import BoardValidationTask

__all__ = [
    "BoardValidationTask",
    "ChantierIndexPage",
    "ChantierMember",
    "ChantierPage",
    "ContentPage",
    "EventIndexPage",
    "EventPage",
    "GovernanceDocumentPage",
    "HomePage",
    "MapPage",
    "NetworkSettings",
    "ResourceIndexPage",
    "ResourcePage",
    "TrombinoscopePage",
]
