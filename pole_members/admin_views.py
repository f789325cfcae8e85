"""The team's screens: inviting people from the directory, and deciding on join requests."""

from django import forms
from django.contrib.admin.utils import quote
from django.db.models import Prefetch
from django.http import HttpResponseForbidden
from django.shortcuts import get_list_or_404, get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from pole_directory.models import Organisation, Person

from .invitations import AccountStatus, InvitationRefused, account_status, account_status_label, invite_all
from .join import DecisionRefused, approve, decline
from .models import JoinRequest, JoinRequestStatus

INVITE_PERMISSION = "pole_directory.change_person"


def forbidden():
    # A 403 rather than Wagtail's redirect to the dashboard: a refused POST must not look like a success.
    return HttpResponseForbidden(gettext("Vous n'avez pas le droit de faire cette action."))


def invitation_plan(person):
    """What inviting `person` will do, in the team's words."""
    status = account_status(person)
    if status == AccountStatus.ACTIVE:
        return gettext("déjà membre : compte actif")
    if not person.email:
        return gettext("sans courriel : ne sera pas invité·e")
    if status == AccountStatus.INVITED:
        return gettext("sera invité·e à nouveau (%(status)s)") % {"status": account_status_label(person)}
    return gettext("sera invité·e à %(email)s") % {"email": person.email}


def people_for_invitation():
    return Person.objects.select_related("account", "organisation").prefetch_related("invitations")


class InvitationBulkAction(SnippetBulkAction):
    """Shared by the people's and the organisations' actions: confirm, invite, report the counts."""

    template_name = "pole_members/admin/confirm_invite.html"
    action_priority = 50

    def __init__(self, request, model):
        super().__init__(request, model)
        if not get_valid_next_url_from_request(request):
            # Without `next` (a link from the « Inviter » button or a mail), back to the listing.
            self.next_url = reverse(model.snippet_viewset.get_url_name("list"))

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(INVITE_PERMISSION):
            return forbidden()
        return super().dispatch(request, *args, **kwargs)

    def people(self, objects):
        raise NotImplementedError

    @classmethod
    def execute_action(cls, objects, self=None, **kwargs):
        self.report = invite_all(self.people(objects), invited_by=self.request.user)
        return self.report.sent, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        for reason in self.report.refused:
            messages.warning(self.request, reason)
        return self.report.summary()


class InvitePeopleBulkAction(InvitationBulkAction):
    display_name = _("Inviter")
    action_type = "invite"
    aria_label = _("Inviter les personnes sélectionnées à ouvrir leur compte")
    models = [Person]

    @classmethod
    def get_queryset(cls, model, object_ids):
        return get_list_or_404(people_for_invitation(), pk__in=object_ids)

    def object_context(self, person):
        return {**super().object_context(person), "plan": invitation_plan(person)}

    def people(self, objects):
        return objects


class InviteOrganisationsBulkAction(InvitationBulkAction):
    display_name = _("Inviter les personnes de ces structures")
    action_type = "invite_people"
    aria_label = _("Inviter les personnes des structures sélectionnées à ouvrir leur compte")
    models = [Organisation]

    @classmethod
    def get_queryset(cls, model, object_ids):
        organisations = Organisation.objects.prefetch_related(
            Prefetch("people", queryset=people_for_invitation())
        )
        return get_list_or_404(organisations, pk__in=object_ids)

    def object_context(self, organisation):
        return {
            **super().object_context(organisation),
            "people": [
                {"item": person, "plan": invitation_plan(person)} for person in organisation.people.all()
            ],
        }

    def people(self, objects):
        return [person for organisation in objects for person in organisation.people.all()]


def invite_person_url(person, next_url=None):
    """The confirmation page of the « Inviter » action for one person."""
    query = {"id": person.pk}
    if next_url:
        query["next"] = next_url
    url = reverse(
        "wagtail_bulk_action", args=["pole_directory", "person", InvitePeopleBulkAction.action_type]
    )
    return f"{url}?{urlencode(query)}"


def person_listing_buttons(person, user, next_url=None):
    if person.email and user.has_perm(INVITE_PERMISSION):
        yield Button(_("Inviter"), url=invite_person_url(person, next_url), icon_name="mail", priority=60)


