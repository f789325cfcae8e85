"""How allauth behaves for Pôle: accounts come from invitations (or approved join requests), not sign-ups."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # An account is created by the team (an invitation, an approved join request), never by a visitor.
        return False
