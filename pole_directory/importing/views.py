"""The import in the admin: upload, dry-run preview, apply (as a task), progress, template files.

Only users who may both add and change a model may import it.
"""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, re_path, reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from .jobs import STATE_DONE, STATE_FAILED, STATE_QUEUED, STATE_RUNNING, ImportJob, apply_import
from .resources import RESOURCES
from .runner import (
    FORMATS,
    STATUS_ERROR,
    STATUS_NEW,
    STATUS_UNCHANGED,
    STATUS_UPDATE,
    has_errors,
    template_dataset,
)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TOKEN = "[0-9a-f]{32}"

KIND_LABELS = {
    "people": gettext_lazy("Personnes"),
    "organisations": gettext_lazy("Organisations"),
    "places": gettext_lazy("Lieux"),
}

STATUS_LABELS = {
    STATUS_NEW: gettext_lazy("création"),
    STATUS_UPDATE: gettext_lazy("mise à jour"),
    STATUS_UNCHANGED: gettext_lazy("inchangé"),
    STATUS_ERROR: gettext_lazy("erreur"),
}


def can_import(user, kind):
    opts = RESOURCES[kind]._meta.model._meta
    return user.has_perm(f"{opts.app_label}.add_{opts.model_name}") and user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def importable_kinds(user):
    return [kind for kind in RESOURCES if can_import(user, kind)]


def kind_of_model(model):
    return next((kind for kind, resource in RESOURCES.items() if resource._meta.model is model), None)


def listing_url(kind):
    return reverse(RESOURCES[kind]._meta.model.snippet_viewset.get_url_name("list"))


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Fiches à importer"))
    file = forms.FileField(
        label=gettext_lazy("Fichier"),
        help_text=gettext_lazy(
            "Un fichier CSV (séparé par des virgules ou des points-virgules) ou XLSX, dont la première "
            "ligne porte les noms des colonnes du modèle. Rien n'est enregistré avant votre confirmation."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(FORMATS)}),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, KIND_LABELS[kind]) for kind in kinds]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in FORMATS:
            raise forms.ValidationError(_("Déposez un fichier CSV ou XLSX."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 10 Mo : découpez-le en plusieurs fichiers."))
        return upload


class ImportViewMixin(WagtailAdminTemplateMixin):
    header_icon = "upload"
    page_title = gettext_lazy("Importer dans l'annuaire")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("directory_import:upload"), "label": _("Importer dans l'annuaire")},
            *self.extra_breadcrumbs(),
        ]

    def extra_breadcrumbs(self):
        return []


class JobViewMixin(ImportViewMixin):
    """Views of one upload: only the person who uploaded it, still allowed to import, sees it."""

    def dispatch(self, request, *args, **kwargs):
        self.job = ImportJob.find(kwargs["token"])
        if self.job is None or not self.job.belongs_to(request.user):
            raise Http404
        if not can_import(request.user, self.job.kind):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            job=self.job,
            kind_label=KIND_LABELS[self.job.kind],
            status_labels=STATUS_LABELS,
            listing_url=listing_url(self.job.kind),
        )
        return context


class UploadView(ImportViewMixin, FormView):
    template_name = "pole_directory/admin/import_upload.html"
    form_class = UploadForm

    def dispatch(self, request, *args, **kwargs):
        self.kinds = importable_kinds(request.user)
        if not self.kinds:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kinds": self.kinds}

    def get_initial(self):
        kind = self.request.GET.get("kind")
        return {"kind": kind} if kind in self.kinds else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = reverse("directory_import:upload")
        context["templates"] = [
            {
                "label": KIND_LABELS[kind],
                "columns": RESOURCES[kind]().template_headers(),
                "required": RESOURCES[kind].required_columns,
                "links": [
                    (fmt.upper(), reverse("directory_import:template", args=[kind, fmt]))
                    for fmt in ("csv", "xlsx")
                ],
            }
            for kind in self.kinds
        ]
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        job = ImportJob.create(
            kind=form.cleaned_data["kind"],
            filename=upload.name,
            content=upload.read(),
            user=self.request.user,
        )
        job.preview()
        return redirect("directory_import:preview", token=job.token)


class PreviewView(JobViewMixin, TemplateView):
    template_name = "pole_directory/admin/import_preview.html"

    def extra_breadcrumbs(self):
        return [{"url": "", "label": _("Aperçu")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.job.preview_report
        applied = self.job.status is not None and self.job.status["state"] != STATE_FAILED
        context.update(
            report=report,
            applied=applied,
            can_apply=not applied and not has_errors(report) and self.job.has_source(),
        )
        return context


class ApplyView(JobViewMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        status_url = reverse("directory_import:status", args=[kwargs["token"]])
        if self.job.status and self.job.status["state"] != STATE_FAILED:
            return redirect(status_url)
        if not self.job.has_source() or has_errors(self.job.preview_report):
            messages.error(
                request, _("Ce fichier comporte des erreurs : corrigez-le puis déposez-le à nouveau.")
            )
            return redirect("directory_import:preview", token=kwargs["token"])
        self.job.queue()
        apply_import.enqueue(self.job.token, get_language())
        return redirect(status_url)


class StatusView(JobViewMixin, TemplateView):
    template_name = "pole_directory/admin/import_status.html"
    refresh_seconds = 2

    def extra_breadcrumbs(self):
        return [{"url": "", "label": _("Suivi de l'import")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.job.status
        if status is None:
            raise Http404
        context.update(
            status=status,
            report=status["report"],
            in_progress=status["state"] in (STATE_QUEUED, STATE_RUNNING),
            succeeded=status["state"] == STATE_DONE,
            refresh_seconds=self.refresh_seconds,
        )
        return context


class TemplateFileView(View):
    """The header row and one example row, as CSV (semicolons, for French spreadsheets) or XLSX."""

    def get(self, request, kind, fmt):
        if kind not in RESOURCES or fmt not in ("csv", "xlsx"):
            raise Http404
        if not can_import(request.user, kind):
            raise PermissionDenied
        dataset = template_dataset(kind)
        if fmt == "csv":
            content = dataset.export("csv", delimiter=";").encode("utf-8-sig")
            content_type = "text/csv; charset=utf-8"
        else:
            content = dataset.export("xlsx")
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="modele-import-{kind}.{fmt}"'
        return response


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(importable_kinds(request.user))


class DirectoryImportViewSet(ViewSet):
    """Registered in the "Annuaire" menu group (see `views.DirectoryViewSetGroup`)."""

    name = "directory_import"
    url_prefix = "annuaire/import"
    icon = "upload"
    menu_label = gettext_lazy("Importer")
    menu_item_class = ImportMenuItem

    def get_urlpatterns(self):
        return [
            path("", UploadView.as_view(), name="upload"),
            path("modele/<slug:kind>.<slug:fmt>", TemplateFileView.as_view(), name="template"),
            re_path(rf"^(?P<token>{TOKEN})/$", PreviewView.as_view(), name="preview"),
            re_path(rf"^(?P<token>{TOKEN})/appliquer/$", ApplyView.as_view(), name="apply"),
            re_path(rf"^(?P<token>{TOKEN})/suivi/$", StatusView.as_view(), name="status"),
        ]


class ImportableIndexView(SnippetIndexView):
    """A directory listing with an "Importer" button in its header, for those who may import."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        kind = kind_of_model(self.model)
        if kind and can_import(self.request.user, kind):
            url = reverse("directory_import:upload") + f"?kind={kind}"
            buttons.append(HeaderButton(_("Importer"), url=url, icon_name="upload"))
        return buttons
