"""Curation of businesses and products for exhibitions: nominated → curated → selected, or
rejected with a reason. Every move is locked, checked against the order and recorded as a
CurationStep (who, when, why). A visit that recommends its business nominates it (`connect`).

A product's own flag in the KUB pages (`Product.curation_status`) follows its curation, so
the catalogue and the KUB pages say what curation decided.
"""

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Product

from .models import Business, Curation, CurationStep, InventoryVisit

Status = Curation.Status

# from -> the statuses it may move to. A rejected one may be nominated again.
ALLOWED = {
    "": {Status.NOMINATED},
    Status.NOMINATED: {Status.CURATED, Status.REJECTED},
    Status.CURATED: {Status.SELECTED, Status.REJECTED},
    Status.SELECTED: {Status.REJECTED},
    Status.REJECTED: {Status.NOMINATED},
}

PRODUCT_FLAG = {
    Status.NOMINATED: Product.Curation.SUBMITTED,
    Status.CURATED: Product.Curation.SUBMITTED,
    Status.SELECTED: Product.Curation.APPROVED,
    Status.REJECTED: Product.Curation.REJECTED,
}


@transaction.atomic
def curation_nominate(*, user, business: Business | None = None, product: Product | None = None) -> Curation:
    """Nominate a business or a product. One already on its way is left as it is; a rejected
    one is nominated again."""
    if (business is None) == (product is None):
        raise ValueError("nominate either a business or a product")
    if business is not None:
        target = Business.objects.select_for_update().select_related("kelurahan").get(pk=business.pk)
        lookup, kecamatan_id = {"business": target}, target.kelurahan.kecamatan_id
    else:
        target = Product.objects.select_for_update().select_related("group").get(pk=product.pk)
        lookup, kecamatan_id = {"product": target}, target.group.kecamatan_id
    curation = Curation.objects.select_for_update().filter(**lookup).first()
    if curation is None:
        now = timezone.now()
        with set_actor(user):
            curation = Curation.objects.create(
                **lookup, kecamatan_id=kecamatan_id, status=Status.NOMINATED, changed_by=user, changed_at=now
            )
            CurationStep.objects.create(curation=curation, to_status=Status.NOMINATED, by=user, at=now)
            _follow_on_product(curation, user)
        return curation
    if curation.status == Status.REJECTED:
        return _move(curation, Status.NOMINATED, user=user)
    return curation


@transaction.atomic
def curation_move(*, curation: Curation, to_status: str, user, reason: str = "") -> Curation:
    """Move a curation one step along its order (ALLOWED); a rejection needs a reason."""
    curation = Curation.objects.select_for_update().get(pk=curation.pk)
    return _move(curation, to_status, user=user, reason=reason)


def _move(curation: Curation, to_status: str, *, user, reason: str = "") -> Curation:
    if to_status not in Status.values:
        raise ValidationError(_("Status kurasi tidak dikenal."))
    if to_status not in ALLOWED[curation.status]:
        raise ValidationError(
            _("Kurasi berstatus %(from)s tidak dapat diubah menjadi %(to)s.")
            % {"from": curation.get_status_display(), "to": Status(to_status).label}
        )
    reason = (reason or "").strip()
    if to_status == Status.REJECTED and not reason:
        raise ValidationError({"reason": _("Tuliskan alasan penolakan.")})
    now = timezone.now()
    previous = curation.status
    curation.status = to_status
    curation.reason = reason if to_status == Status.REJECTED else ""
    curation.changed_by, curation.changed_at = user, now
    with set_actor(user):
        curation.save(update_fields=["status", "reason", "changed_by", "changed_at"])
        CurationStep.objects.create(
            curation=curation, from_status=previous, to_status=to_status, reason=reason, by=user, at=now
        )
        _follow_on_product(curation, user)
    return curation


def _follow_on_product(curation: Curation, user) -> None:
    if curation.product_id is None:
        return
    Product.objects.filter(pk=curation.product_id).update(
        curation_status=PRODUCT_FLAG[curation.status],
        curation_note=curation.reason,
        curated_by=user,
        curated_at=curation.changed_at,
    )


def _nominate_recommended(sender, instance: InventoryVisit, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw and instance.recommend_for_exhibition:
        curation_nominate(user=instance.officer, business=instance.business)


def connect() -> None:
    post_save.connect(_nominate_recommended, sender=InventoryVisit, dispatch_uid="curation_nominate_recommended")
