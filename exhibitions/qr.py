"""QR codes for the printed catalogue: an inline SVG (segno, pure Python), no image file."""

import io

import segno
from django.utils.safestring import mark_safe


def qr_svg(url: str, *, scale: int = 3) -> str:
    """An <svg> element that encodes `url`, safe to put into a page as it is."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", xmldecl=False, svgns=True, scale=scale, border=2, svgclass="qr")
    return mark_safe(out.getvalue().decode())  # noqa: S308 — segno's own markup; the URL is encoded as modules
