"""What a role without access to personal data sees of it: masked NIKs, phones and addresses,
and an age instead of a birth date.

Personal data under UU No. 27/2022 (NIK, phone, address) is shown masked to roles that
do not need it, and always masked in the audit trail (AUDITLOG_MASK_CALLABLE). Plain
functions of the value, so every app (and the settings) can use them.
"""

import datetime as dt

from django.utils import timezone


def mask_nik(nik: str) -> str:
    """`3674012345670001` -> `3674********0001`."""
    if not nik:
        return ""
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


def mask_value(value) -> str:
    """Auditlog's mask for personal fields (NIK, phone, address)."""
    text = str(value or "")
    if len(text) == 16 and text.isdigit():
        return mask_nik(text)
    if len(text) <= 4:
        return "*" * len(text)
    return text[:2] + "*" * (len(text) - 4) + text[-2:]


def age(birth_date: dt.date | None, *, on: dt.date | None = None) -> int | None:
    """Full years of age on `on` (by default today in the portal's time zone).

    Shown instead of the birth date to roles that see NIKs masked: with the kelurahan, a
    birth date rebuilds the masked digits of a NIK (DESIGN.md, Privacy); an age does not.
    """
    if birth_date is None:
        return None
    on = on or timezone.localdate()
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
