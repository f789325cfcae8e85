import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

PASSWORD = "un mot de passe solide 42"


@pytest.fixture(autouse=True)
def fresh_rate_limits(db):
    """allauth counts attempts in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    """The password of the accounts `make_account` creates."""
    return PASSWORD


@pytest.fixture
def make_account(db, django_user_model):
    """An account that signs in with `email` and PASSWORD (verified address, as the team creates them)."""

    def make(email, **fields):
        user = django_user_model.objects.create_user(
            username=email.split("@")[0], email=email, password=PASSWORD, **fields
        )
        assert EmailAddress.objects.filter(user=user, email=email, verified=True, primary=True).exists()
        return user

    return make
