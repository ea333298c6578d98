"""Small copies of stored photos, for lists and timelines that would otherwise load the full
picture on a phone's connection."""

import io

from django.core.files.base import ContentFile
from PIL import Image

from core.uploads import EXTENSION

# Longest side, in pixels: sharp on a phone's timeline at twice its density.
THUMBNAIL_SIZE = 320


def make_thumbnail(field_file, *, size: int = THUMBNAIL_SIZE) -> ContentFile:
    """A JPEG (or PNG, for pictures with transparency) no larger than `size` on its longest
    side, from a stored or re-encoded image. The caller stores it (a SafeImageField)."""
    field_file.seek(0)
    with Image.open(field_file) as picture:
        picture.load()
        picture.thumbnail((size, size))
        fmt = "PNG" if picture.mode in ("RGBA", "LA", "P") else "JPEG"
        if fmt == "JPEG" and picture.mode != "RGB":
            picture = picture.convert("RGB")
        out = io.BytesIO()
        picture.save(out, fmt, quality=80) if fmt == "JPEG" else picture.save(out, fmt, optimize=True)
    field_file.seek(0)
    return ContentFile(out.getvalue(), name=f"thumb{EXTENSION[fmt]}")
