import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.models import Page, Site

from tests.factories import HomePageFactory


@pytest.fixture
def home(db):
    """A HomePage at the root of the default site, in place of Wagtail's welcome page."""
    root = Page.get_first_root_node()
    welcome_pages = list(root.get_children())
    home = HomePageFactory(parent=root, title="Accueil", slug="accueil")
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    for page in welcome_pages:
        page.delete()
    return home


@pytest.fixture
def other_site(db, settings):
    """A second site on another host, with its own home page."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "autre.example"]
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Autre réseau", slug="autre-reseau")
    Site.objects.create(hostname="autre.example", port=80, root_page=home, site_name="Autre réseau")
    return home


@pytest.fixture
def editor(db, django_user_model):
    """A member of Wagtail's "Editors" group: page permissions from Wagtail, directory ones from ours."""
    user = django_user_model.objects.create_user(
        username="camille", email="camille@exemple.fr", password="motdepasse", first_name="Camille"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", email="admin@exemple.fr", password="motdepasse"
    )


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(autouse=True)
def french(settings):
    """Each test starts in the site's language: a request in another one must not leak into the next test."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
