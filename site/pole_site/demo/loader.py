"""Loads the demo content by natural keys, so that a second run finds everything and changes nothing.

Snippets, images and the site are matched by slug, name or title and saved only when they differ
from the data. Pages are matched by slug under their parent: a missing page is created, then
published once at the end of the load; an existing page is left to the editors, so a second run
creates no revision.
"""

import io
import secrets
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signal_handlers import disable_reference_index_auto_update

from pole_directory.models import Axis, Organisation, Person, Place
from pole_forms.models import ConsultationPage, FormField, ParticipationCallPage, Submission
from pole_members.invitations import create_account
from pole_pages.models import (
    ChantierIndexPage,
    ChantierMember,
    ChantierPage,
    ContentPage,
    EventIndexPage,
    EventPage,
    GovernanceDocumentPage,
    HomePage,
    MapPage,
    NetworkSettings,
    ResourceIndexPage,
    ResourcePage,
    TrombinoscopePage,
)
from pole_pages.workflow import MEMBERS_GROUP, apply_board_workflow

from . import content
from .documents import text_pdf
from .portraits import PALETTE, portrait_png

ADMIN_USERNAME = "admin"

SECTION_MODELS = {
    "chantiers_explained": ContentPage,
    "chantiers": ChantierIndexPage,
    "resources": ResourceIndexPage,
    "events": EventIndexPage,
    "trombinoscope": TrombinoscopePage,
    "map": MapPage,
}

# Wagtail's installer creates this page as the site root; the demo home page replaces it.
WAGTAIL_WELCOME_SLUG = "home"

OUTCOMES = ("created", "updated", "unchanged", "deleted")


class DemoConflict(Exception):
    """Something the demo needs is taken by an object of another kind."""


class Report:
    """What the load did, per model: created, updated, unchanged and deleted objects."""

    def __init__(self):
        self.counts = {}
        self.admin_email = None
        self.admin_password = None
        # The member accounts this run created, as (email, organisation name), and their shared password.
        self.member_accounts = []
        self.member_password = None

    def record(self, model, outcome):
        label = str(model._meta.verbose_name_plural)
        self.counts.setdefault(label, Counter())[outcome] += 1

    def total(self, outcome):
        return sum(counter[outcome] for counter in self.counts.values())


def load_demo():
    """Load the demo content in one transaction and return a Report."""
    return DemoLoader().run()


def blocks(block_type, values):
    """Stream data in Wagtail's JSON form: one block of `block_type` per value."""
    return [{"type": block_type, "value": value} for value in values]


