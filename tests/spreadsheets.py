"""Spreadsheet files written from tests, as an editor's software would save them."""

import csv
import io

import openpyxl

PLACE_HEADERS = [
    "nom",
    "type",
    "statut",
    "adresse",
    "code postal",
    "ville",
    "latitude",
    "longitude",
    "structure",
]


def csv_file(headers, rows, delimiter=";"):
    """UTF-8 CSV bytes, semicolon-separated by default as French spreadsheets save them."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_file(headers, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def place_row(name, city="Nantes", latitude="47,2065", longitude="-1,5524", organisation="", **overrides):
    row = {
        "nom": name,
        "type": "Tiers-lieu culturel",
        "statut": "Ouvert",
        "adresse": "21 rue de la Tour-d'Auvergne",
        "code postal": "44200",
        "ville": city,
        "latitude": latitude,
        "longitude": longitude,
        "structure": organisation,
        **overrides,
    }
    return [row[header] for header in PLACE_HEADERS]


def place_rows(count):
    """`count` distinct places spread over Nantes, numbered."""
    return [
        place_row(f"Tiers-lieu n° {n}", latitude=f"47,{200000 + n}", longitude=f"-1,{550000 + n}")
        for n in range(1, count + 1)
    ]


def without_column(name, headers, rows):
    """The same file with one column left out."""
    keep = [position for position, header in enumerate(headers) if header != name]
    return [headers[position] for position in keep], [[row[position] for position in keep] for row in rows]
