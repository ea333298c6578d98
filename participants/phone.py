"""Indonesian phone numbers, stored in one form: +62 followed by the national number."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalize_phone(value: str) -> str:
    """`0812-3456-7890`, `62812…`, `+62 812…` -> `+6281234567890`; blank stays blank."""
    raw = (value or "").strip()
    if not raw:
        return ""
    digits = re.sub(r"[\s\-().]", "", raw)
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("62"):
            raise ValidationError(_("Hanya nomor Indonesia (+62) yang diterima."), code="phone_country")
    # isdigit() alone would let Arabic-Indic or full-width digits through.
    if not digits.isascii() or not digits.isdigit():
        raise ValidationError(
            _("Nomor HP hanya boleh berisi angka, spasi, tanda -, dan + di depan."), code="phone_chars"
        )
    if digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits
    if national.startswith("0"):
        national = national.lstrip("0")
    if not 8 <= len(national) <= 13:
        raise ValidationError(
            _("Nomor HP terlalu pendek atau terlalu panjang (8–13 digit setelah 0 atau +62)."), code="phone_length"
        )
    return "+62" + national