# Join requests


def may_approve(user):
    # Approving adds the person to the directory and invites them.
    return user.has_perms(["pole_members.change_joinrequest", "pole_directory.add_person", INVITE_PERMISSION])


def may_decline(user):
    return user.has_perm("pole_members.change_joinrequest")


def decision_buttons(join_request, user, button_class=Button):
    if not join_request.is_pending:
        return []
    buttons = []
    if may_approve(user):
        buttons.append(
            button_class(
                _("Accepter"),
                url=reverse("join_requests:approve", args=[quote(join_request.pk)]),
                icon_name="check",
                priority=5,
            )
        )
    if may_decline(user):
        buttons.append(
            button_class(
                _("Refuser"),
                url=reverse("join_requests:decline", args=[quote(join_request.pk)]),
                icon_name="cross",
                priority=6,
            )
        )
    return buttons


class JoinRequestIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return [*decision_buttons(instance, self.request.user), *super().get_list_more_buttons(instance)]


class JoinRequestEditView(EditView):
    @cached_property
    def header_buttons(self):
        return decision_buttons(self.object, self.request.user, button_class=HeaderButton)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Il figure dans le courriel envoyé à la personne : restez courtois et précis."),
    )


class DecisionView(WagtailAdminTemplateMixin, FormView):
    """Confirm a decision on a pending request (POST only changes anything)."""

    template_name = "pole_members/admin/join_request_decision.html"
    header_icon = "user"
    form_class = forms.Form

    def dispatch(self, request, pk):
        self.object = get_object_or_404(JoinRequest.objects.select_related("organisation"), pk=pk)
        if not self.is_allowed(request.user):
            return forbidden()
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse("join_requests:index"),
                "label": JoinRequest._meta.verbose_name_plural.capitalize(),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "join_request": self.object,
            "submit_label": self.submit_label,
        }

    def form_valid(self, form):
        try:
            message = self.decide(form)
        except (DecisionRefused, InvitationRefused) as refusal:
            messages.error(self.request, refusal.message)
        else:
            messages.success(self.request, message)
        return redirect("join_requests:index")


class ApproveView(DecisionView):
    page_title = _("Accepter la demande")
    submit_label = _("Oui, accepter et inviter")

    def is_allowed(self, user):
        return may_approve(user)

    def decide(self, form):
        return approve(self.object, decided_by=self.request.user)


class DeclineView(DecisionView):
    page_title = _("Refuser la demande")
    submit_label = _("Refuser et prévenir la personne")
    form_class = DeclineForm

    def is_allowed(self, user):
        return may_decline(user)

    def decide(self, form):
        return decline(self.object, decided_by=self.request.user, reason=form.cleaned_data["reason"])


class JoinRequestViewSet(ModelViewSet):
    model = JoinRequest
    name = "join_requests"
    url_prefix = "demandes-adhesion"
    icon = "user"
    menu_label = _("Demandes d'adhésion")
    menu_order = 290
    add_to_admin_menu = True
    index_view_class = JoinRequestIndexView
    edit_view_class = JoinRequestEditView
    list_display = ["full_name", "email", "organisation_name", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["first_name", "last_name", "email", "organisation_name"]
    form_fields = ["first_name", "last_name", "email", "organisation_name", "organisation", "message"]
    copy_view_enabled = False

    def get_index_view_kwargs(self, **kwargs):
        # Requests come from visitors; the team decides on them but does not write them.
        return {**super().get_index_view_kwargs(**kwargs), "add_url_name": None}

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("approve/<int:pk>/", ApproveView.as_view(), name="approve"),
            path("decline/<int:pk>/", DeclineView.as_view(), name="decline"),
        ]


def pending_join_requests():
    return JoinRequest.objects.filter(status=JoinRequestStatus.PENDING)


class PendingJoinRequestsPanel(Component):
    name = "pending_join_requests"
    order = 90
    template_name = "pole_members/admin/pending_join_requests_panel.html"

    def __init__(self, count):
        self.count = count

    def get_context_data(self, parent_context=None):
        return {"count": self.count}