def next_weekday(day, weekday):
    """`day` if it is a `weekday` (0 = Monday), else the next one."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def previous_weekday(day, weekday):
    """`day` if it is a `weekday` (0 = Monday), else the previous one."""
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def of(name):
    """French "de" before a name, elided before a vowel: "d'Élise Fontaine", "de Claire Bodin"."""
    return f"d'{name}" if name[:1].lower() in "aeiouyàâéèêëîïôû" else f"de {name}"


def coordinate(value):
    return Decimal(str(value)).quantize(Decimal("0.000001"))


class DemoLoader:
    def __init__(self):
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.now = timezone.now().astimezone(self.tz)
        self.today = self.now.date()
        self.report = Report()
        self.new_pages = []

    def run(self):
        with transaction.atomic():
            self.admin = self.ensure_admin()
            self.axes = self.load_axes()
            self.organisations = self.load_organisations()
            self.places = self.load_places()
            self.people = self.load_people()
            self.members = self.load_members_group()
            self.load_member_accounts()
            home = self.load_home()
            sections = {
                key: self.page(
                    home,
                    SECTION_MODELS[key],
                    slug,
                    title=title,
                    intro=intro,
                    show_in_menus=True,
                    **(content.MAP_VIEW if key == "map" else {}),
                )
                for key, title, slug, intro in content.SECTIONS
            }
            documents = self.load_governance_documents(home)
            # The migration covers the lists that existed then; a list created here gets it too.
            apply_board_workflow(sections["chantiers"])
            chantiers = self.load_chantiers(sections["chantiers"])
            resources = self.load_resources(sections["resources"], chantiers)
            self.complete_chantiers(chantiers, resources)
            self.load_events(sections["events"], chantiers)
            self.load_forms(home, chantiers)
            self.fill(home, body=self.home_body(sections))
            self.fill(
                sections["chantiers_explained"], body=self.chantiers_explained_body(documents, chantiers)
            )
            self.publish_new_pages()
        return self.report

    # Generic get-or-create

    def upsert(self, model, lookup, create_defaults=None, **values):
        """Find `model` by `lookup`; create it, or save it only if one of `values` differs."""
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **(create_defaults or {}))
            changed, outcome = list(values), "created"
        else:
            changed = [name for name, value in values.items() if self.differs(obj, name, value)]
            outcome = "updated" if changed else "unchanged"
        for name in changed:
            self.assign(obj, name, values[name])
        if changed:
            obj.full_clean()
            obj.save()
        self.report.record(model, outcome)
        return obj

    @staticmethod
    def differs(obj, name, value):
        field = obj._meta.get_field(name)
        if isinstance(field, ClusterTaggableManager):
            return set(getattr(obj, name).names()) != set(value)
        if field.many_to_one or field.one_to_one:
            return getattr(obj, field.attname) != (value.pk if value else None)
        return getattr(obj, name) != value

    @staticmethod
    def assign(obj, name, value):
        if isinstance(obj._meta.get_field(name), ClusterTaggableManager):
            getattr(obj, name).set(value)
        else:
            setattr(obj, name, value)

    def page(self, parent, model, slug, prepare=None, **fields):
        """The child of `parent` with this slug; created as a draft (published at the end) if missing."""
        existing = Page.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            existing = existing.specific
            if not isinstance(existing, model):
                raise DemoConflict(
                    f"La page « {existing.url_path} » existe déjà mais n'est pas du type "
                    f"« {model._meta.verbose_name} »."
                )
            self.report.record(model, "unchanged")
            return existing
        page = model(slug=slug, live=False, owner=self.admin, **fields)
        if prepare:
            prepare(page)
        # The publication at the end saves the page again, and indexes its references then.
        with disable_reference_index_auto_update():
            parent.add_child(instance=page)
        self.new_pages.append(page)
        self.report.record(model, "created")
        return page

    def is_new(self, page):
        return any(page is new for new in self.new_pages)

    def fill(self, page, **fields):
        """Set fields that link to pages created later, only on a page this run created."""
        if self.is_new(page):
            for name, value in fields.items():
                setattr(page, name, value)

    def publish_new_pages(self):
        for page in self.new_pages:
            # Check the stream data as the admin form would, so the demo only holds valid content.
            for field in page._meta.get_fields():
                if isinstance(field, StreamField):
                    setattr(page, field.name, field.stream_block.clean(getattr(page, field.name)))
            page.save_revision(user=self.admin).publish(user=self.admin)

    # Dates

    def day(self, offset):
        """The working day `offset` days from today (a weekend moves to the Monday after)."""
        day = self.today + timedelta(days=offset)
        return next_weekday(day, 0) if day.weekday() >= 5 else day

    def at(self, day, moment):
        return datetime.combine(day, moment, tzinfo=self.tz)

    def event_start(self, spec):
        mode, value = spec["start"]
        weekday = spec.get("weekday")
        moment = time.fromisoformat(spec["at"])
        if mode == "days":
            day = (
                self.day(value)
                if weekday is None
                else next_weekday(self.today + timedelta(days=value), weekday)
            )
            return self.at(day, moment)
        if mode == "month_last_year":
            return self.at(next_weekday(date(self.today.year - 1, value, 1), weekday), moment)
        if mode == "year_fraction":
            new_year = self.at(date(self.today.year, 1, 1), time.min)
            earlier = (new_year + (self.now - new_year) * value).replace(second=0, microsecond=0)
            day = earlier.date()
            if weekday is not None:
                day = max(previous_weekday(day, weekday), new_year.date())
            start = self.at(day, moment)
            # Early in January the usual hour may still be ahead: keep the event in the past anyway.
            return start if start < self.now else earlier
        raise ValueError(f"Unknown event start {mode!r}")

    # Users, directory, images

    def ensure_admin(self):
        user_model = get_user_model()
        admin = user_model._default_manager.filter(username=ADMIN_USERNAME).first()
        if admin is None:
            password = secrets.token_urlsafe(12)
            admin = user_model._default_manager.create_superuser(
                ADMIN_USERNAME, content.ADMIN_EMAIL, password
            )
            self.report.admin_password = password
        elif not admin.email:
            # Accounts sign in with their address: without one, the administrator could not.
            admin.email = content.ADMIN_EMAIL
            admin.save(update_fields=["email"])
        self.verify_email(admin)
        self.report.admin_email = admin.email
        return admin

    def verify_email(self, user):
        """The account's address, verified and primary, as if its owner had followed the mailed link."""
        self.upsert(EmailAddress, {"user": user, "email": user.email}, verified=True, primary=True)

    def load_members_group(self):
        # The migration pole_pages 0005 creates the group; an administrator may have removed it since.
        group, created = Group.objects.get_or_create(name=MEMBERS_GROUP)
        self.report.record(Group, "created" if created else "unchanged")
        return group

    def load_member_accounts(self):
        """One account per member organisation, held by its first person in the directory.

        The accounts made by one run share one password, printed once; an existing account is left
        to its member.
        """
        user_model = get_user_model()
        password = None
        for organisation in self.organisations.values():
            person = next(
                (person for person in self.people.values() if person.organisation_id == organisation.pk),
                None,
            )
            if not organisation.is_member or person is None:
                continue
            if person.account_id is not None:
                self.report.record(user_model, "unchanged")
                continue
            password = password or secrets.token_urlsafe(12)
            # Verified address, members' group and link to the person, as for an invited member.
            account = create_account(person)
            account.set_password(password)
            account.save(update_fields=["password"])
            self.report.record(user_model, "created")
            self.report.member_accounts.append((account.email, organisation.name))
        self.report.member_password = password

    def restrict(self, restriction_model, **target):
        """Let only the members' group see `target` (a page or a collection): Wagtail's privacy."""
        restriction = restriction_model.objects.create(restriction_type=BaseViewRestriction.GROUPS, **target)
        restriction.groups.set([self.members])
        self.report.record(restriction_model, "created")

    def load_axes(self):
        return {
            slug: self.upsert(
                Axis, {"slug": slug}, name=name, colour=colour, description=description, sort_order=order
            )
            for order, (slug, name, colour, description) in enumerate(content.AXES, start=1)
        }

    def load_organisations(self):
        return {
            name: self.upsert(
                Organisation,
                {"slug": slugify(name)},
                name=name,
                kind=kind,
                city=city,
                territory=territory,
                is_member=year is not None,
                membership_year=year,
                website=website,
                description=description,
            )
            for name, kind, city, territory, year, website, description in content.ORGANISATIONS
        }

    def load_places(self):
        return {
            name: self.upsert(
                Place,
                {"slug": slugify(name)},
                name=name,
                kind=kind,
                status=status,
                street_address=street,
                postal_code=postal_code,
                address_locality=city,
                address_region=content.REGIONS_BY_DEPARTMENT[postal_code[:2]],
                address_country="FR",
                latitude=coordinate(latitude),
                longitude=coordinate(longitude),
                organisation=self.organisations.get(organisation),
                description=description,
                labels=labels,
            )
            for (
                name,
                kind,
                status,
                street,
                postal_code,
                city,
                latitude,
                longitude,
                labels,
                organisation,
                description,
            ) in content.PLACES
        }

    def load_people(self):
        people = {}
        for index, person in enumerate(content.PEOPLE):
            first, last, roles, title, organisation, bio, consent, email_is_public, phone = person
            people[f"{first} {last}"] = self.upsert(
                Person,
                {"first_name": first, "last_name": last},
                role_title=title,
                roles=roles,
                organisation=self.organisations.get(organisation),
                bio=bio,
                publication_consent=consent,
                email=f"{slugify(first)}.{slugify(last)}@example.org",
                email_is_public=email_is_public,
                phone=phone,
                phone_is_public=bool(phone),
                photo=self.portrait(first, last, PALETTE[index % len(PALETTE)]),
            )
        return people

    def portrait(self, first, last, colour):
        image_model = get_image_model()
        name = f"{first} {last}"
        title = f"Portrait {of(name)}"
        image = image_model.objects.filter(title=title).first()
        if image is not None:
            self.report.record(image_model, "unchanged")
            return image
        image = image_model(
            title=title,
            description=f"Initiales {of(name)} sur fond de couleur (portrait de démonstration)",
            file=ImageFile(
                io.BytesIO(portrait_png(first, last, colour)),
                name=f"portrait-{slugify(first)}-{slugify(last)}.png",
            ),
        )
        image.save()
        self.report.record(image_model, "created")
        return image

    def member(self, name, role):
        """A working-group member: the person of that name, or else the organisation."""
        if name in self.people:
            return ChantierMember(person=self.people[name], role=role)
        return ChantierMember(organisation=self.organisations[name], role=role)

    # Site and pages

    def load_home(self):
        root = Page.get_first_root_node()
        home = self.page(
            root, HomePage, content.HOME["slug"], title=content.HOME["title"], intro=content.HOME["intro"]
        )
        # Page links in the API and the sitemap use the site's address: the one the demo is served at.
        base_url = urlparse(settings.WAGTAILADMIN_BASE_URL)
        site = self.upsert(
            Site,
            {"is_default_site": True},
            hostname=base_url.hostname,
            port=base_url.port or (443 if base_url.scheme == "https" else 80),
            root_page=home,
            site_name=content.SITE_NAME,
        )
        statement = self.load_accessibility_statement(home)
        self.upsert(NetworkSettings, {"site": site}, **content.NETWORK, accessibility_statement=statement)
        welcome = Page.objects.child_of(root).filter(
            slug=WAGTAIL_WELCOME_SLUG,
            content_type=ContentType.objects.get_for_model(Page),
            numchild=0,
            sites_rooted_here__isnull=True,
        )
        for page in welcome:
            page.delete()
            self.report.record(Page, "deleted")
        return home

    def load_accessibility_statement(self, home):
        """The statement page the footer's accessibility mention links to (RGAA)."""
        statement = content.ACCESSIBILITY_STATEMENT
        body = [{"type": "paragraph", "value": content.DEMO_NOTICE}]
        for heading, text in statement["sections"]:
            body += [{"type": "heading", "value": heading}, {"type": "paragraph", "value": text}]
        return self.page(
            home,
            ContentPage,
            statement["slug"],
            title=statement["title"],
            intro=statement["intro"],
            body=body,
        )

    def steps_block(self):
        steps = content.CHANTIER_STEPS
        return {
            "type": "steps",
            "value": {
                "heading": steps["heading"],
                "steps": [{"title": title, "text": text} for title, text in steps["steps"]],
            },
        }

    @staticmethod
    def link_block(text, page):
        return {"type": "call_to_action", "value": {"text": text, "page": page.pk, "url": ""}}

    def home_body(self, sections):
        return [
            {"type": "heading", "value": content.HOME["heading"]},
            {"type": "paragraph", "value": content.HOME["paragraph"]},
            self.steps_block(),
            self.link_block("Découvrir les chantiers", sections["chantiers"]),
            self.link_block("Consulter l'agenda", sections["events"]),
            self.link_block("Explorer la carte des lieux", sections["map"]),
        ]

    def chantiers_explained_body(self, documents, chantiers):
        text = content.CHANTIERS_EXPLAINED
        axes = "".join(f"<li>{self.axes[slug].description}</li>" for slug in text["axes"])
        return [
            {"type": "paragraph", "value": f"<p>{text['axes_intro']}</p><ul>{axes}</ul>"},
            self.steps_block(),
            {"type": "heading", "value": text["central_heading"]},
            {"type": "paragraph", "value": text["central_text"]},
            *(self.link_block(label, documents[slug]) for label, slug in text["document_links"]),
            {"type": "heading", "value": text["ongoing_heading"]},
            *(self.link_block(chantiers[slug].title, chantiers[slug]) for slug in text["ongoing"]),
        ]

    def load_governance_documents(self, home):
        return {
            doc["slug"]: self.page(
                home,
                GovernanceDocumentPage,
                doc["slug"],
                title=doc["title"],
                kind=doc["kind"],
                version=doc["version"],
                adopted_on=date.fromisoformat(doc["adopted_on"]),
                intro=content.DEMO_NOTICE + doc["intro"],
                articles=blocks(
                    "article",
                    [
                        {"number": number, "title": title, "anchor": "", "body": f"<p>{text}</p>"}
                        for number, title, text in doc["articles"]
                    ],
                ),
            )
            for doc in content.GOVERNANCE_DOCUMENTS
        }

    def walk_steps(self, steps, page):
        for status, offset in steps:
            page.move_to(status, on=self.day(offset))

    def load_chantiers(self, index):
        chantiers = {}
        for spec in content.CHANTIERS:
            chantiers[spec["slug"]] = self.page(
                index,
                ChantierPage,
                spec["slug"],
                prepare=partial(self.walk_steps, spec["steps"]),
                title=spec["title"],
                intro=spec["intro"],
                body=blocks("paragraph", spec.get("body", [])),
                axes=[self.axes[slug] for slug in spec["axes"]],
                co_president_referent=self.people.get(spec.get("referent")),
                board_members=[self.people[name] for name in spec.get("board", [])],
                staff_referent=self.people.get(spec.get("staff")),
                members=[self.member(name, role) for name, role in spec.get("members", [])],
                objectives=blocks(
                    "objective",
                    [
                        {"title": title, "priority": priority, "description": description}
                        for title, priority, description in spec.get("objectives", [])
                    ],
                ),
                expected_results=spec.get("expected_results", ""),
                missions=blocks(
                    "mission",
                    [
                        {"holder": holder, "person": self.people[name].pk, "mission": mission}
                        for holder, name, mission in spec.get("missions", [])
                    ],
                ),
                actions=blocks("action", [self.action(*action) for action in spec.get("actions", [])]),
                restitution_summary=spec.get("restitution_summary", ""),
                recommendations=blocks(
                    "recommendation",
                    [
                        {"text": text, "audiences": audiences}
                        for text, audiences in spec.get("recommendations", [])
                    ],
                ),
                **spec.get("meetings", {}),
            )
        return chantiers

    def action(self, title, axis, owner, status):
        value = {
            "title": title,
            "axis": self.axes[axis].pk,
            "owner": self.people[owner].pk,
            "status": status,
            "description": "",
        }
        if title in content.TARGETS:
            value["target"] = content.TARGETS[title]
        return value

    def complete_chantiers(self, chantiers, resources):
        """Deliverables link to resources, which link back to their chantier: set them once both exist."""
        for spec in content.CHANTIERS:
            self.fill(
                chantiers[spec["slug"]],
                deliverables=blocks(
                    "deliverable",
                    [
                        {
                            "title": title,
                            "priority": priority,
                            "due_date": self.day(due).isoformat(),
                            "status": status,
                            "resource": resources[resource].pk if resource else None,
                        }
                        for title, priority, due, status, resource in spec.get("deliverables", [])
                    ],
                ),
            )

    def members_collection(self):
        """The documents' collection that only members may open; created once, then left to editors."""
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=content.MEMBERS_COLLECTION).first()
        if collection is not None:
            self.report.record(Collection, "unchanged")
            return collection
        collection = root.add_child(name=content.MEMBERS_COLLECTION)
        self.report.record(Collection, "created")
        self.restrict(CollectionViewRestriction, collection=collection)
        return collection

    def member_document(self, slug):
        """A members-only resource's document: a one-page PDF in the members' collection."""
        title, lines = content.MEMBER_DOCUMENTS[slug]
        document_model = get_document_model()
        document = document_model.objects.filter(title=title).first()
        if document is not None:
            self.report.record(document_model, "unchanged")
            return document
        document = document_model(
            title=title,
            collection=self.members_collection(),
            file=ContentFile(text_pdf(title, lines), name=f"{slug}.pdf"),
        )
        document.save()
        self.report.record(document_model, "created")
        return document

    def attachments(self, spec):
        documents = [self.member_document(slug).pk for slug in spec.get("documents", [])]
        links = [{"title": title, "url": url} for title, url in spec.get("links", [])]
        return blocks("document", documents) + blocks("link", links)

    def load_resources(self, index, chantiers):
        return {
            spec["slug"]: self.page(
                index,
                ResourcePage,
                spec["slug"],
                title=spec["title"],
                kind=spec["kind"],
                intro=spec["intro"],
                body=blocks("paragraph", [spec["body"]]),
                audiences=spec["audiences"],
                axes=[self.axes[slug] for slug in spec["axes"]],
                chantier=chantiers.get(spec.get("chantier")),
                owner_organisation=self.organisations.get(spec.get("owner")),
                access=spec.get("access", "public"),
                sharing_conditions=spec.get("sharing_conditions", ""),
                attachments=self.attachments(spec),
            )
            for spec in content.RESOURCES
        }

    def load_events(self, index, chantiers):
        for spec in content.EVENTS:
            start = self.event_start(spec)
            recurrence = spec.get("recurrence", "")
            self.page(
                index,
                EventPage,
                spec["slug"],
                title=spec["title"],
                kind=spec["kind"],
                intro=spec["intro"],
                start=start,
                end=start + timedelta(minutes=spec["minutes"]),
                all_day=spec.get("all_day", False),
                time_zone=settings.TIME_ZONE,
                recurrence=recurrence,
                recurrence_until=date(self.today.year + spec["recurrence_until_years"], 12, 31)
                if recurrence
                else None,
                place=self.places.get(spec.get("place")),
                address=spec.get("address", ""),
                online_url=spec.get("online_url", ""),
                chantier=chantiers.get(spec.get("chantier")),
                registration_url=spec.get("registration_url", ""),
                capacity=spec.get("capacity"),
            )

    # Forms

    def load_forms(self, home, chantiers):
        for spec in content.FORMS:
            model = ConsultationPage if spec["kind"] == "consultation" else ParticipationCallPage
            extra = (
                {"chantier": chantiers[spec["chantier"]], "capacity": spec["capacity"]}
                if model is ParticipationCallPage
                else {}
            )
            page = self.page(
                home,
                model,
                spec["slug"],
                title=spec["title"],
                intro=spec["intro"],
                thank_you_text=spec["thank_you"],
                opens_at=self.at(self.day(spec["opens"]), time(9)),
                closes_at=self.at(self.day(spec["closes"]), time(18)),
                to_address=content.ADMIN_EMAIL,
                form_fields=[
                    FormField(
                        label=label, field_type=kind, purpose=purpose, required=required, choices=choices
                    )
                    for label, kind, purpose, required, choices in spec["fields"]
                ],
                **extra,
            )
            if spec["slug"] in content.MEMBERS_ONLY_FORMS and self.is_new(page):
                self.restrict(PageViewRestriction, page=page)
            for answer in spec["submissions"]:
                self.load_submission(page, spec, answer)

    def load_submission(self, page, spec, answer):
        """One demo answer, matched by its email; an editor's later review of it is kept."""
        first, last, organisation, *rest, status = answer
        email = f"{slugify(first)}.{slugify(last)}@example.org"
        labels = [label for label, *_field in spec["fields"]]
        values = [first, last, email, organisation, *rest]
        names = {
            field.label: field.clean_name or field.get_field_clean_name() for field in page.form_fields.all()
        }
        form_data = {names[label]: value for label, value in zip(labels, values, strict=True)}
        self.upsert(
            Submission,
            {"page": page, "email": email},
            create_defaults={"status": status},
            form_data={**form_data, "consent": True},
        )
