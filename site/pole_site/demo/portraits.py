"""Illustrative portraits drawn with Pillow: initials on a coloured square, nothing downloaded."""

import io
import unicodedata

from PIL import Image, ImageDraw, ImageFont

SIZE = 256

# Dark enough for white initials to stay readable (contrast above 4.5:1).
PALETTE = ["#1f6f8b", "#2f855a", "#9c4221", "#6b46c1", "#975a16", "#4a5568", "#2b6cb0", "#b83280", "#285e61"]


def initials(first_name, last_name):
    """Initials in ASCII ("EF" for Élise Fontaine): Pillow's built-in font has no accented capitals."""
    letters = f"{first_name[:1]}{last_name[:1]}".upper()
    return unicodedata.normalize("NFKD", letters).encode("ascii", "ignore").decode()


def portrait_png(first_name, last_name, colour, size=SIZE):
    """PNG bytes of a `size`×`size` square in `colour` with the person's initials in white."""
    image = Image.new("RGB", (size, size), colour)
    font = ImageFont.load_default(size=size * 0.4)
    ImageDraw.Draw(image).text(
        (size / 2, size / 2), initials(first_name, last_name), fill="white", font=font, anchor="mm"
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
