"""Registration only: the invitation actions on the directory, the join requests' screens and panel."""

from wagtail import hooks

from pole_directory.models import Person

from .admin_views import (
    InviteOrganisationsBulkAction,
    InvitePeopleBulkAction,
    JoinRequestViewSet,
    PendingJoinRequestsPanel,
    pending_join_requests,
    person_listing_buttons,
)

hooks.register("register_bulk_action", InvitePeopleBulkAction)
hooks.register("register_bulk_action", InviteOrganisationsBulkAction)


@hooks.register("register_snippet_listing_buttons")
def invite_person_button(snippet, user, next_url=None):
    if isinstance(snippet, Person):
        return list(person_listing_buttons(snippet, user, next_url))
    return []


@hooks.register("register_admin_viewset")
def register_join_requests():
    return JoinRequestViewSet()


@hooks.register("construct_homepage_panels")
def add_pending_join_requests_panel(request, panels):
    if request.user.has_perm("pole_members.change_joinrequest"):
        count = pending_join_requests().count()
        if count:
            panels.append(PendingJoinRequestsPanel(count))
