import pytest

from pole_forms.choices import SubmissionStatus
from pole_forms.models import ConsultationPage, ParticipationCallPage, Submission
from pole_site.demo.loader import load_demo

pytestmark = pytest.mark.django_db


def test_demo_has_an_open_resource_survey_and_the_mobility_call_with_submissions_once():
    load_demo()
    load_demo()

    survey = ConsultationPage.objects.live().get(slug="enquete-ressources")
    call = ParticipationCallPage.objects.live().get(slug="appel-participation-mobilite")
    assert survey.is_open()
    assert call.chantier.slug == "mobilite"
    assert call.chantier.linked_forms() == [call]
    assert survey.get_submissions().count() == 3
    assert call.get_submissions().filter(status=SubmissionStatus.ACCEPTED).count() == 1
    assert Submission.objects.count() == 5
