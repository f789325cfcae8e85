"""The HTML form pages as a visitor meets them: errors where they belong, input kept, a clear thank-you."""

import re
from datetime import timedelta

from django.utils import timezone

from tests.factories.forms import ParticipationCallPageFactory


def post(client, page, data):
    return client.post(page.url, data)


def test_error_summary_links_to_each_field_in_error(client, consultation, answers):
    response = post(client, consultation, {**answers, "courriel": "pas-un-courriel", "theme_propose": ""})
    html = response.content.decode()
    summary = html.split('<div class="error-summary" role="alert"')[1].split("</div>")[0]
    assert "Le formulaire contient 2 erreurs" in summary
    assert re.findall(r'<a href="#([^"]+)">', summary) == ["id_courriel", "id_theme_propose"]
    assert "<title>Erreur : " in html


def test_field_in_error_is_invalid_and_described_by_its_error(client, consultation, answers):
    html = post(client, consultation, {**answers, "courriel": "pas-un-courriel"}).content.decode()
    widget = re.search(r'<input type="email" name="courriel"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in widget
    assert 'aria-describedby="id_courriel_error"' in widget
    assert 'value="pas-un-courriel"' in widget
    error = html.split('id="id_courriel_error"')[1].split("</div>")[0]
    assert "Saisissez une adresse e-mail valide." in error
    # The error is printed between the label and the input.
    assert html.index('<label for="id_courriel">') < html.index('id="id_courriel_error"') < html.index(widget)


def test_valid_fields_are_neither_invalid_nor_emptied(client, consultation, answers):
    html = post(client, consultation, {**answers, "courriel": ""}).content.decode()
    widget = re.search(r'<input type="text" name="prenom"[^>]*>', html).group(0)
    assert 'value="Lou"' in widget and "aria-invalid" not in widget
    assert 'value="Ressources"' in html and re.search(r'value="Ressources"[^>]*checked', html)


def test_choice_groups_are_fieldsets_described_by_their_error(client, call):
    data = {"prenom": "Lou", "nom": "Martin", "courriel": "lou@exemple.fr", "consent": "on", "whf_name": ""}
    html = post(client, call, {**data, "whf_time": "1000000000"}).content.decode()
    fieldset = re.search(r'<fieldset class="form-field has-error"[^>]*>\s*<legend>([^<]+)', html)
    assert fieldset and fieldset.group(1).strip() == "Disponibilités"
    assert 'aria-describedby="id_disponibilites_error"' in fieldset.group(0)
    assert '<a href="#id_disponibilites_0">' in html


def test_required_fields_are_marked_and_optional_ones_are_not(client, call):
    html = client.get(call.url).content.decode()
    assert '<label for="id_structure">Structure</label>' in html
    assert "Les champs marqués d'un astérisque" in html
    assert '<label for="id_prenom">Prénom <span class="required" aria-hidden="true">*</span></label>' in html
    assert "error-summary" not in html and "<title>Erreur" not in html


def test_consent_checkbox_is_labelled_and_required(client, consultation, answers):
    html = post(client, consultation, {**answers, "consent": ""}).content.decode()
    assert re.search(r'<input type="checkbox" name="consent"[^>]*aria-invalid="true"', html)
    assert '<label for="id_consent">' in html
    assert "Cochez cette case pour envoyer le formulaire." in html


def test_confirmation_page_has_a_clear_heading(client, consultation, answers):
    html = post(client, consultation, answers).content.decode()
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["Merci, votre réponse a bien été envoyée"]
    assert "<title>Réponse envoyée – " in html
    assert "Merci ! L'équipe revient vers vous rapidement." in html


def test_open_call_is_shown_on_its_chantier(client, call):
    html = client.get(call.chantier.url).content.decode()
    section = html.split('id="participer"')[1].split("</section>")[0]
    assert f'<a class="button" href="{call.url}">{call.title}</a>' in section


def test_closed_call_is_not_offered_on_its_chantier(client, call):
    call.closes_at = timezone.now() - timedelta(days=1)
    call.save_revision().publish()
    response = client.get(call.chantier.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"<h1>(.*?)</h1>", html) == [call.chantier.title]
    assert 'id="participer"' not in html and call.url not in html


# Most queries of a chantier page listing its open calls (one of them: the proposals it comes from), and of a
# call's form page.
CHANTIER_PAGE_MAX_QUERIES = 22
FORM_PAGE_MAX_QUERIES = 12


def test_chantier_page_queries_do_not_grow_with_its_calls(client, call, assert_max_queries):
    with_one = assert_max_queries(CHANTIER_PAGE_MAX_QUERIES, client.get, call.chantier.url)
    for i in range(5):
        ParticipationCallPageFactory(parent=call.get_parent(), slug=f"appel-{i}", chantier=call.chantier)
    assert_max_queries(with_one, client.get, call.chantier.url)


def test_form_page_renders_within_its_query_ceiling(client, call, assert_max_queries):
    assert_max_queries(FORM_PAGE_MAX_QUERIES, client.get, call.url)
