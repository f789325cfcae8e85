"""A small real PDF for the demo's members-only resource: one A4 page of text, written by hand.

The demo needs a document a member can download; a generated file keeps binaries out of the repository
and needs no PDF library. Text is in Helvetica with WinAnsiEncoding, which covers French.
"""

PAGE_WIDTH, PAGE_HEIGHT = 595, 842
MARGIN = 56
TITLE_SIZE, TEXT_SIZE, LEADING = 16, 11, 16


def pdf_string(text):
    """A PDF literal string in WinAnsiEncoding (cp1252), with its delimiters escaped."""
    encoded = text.encode("cp1252")
    for char in (b"\\", b"(", b")"):
        encoded = encoded.replace(char, b"\\" + char)
    return b"(" + encoded + b")"


def text_pdf(title, lines):
    """A one-page PDF document: `title` in bold, then each of `lines` (short enough to fit a line)."""
    top = PAGE_HEIGHT - MARGIN
    content = [b"BT", b"/F2 %d Tf" % TITLE_SIZE, b"%d %d Td" % (MARGIN, top), pdf_string(title) + b" Tj"]
    content += [b"/F1 %d Tf" % TEXT_SIZE, b"0 -%d Td" % (2 * LEADING)]
    for line in lines:
        content += [pdf_string(line) + b" Tj", b"0 -%d Td" % LEADING]
    content.append(b"ET")
    stream = b"\n".join(content)

    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang " + pdf_string("fr-FR") + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] " % (PAGE_WIDTH, PAGE_HEIGHT)
        + b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        font % b"Helvetica",
        font % b"Helvetica-Bold",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title " + pdf_string(title) + b" >>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, len(objects))
    output += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(output)
