from .chantier import ChantierIndexPage, ChantierMember, ChantierPage
from .event import EventIndexPage, EventPage
from .governance import GovernanceDocumentPage
from .home import ContentPage, HomePage, MapPage, TrombinoscopePage
from .resource import ResourceIndexPage, ResourcePage
from .site_settings import NetworkSettings
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
