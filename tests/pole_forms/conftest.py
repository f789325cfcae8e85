import pytest

from tests.factories.forms import ConsultationPageFactory, ParticipationCallPageFactory
from tests.factories.pages import ChantierIndexPageFactory, ChantierPageFactory


@pytest.fixture
def chantier_index(home):
    return ChantierIndexPageFactory(parent=home, title="Chantiers", slug="chantiers")


@pytest.fixture
def consultation(home):
    return ConsultationPageFactory(parent=home, slug="consultation")


@pytest.fixture
def call(home, chantier_index):
    chantier = ChantierPageFactory(parent=chantier_index, title="Le chantier mobilité", slug="mobilite")
    return ParticipationCallPageFactory(parent=home, slug="appel-mobilite", chantier=chantier)


@pytest.fixture
def answers():
    """A valid HTML post to the consultation, with the honeypot left empty by a person."""
    return {
        "prenom": "Lou",
        "nom": "Martin",
        "courriel": "lou.martin@exemple.fr",
        "theme_propose": "Mobilité douce des publics",
        "description": "Mutualiser des navettes entre les tiers-lieux ruraux.",
        "axes_concernes": ["Ressources"],
        "consent": "on",
        "whf_name": "",
        "whf_time": "1000000000",
    }


@pytest.fixture
def unused_tcp_port():
    """A local port nothing listens on: a mail server there refuses every connection."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
