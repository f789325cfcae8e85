"""The two one-click actions on a submission: a proposal becomes a chantier, a candidate joins the group."""

from django.db import transaction
from django.utils.translation import gettext as _

from pole_directory.models import Person
from pole_pages.choices import MemberRole
from pole_pages.lifecycle import ChantierStatus
from pole_pages.models import ChantierIndexPage, ChantierMember, ChantierPage

from .choices import FieldPurpose, SubmissionStatus
from .models import ConsultationPage, ParticipationCallPage


class ActionRefused(Exception):
    """The action cannot be done; the message says why, for the editor."""


def turn_into_chantier(submission, user=None):
    """Create a draft chantier at status "proposé" from a consultation proposal, linked to it.

    Done once: a second click returns the chantier already made.
    """
    page = submission.page.specific
    if not isinstance(page, ConsultationPage):
        raise ActionRefused(_("Seule une proposition de consultation peut devenir un chantier."))
    if submission.chantier_id:
        return submission.chantier
    index = ChantierIndexPage.objects.descendant_of(page.get_site().root_page).first()
    if index is None:
        raise ActionRefused(_("Créez d'abord la liste des chantiers du site."))
    data = submission.form_data
    title = page.value_of(FieldPurpose.PROPOSAL_TITLE, data) or _("Proposition n° %(id)s") % {
        "id": submission.pk
    }
    with transaction.atomic():
        chantier = ChantierPage(
            title=title[:255],
            intro=page.value_of(FieldPurpose.PROPOSAL_DESCRIPTION, data),
            status=ChantierStatus.PROPOSED,
            proposed_on=submission.submit_time.date(),
            live=False,
            owner=user,
        )
        index.add_child(instance=chantier)
        chantier.save_revision(user=user, log_action=True)
        submission.chantier = chantier
        submission.save(update_fields=["chantier"])
        if not submission.change_status(SubmissionStatus.RETAINED):
            # Retained before: that its proposal becomes a chantier is news to its author.
            submission.announce_decision()
    return chantier


def participant(submission):
    """The directory person of a submission: matched by email, else created without publication consent."""
    page = submission.page.specific
    person = Person.objects.filter(email__iexact=submission.email).first()
    if person is not None:
        return person
    data = submission.form_data
    return Person.objects.create(
        first_name=page.value_of(FieldPurpose.FIRST_NAME, data) or submission.email.split("@")[0],
        last_name=page.value_of(FieldPurpose.LAST_NAME, data),
        email=submission.email,
        publication_consent=False,
    )


def accept_participant(submission, user=None):
    """Add the candidate of a call for participation to its chantier's working group, and keep the link."""
    page = submission.page.specific
    if not isinstance(page, ParticipationCallPage):
        raise ActionRefused(_("Seule une réponse à un appel à participation peut être acceptée."))
    if submission.person_id:
        return submission.person
    if not submission.email:
        raise ActionRefused(
            _("Cette réponse ne donne pas de courriel : impossible de retrouver la personne.")
        )
    if page.places_left() == 0:
        raise ActionRefused(_("Toutes les places sont prises : mettez plutôt la réponse en liste d'attente."))
    with transaction.atomic():
        person = participant(submission)
        add_to_working_group(page.chantier, person, user)
        submission.person = person
        submission.save(update_fields=["person"])
        submission.change_status(SubmissionStatus.ACCEPTED)
    return person


def add_to_working_group(chantier, person, user):
    """Add `person` to the chantier's members in a new revision, without publishing editors' drafts.

    The live page gets the member at once; a pending draft gets it too, so publishing it keeps the member.
    """
    chantier = ChantierPage.objects.get(pk=chantier.pk)
    had_draft = chantier.has_unpublished_changes
    latest = chantier.get_latest_revision_as_object()
    if any(member.person_id == person.pk for member in latest.members.all()):
        return
    latest.members.add(ChantierMember(person=person, role=MemberRole.MEMBER))
    revision = latest.save_revision(user=user, log_action=True)
    if chantier.live and not had_draft:
        revision.publish(user=user)
    elif chantier.live:
        ChantierMember.objects.create(page=chantier, person=person, role=MemberRole.MEMBER)
