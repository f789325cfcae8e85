"""Superusers set up two-factor authentication before using the admin, when POLE_MEMBERS_SUPERUSER_MFA_REQUIRED says so."""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from .conf import setting

# Both admins: Wagtail's and Django's (when the project installs them); signing out stays possible.
ADMIN_URL_NAMES = ("wagtailadmin_home", "admin:index")
SIGN_OUT_URL_NAMES = ("wagtailadmin_logout", "admin:logout")


class SuperuserMfaMiddleware:
    """Send a superuser without an authenticator app from the admin to allauth's page that activates one.

    Install it after allauth's AccountMiddleware (and Django's authentication and message middleware).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up_mfa(request):
            messages.warning(
                request,
                _(
                    "Les comptes super-administrateurs doivent activer la double authentification avant "
                    "d'accéder à l'administration : scannez le QR code avec votre application d'authentification."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up_mfa(self, request):
        user = request.user
        return (
            setting("POLE_MEMBERS_SUPERUSER_MFA_REQUIRED")
            and user.is_authenticated
            and user.is_superuser
            and request.path.startswith(urls_of(ADMIN_URL_NAMES))
            and request.path not in urls_of(SIGN_OUT_URL_NAMES)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        )


def urls_of(names):
    urls = []
    for name in names:
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            pass
    return tuple(urls)
