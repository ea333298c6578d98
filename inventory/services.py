"""Writes for the field inventory."""

import datetime as dt
import uuid
from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scoping import in_scope, scope_queryset
from participants.models import Participant

from .models import Business, InventoryVisit


def business_refresh_last_visit(*, business: Business) -> Business:
    """A business's last-visit fields from its latest visit. Run by inventory.signals after
    every write of a visit; writes only on change."""
    latest = business.visits.order_by("-visited_on", "-pk").first()
    status = latest.status if latest else ""
    visited = latest.visited_on if latest else None
    if (status, visited) != (business.last_visit_status, business.last_visited_on):
        business.last_visit_status = status
        business.last_visited_on = visited
        business.save(update_fields=["last_visit_status", "last_visited_on"])
    return business


def visit_check(
    *,
    visited_on: dt.date,
    status: str,
    latitude=None,
    longitude=None,
    location_accuracy: int | None = None,
    location_source: str = "",
) -> tuple[int | None, str]:
    """The rules of a visit that need no database (visit_record's, and an import's preview):
    raises ValidationError, or returns the location's accuracy and source as they are kept."""
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("Tanggal kunjungan tidak boleh di masa depan.")})
    if status not in InventoryVisit.Status.values:
        raise ValidationError({"status": _("Kondisi usaha tidak dikenal.")})
    if (latitude is None) != (longitude is None):
        raise ValidationError(_("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya."))
    # The database refuses these too; say so in words instead of a server error.
    if latitude is not None and not -90 <= latitude <= 90:
        raise ValidationError({"latitude": _("Lintang harus antara -90 dan 90.")})
    if longitude is not None and not -180 <= longitude <= 180:
        raise ValidationError({"longitude": _("Bujur harus antara -180 dan 180.")})
    if latitude is None:
        location_accuracy, location_source = None, ""
    elif not location_source:
        location_source = InventoryVisit.LocationSource.TYPED
    if location_source == InventoryVisit.LocationSource.TYPED:
        location_accuracy = None
    return location_accuracy, location_source


@transaction.atomic
def visit_record(
    *,
    business: Business,
    officer,
    visited_on: dt.date,
    status: str,
    notes: str = "",
    latitude=None,
    longitude=None,
    evidence_photo=None,
    recommend_for_exhibition: bool = False,
    location_accuracy: int | None = None,
    location_source: str = "",
    active_members: int | None = None,
    monthly_output: int | None = None,
    monthly_turnover: Decimal | None = None,
    products_seen: str = "",
    client_id: uuid.UUID | None = None,
    actor=None,
) -> InventoryVisit:
    """Record a visit. `actor`: who the audit trail names when not the officer (an import)."""
    location_accuracy, location_source = visit_check(
        visited_on=visited_on,
        status=status,
        latitude=latitude,
        longitude=longitude,
        location_accuracy=location_accuracy,
        location_source=location_source,
    )
    business = Business.objects.select_for_update().get(pk=business.pk)
    visit = InventoryVisit(
        business=business,
        officer=officer,
        visited_on=visited_on,
        status=status,
        notes=notes,
        latitude=latitude,
        longitude=longitude,
        evidence_photo=evidence_photo or "",
        recommend_for_exhibition=recommend_for_exhibition,
        location_accuracy=location_accuracy,
        location_source=location_source,
        active_members=active_members,
        monthly_output=monthly_output,
        monthly_turnover=monthly_turnover,
        products_seen=products_seen,
        client_id=client_id,
    )
    try:
        with set_actor(actor or officer):
            visit.save(force_insert=True)
    except IntegrityError:
        # The photo reached storage before the row was refused (a second send of a phone's
        # submission): it belongs to no visit, so it goes.
        for file in (visit.evidence_photo, visit.evidence_thumbnail):
            if file and file._committed:
                file.storage.delete(file.name)
        raise
    return visit


class ClientIdTaken(ValidationError):
    """The phone's id belongs to a visit of another business (or one the user may not see)."""


def _visit_of_client_id(*, client_id: uuid.UUID, business: Business) -> InventoryVisit | None:
    found = InventoryVisit.objects.filter(client_id=client_id).first()
    if found is not None and found.business_id != business.pk:
        raise ClientIdTaken(_("Kiriman ini sudah dipakai untuk usaha lain. Muat ulang formulir lalu kirim lagi."))
    return found


def visit_submit(*, business: Business, officer, client_id: uuid.UUID, **fields) -> tuple[InventoryVisit, bool]:
    """Record a visit sent from the phone form once per `client_id`: the same submission sent
    again (a double tap, a retry on a weak connection) returns the visit it first made and
    False. Two at the same moment: the unique index lets one in, the other finds it."""
    if not in_scope(officer, business):
        raise ValidationError(_("Usaha ini di luar wilayah tugas Anda."))
    first = _visit_of_client_id(client_id=client_id, business=business)
    if first is not None:
        return first, False
    try:
        with transaction.atomic():
            return visit_record(business=business, officer=officer, client_id=client_id, **fields), True
    except IntegrityError:
        first = _visit_of_client_id(client_id=client_id, business=business)
        if first is None:
            raise
        return first, False


@transaction.atomic
def business_register(
    *,
    user,
    name: str,
    kelurahan,
    owner_name: str = "",
    owner_nik: str = "",
    craft_type=None,
    address: str = "",
    phone: str = "",
) -> Business:
    """A business an officer found in the field. An owner whose NIK is a participant's is that
    participant, so their visits count for the participant's outcome."""
    if not in_scope(user, kelurahan):
        raise ValidationError({"kelurahan": _("Kelurahan ini di luar wilayah tugas Anda.")})
    # Only a participant the user may see: a typed NIK must not reveal who it belongs to elsewhere.
    owner = scope_queryset(user, Participant.objects.filter(nik=owner_nik)).first() if owner_nik else None
    business = Business(
        name=name,
        kelurahan=kelurahan,
        owner_participant=owner,
        owner_name="" if owner else owner_name,
        owner_nik="" if owner else owner_nik,
        craft_type=craft_type,
        address=address,
        phone=phone,
        created_by=user,
    )
    business.full_clean()
    with set_actor(user):
        business.save()
    return business
