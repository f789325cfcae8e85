"""An action lists the meetings that carry it out, among its chantier's published events only."""

import json

from tests.factories import (
    ChantierIndexPageFactory,
    ChantierPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
)


def test_chantier_page_links_an_actions_published_meetings(client, home):
    chantier = ChantierPageFactory(parent=ChantierIndexPageFactory(parent=home))
    agenda = EventIndexPageFactory(parent=home)
    meeting = EventPageFactory(parent=agenda, chantier=chantier, title="Réunion de lancement")
    draft = EventPageFactory(parent=agenda, chantier=chantier, live=False, title="Réunion en brouillon")
    chantier.actions = json.dumps(
        [{"type": "action", "value": {"title": "Lancer le chantier", "events": [meeting.pk, draft.pk]}}]
    )
    chantier.save_revision().publish()

    html = client.get(chantier.url).content.decode()

    assert f'Réunions et événements : <a href="{meeting.url}">Réunion de lancement</a></p>' in html
    assert "Réunion en brouillon" not in html
