"""The demo's generated PDF is a well-formed file: its cross-reference table points at its objects."""

import re

import pytest

from pole_site.demo.documents import text_pdf


@pytest.mark.parametrize(
    "title, lines",
    [
        ("Guide (version de travail)", ["Ligne une", "", "Répartir les coûts : 10 € \\ mois"]),
        ("Sans ligne", []),
    ],
)
def test_each_cross_reference_points_at_its_object(title, lines):
    data = text_pdf(title, lines)

    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))
    assert data[start:].startswith(b"xref\n0 ")
    offsets = [int(offset) for offset in re.findall(rb"^(\d{10}) 00000 n $", data[start:], re.MULTILINE)]
    assert offsets
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(b"%d 0 obj\n" % number)


def test_the_stream_length_is_the_length_of_its_content():
    data = text_pdf("Titre", ["Une ligne (entre parenthèses)"])

    length = int(re.search(rb"<< /Length (\d+) >>\nstream\n", data).group(1))
    stream = data.split(b"\nstream\n", 1)[1].split(b"\nendstream", 1)[0]
    assert len(stream) == length


def test_parentheses_and_backslashes_are_escaped_and_french_is_winansi():
    data = text_pdf("a (b) \\ c", ["é à ç œ €"])

    assert b"(a \\(b\\) \\\\ c) Tj" in data
    assert "(é à ç œ €) Tj".encode("cp1252") in data
