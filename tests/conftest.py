import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page, Site

from tests.factories import (
    ChantierIndexPageFactory,
    ChantierPageFactory,
    EventIndexPageFactory,
    HomePageFactory,
    ResourceIndexPageFactory,
)
from tests.factories.forms import ConsultationPageFactory, ParticipationCallPageFactory
from tests.ports import free_port


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
def chantier_index(home):
    return ChantierIndexPageFactory(parent=home, title="Chantiers", slug="chantiers")


@pytest.fixture
def resource_index(home):
    return ResourceIndexPageFactory(parent=home, title="Ressources", slug="ressources")


@pytest.fixture
def event_index(home):
    return EventIndexPageFactory(parent=home, title="Agenda", slug="agenda")


@pytest.fixture
def consultation(home):
    return ConsultationPageFactory(parent=home, slug="consultation")


@pytest.fixture
def call(home, chantier_index):
    """An open call for participation in the chantier « Le chantier mobilité »."""
    chantier = ChantierPageFactory(parent=chantier_index, title="Le chantier mobilité", slug="mobilite")
    return ParticipationCallPageFactory(parent=home, slug="appel-mobilite", chantier=chantier)


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


@pytest.fixture
def make_client(db, django_user_model):
    """A signed-in client for a new user in `groups` (names of existing groups or Group objects)."""

    def make(username, *groups):
        user = django_user_model.objects.create_user(username=username, password="motdepasse")
        for group in groups:
            user.groups.add(group if isinstance(group, Group) else Group.objects.get(name=group))
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def admin_access_group(db):
    """A group that may open the admin, and nothing more: no page, no form, no snippet."""
    group = Group.objects.create(name="Accès à l'administration")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


@pytest.fixture(autouse=True)
def french(settings):
    """Each test starts in the site's language: a request in another one must not leak into the next test."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def unused_tcp_port():
    """A local port nothing listens on: a mail server there refuses every connection."""
    return free_port()


@pytest.fixture
def assert_max_queries(db):
    """`assert_max_queries(ceiling, call, *args, **kwargs)`: the number of queries of `call(*args, **kwargs)`.

    `call` runs twice and only the second run is counted: the first one fills what the site keeps
    from one request to the next (renditions, content types, site root paths). When `call` gives
    a response, it must be a 200. More than `ceiling` queries fails with the list of the queries.
    """

    def check(ceiling, call, *args, **kwargs):
        arguments = [*map(repr, args), *(f"{name}={value!r}" for name, value in kwargs.items())]
        label = f"{call.__qualname__}({', '.join(arguments)})"
        call(*args, **kwargs)
        with CaptureQueriesContext(connection) as captured:
            result = call(*args, **kwargs)
        status = getattr(result, "status_code", 200)
        assert status == 200, f"{label} answered {status}, not 200: its queries would not be the page's"
        if len(captured) > ceiling:
            queries = "\n".join(
                f"{number:3}. {query['sql']}" for number, query in enumerate(captured.captured_queries, 1)
            )
            pytest.fail(
                f"{label} made {len(captured)} queries, more than {ceiling}:\n{queries}", pytrace=False
            )
        return len(captured)

    return check
