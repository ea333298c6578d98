"""Writes for the field inventory."""

import datetime as dt

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
) -> InventoryVisit:
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
    business = Business.objects.select_for_update().get(pk=business.pk)
    with set_actor(officer):
        visit = InventoryVisit.objects.create(
            business=business,
            officer=officer,
            visited_on=visited_on,
            status=status,
            notes=notes,
            latitude=latitude,
            longitude=longitude,
            evidence_photo=evidence_photo or "",
            recommend_for_exhibition=recommend_for_exhibition,
        )
    return visit
