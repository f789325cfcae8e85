import pytest


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
