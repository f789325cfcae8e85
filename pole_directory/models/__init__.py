from .axis import Axis
from .organisation import Organisation
from .person import Person, PersonQuerySet, PersonRole
from .place import Place, PlaceKind, PlaceStatus

__all__ = [
    "Axis",
    "Organisation",
    "Person",
    "PersonQuerySet",
    "PersonRole",
    "Place",
    "PlaceKind",
    "PlaceStatus",
]
