import datetime as dt

from django.utils import timezone


def age(birth_date: dt.date | None, *, on: dt.date | None = None) -> int | None:
    """Full years of age on `on` (by default today in the portal's time zone).

    Shown instead of the birth date to roles that see NIKs masked: with the kelurahan, a
    birth date rebuilds the masked digits of a NIK (DESIGN.md, Privacy); an age does not.
    """
    if birth_date is None:
        return None
    on = on or timezone.localdate()
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
