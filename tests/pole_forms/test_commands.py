from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from pole_directory.models import Person
from pole_forms.models import Submission
from pole_pages.models import ChantierMember
from tests.factories import ChantierMemberFactory, PersonFactory
from tests.factories.forms import SubmissionFactory

pytestmark = pytest.mark.django_db


def aged(submission, days):
    Submission.objects.filter(pk=submission.pk).update(submit_time=timezone.now() - timedelta(days=days))
    return submission


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_purge_is_a_dry_run_by_default(consultation, settings):
    settings.POLE_FORMS_RETENTION_DAYS = 365
    aged(SubmissionFactory(page=consultation), 400)

    output = run("purge_submissions")

    assert "Simulation : 1 réponse(s)" in output
    assert Submission.objects.count() == 1


def test_purge_removes_only_submissions_past_retention(consultation, settings):
    settings.POLE_FORMS_RETENTION_DAYS = 365
    old = aged(SubmissionFactory(page=consultation), 400)
    recent = aged(SubmissionFactory(page=consultation), 10)

    run("purge_submissions", "--apply")

    assert list(Submission.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Submission.objects.filter(pk=old.pk).exists()


def test_erase_person_removes_submissions_and_directory_entry(consultation, call):
    person = PersonFactory(email="lou@exemple.fr", first_name="Lou", last_name="Martin")
    ChantierMemberFactory(page=call.chantier, person=person)
    SubmissionFactory(page=consultation, email="lou@exemple.fr")
    SubmissionFactory(candidate=True, page=call, email="LOU@exemple.fr")
    kept = SubmissionFactory(page=consultation, email="sam@exemple.fr")

    output = run("erase_person", "lou@exemple.fr")

    assert list(Submission.objects.all()) == [kept]
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not ChantierMember.objects.filter(person_id=person.pk).exists()
    assert output.count("Réponse n°") == 2
    assert "Fiche de « Lou Martin » supprimée de l'annuaire." in output


def test_erase_person_finds_an_email_given_in_an_answer(consultation):
    submission = SubmissionFactory(page=consultation, email="")
    submission.form_data["courriel"] = "lou@exemple.fr"
    submission.save()

    run("erase_person", "lou@exemple.fr")

    assert not Submission.objects.exists()


def test_erase_person_says_when_there_is_nothing(db):
    assert "Aucune donnée trouvée" in run("erase_person", "personne@exemple.fr")


def test_erase_person_reports_the_revisions_and_log_entries_it_cleaned(call):
    from wagtail.log_actions import log
    from wagtail.models import Revision

    person = PersonFactory(email="lou@exemple.fr", first_name="Lou", last_name="Martin")
    ChantierMemberFactory(page=call.chantier, person=person)
    call.chantier.save_revision()
    log(instance=person, action="wagtail.edit")

    output = run("erase_person", "lou@exemple.fr")

    assert "1 révision(s) de pages nettoyée(s)." in output
    assert "1 entrée(s) du journal anonymisée(s)." in output
    assert Revision.objects.get(object_id=str(call.chantier.pk)).content["members"] == []


def test_erase_person_refuses_an_invalid_email(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="n'est pas un courriel valide"):
        run("erase_person", "pas-un-courriel")
