"""Read a CSV or XLSX file, check its columns, run the import (or its dry run) and report per row.

The report is plain data (JSON-ready): the admin keeps it between the preview and the apply
step, and the management command prints it.
"""

import csv
from pathlib import Path

import tablib
from django.db import transaction
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import RowResult

from pole_core.content import content_batch

from .indexing import index_saved, indexing_paused
from .resources import RESOURCES
from .widgets import cell_text, normalise

FORMATS = {".csv": CSV, ".xlsx": XLSX}

STATUS_NEW = "new"
STATUS_UPDATE = "update"
STATUS_UNCHANGED = "unchanged"
STATUS_ERROR = "error"

STATUS_BY_IMPORT_TYPE = {
    RowResult.IMPORT_TYPE_NEW: STATUS_NEW,
    RowResult.IMPORT_TYPE_UPDATE: STATUS_UPDATE,
    RowResult.IMPORT_TYPE_SKIP: STATUS_UNCHANGED,
}


class ImportFileError(Exception):
    """The file cannot be read at all: wrong format, broken spreadsheet, unreadable text."""


def kind_model(kind):
    return RESOURCES[kind]._meta.model


def read_dataset(content, filename):
    """A `tablib.Dataset` from the bytes of a CSV (comma or semicolon, UTF-8 or Windows) or XLSX file."""
    suffix = Path(filename).suffix.lower()
    if suffix not in FORMATS:
        raise ImportFileError(_("Format non pris en charge : déposez un fichier CSV ou XLSX."))
    try:
        if suffix == ".xlsx":
            return XLSX().create_dataset(content)
        text = decode(content)
        return CSV().create_dataset(text, delimiter=sniff_delimiter(text))
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError(
            _("Le fichier « %(name)s » est illisible : %(error)s") % {"name": filename, "error": error}
        ) from error


def decode(content):
    # Spreadsheets saved as CSV by French versions of Excel are often in Windows-1252.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("Le fichier n'est ni en UTF-8 ni en Windows-1252."))


def sniff_delimiter(text):
    first_line = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def build_dataset(kind, source):
    """Rename the headers to the resource's columns, drop empty rows; returns (dataset, lines, file errors, warnings).

    `lines` gives, for each kept row, its line in the spreadsheet (the header is line 1).
    """
    resource = RESOURCES[kind]()
    known = {normalise(field.column_name): field.column_name for field in resource.get_import_fields()}
    headers, errors, warnings = [], [], []
    for position, header in enumerate(source.headers or [], 1):
        text = cell_text(header)
        name = known.get(normalise(text))
        if name is None:
            name = text or f"colonne {position}"
            if text:
                warnings.append(_("Colonne ignorée : « %(column)s ».") % {"column": text})
        elif name in headers:
            errors.append(_("La colonne « %(column)s » apparaît deux fois.") % {"column": name})
        headers.append(name)
    for name in resource.required_columns:
        if name not in headers:
            errors.append(_("Colonne obligatoire absente : « %(column)s ».") % {"column": name})
    dataset = tablib.Dataset(headers=headers)
    lines = []
    for line, values in enumerate(source, 2):
        if any(cell_text(value) for value in values):
            dataset.append(values)
            lines.append(line)
    if not errors and not lines:
        errors.append(_("Le fichier ne contient aucune ligne à importer."))
    return dataset, lines, errors, warnings


def run_import(kind, content, filename, *, dry_run=True, on_progress=None):
    """Import `content` (the bytes of `filename`) as `kind`; all or nothing. Returns the report.

    With `dry_run`, everything is checked, written and rolled back. Otherwise the rows are written
    in one transaction, rolled back as a whole if any row fails. `on_progress(done, total)` is
    called after each row.

    The transaction is ours rather than django-import-export's, which would add a savepoint per row
    (see `DirectoryResource.do_instance_save`); the resource therefore always runs as a real import
    and the dry run is a rollback here. The import is one batch of changes: the API cache and the
    webhooks hear of it once, after a successful import, rather than on each save.
    """
    report = {
        "kind": kind,
        "filename": filename,
        "dry_run": dry_run,
        "file_errors": [],
        "warnings": [],
        "rows": [],
        "total": 0,
        "counts": {STATUS_NEW: 0, STATUS_UPDATE: 0, STATUS_UNCHANGED: 0, STATUS_ERROR: 0},
    }
    try:
        source = read_dataset(content, filename)
    except ImportFileError as error:
        report["file_errors"].append(str(error))
        return report
    dataset, lines, report["file_errors"], report["warnings"] = build_dataset(kind, source)
    report["total"] = len(dataset)
    if report["file_errors"]:
        return report

    total = len(dataset)
    resource = RESOURCES[kind](
        lines=lines, on_progress=(lambda done: on_progress(done, total)) if on_progress else None
    )
    model = resource._meta.model
    with (
        transaction.atomic(using=resource.get_db_connection_name()),
        indexing_paused(model),
        content_batch(),
    ):
        result = resource.import_data(dataset, dry_run=False, use_transactions=False)
        if dry_run or result.has_errors() or result.has_validation_errors():
            transaction.set_rollback(True, using=resource.get_db_connection_name())
    report["file_errors"] = [str(error.error) for error in result.base_errors]
    for number, (values, row_result) in enumerate(zip(dataset.dict, result.rows, strict=True), 1):
        row = row_report(resource, row_result, values, lines[number - 1])
        report["rows"].append(row)
        report["counts"][row["status"]] += 1
    if not dry_run and not has_errors(report):
        saved = [
            row.instance
            for row in result.rows
            if row.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE)
        ]
        index_saved(model, saved)
    return report


def row_report(resource, row_result, values, line):
    status = STATUS_BY_IMPORT_TYPE.get(row_result.import_type, STATUS_ERROR)
    errors = []
    if row_result.validation_error is not None:
        error = row_result.validation_error
        messages = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        for attribute, texts in messages.items():
            errors.append({"column": resource.column_for_attribute(attribute), "messages": list(texts)})
    for failure in row_result.errors:
        errors.append(
            {"column": "", "messages": [_("Erreur inattendue : %(error)s") % {"error": failure.error}]}
        )
    return {
        "line": line,
        "label": resource.row_label(values),
        "status": status,
        "changed": getattr(row_result, "changed_columns", []),
        "errors": errors,
    }


def has_errors(report):
    return bool(report["file_errors"] or report["counts"][STATUS_ERROR])


def template_dataset(kind):
    """The header row and one example row: what the template files hold."""
    resource = RESOURCES[kind]()
    headers = resource.template_headers()
    return tablib.Dataset([resource.example.get(name, "") for name in headers], headers=headers)
