"""Writes for the IKM profile: the profile's numbers and the licences of a business."""

from auditlog.context import set_actor
from django.db import transaction

from .models import Business, BusinessLicence

PROFILE_FIELDS = [
    "legal_form",
    "kbli",
    "nib",
    "phone",
    "workers_male",
    "workers_female",
    "capital",
    "turnover_per_year",
    "investment",
    "capacity_per_month",
    "capacity_unit",
    "production_value_per_year",
    "raw_materials",
    "market_reach",
    "channels",
    "exports",
    "export_destinations",
]


@transaction.atomic
def business_profile_update(*, business: Business, user, **values) -> Business:
    """Write the profile fields given; the size and industry classes follow in save()."""
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not profile fields: {sorted(unknown)}")
    business = Business.objects.select_for_update().get(pk=business.pk)
    for name, value in values.items():
        setattr(business, name, value)
    business.full_clean(exclude=[f.name for f in Business._meta.fields if f.name not in values])
    with set_actor(user):
        business.save(update_fields=list(values))
    return business


@transaction.atomic
def licence_add(
    *,
    business: Business,
    user,
    kind: str,
    number: str,
    name: str = "",
    issued_on=None,
    valid_until=None,
    scan=None,
) -> BusinessLicence:
    licence = BusinessLicence(
        business=business,
        kind=kind,
        name=name,
        number=number,
        issued_on=issued_on,
        valid_until=valid_until,
        scan=scan or "",
        created_by=user,
    )
    licence.full_clean()
    with set_actor(user):
        licence.save()
    return licence


LICENCE_FIELDS = ["kind", "name", "number", "issued_on", "valid_until", "scan"]


@transaction.atomic
def licence_update(*, licence: BusinessLicence, user, **values) -> BusinessLicence:
    """Correct a licence or record its renewal; a new scan replaces the old one."""
    unknown = set(values) - set(LICENCE_FIELDS)
    if unknown:
        raise TypeError(f"not licence fields: {sorted(unknown)}")
    licence = BusinessLicence.objects.select_for_update().get(pk=licence.pk)
    for name, value in values.items():
        setattr(licence, name, value if name != "scan" or value else licence.scan)
    licence.full_clean()
    with set_actor(user):
        licence.save()
    return licence
