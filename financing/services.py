"""Writes for loan referrals. Status moves only along REFERRAL_TRANSITIONS; each step is an event."""

from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles

from .models import REFERRAL_TRANSITIONS, LoanReferral, LoanReferralEvent, ReferralStatus

# The steps a bank liaison records; the department records the rest (and may record these too).
BANK_STEPS = {
    ReferralStatus.UNDER_REVIEW,
    ReferralStatus.APPROVED,
    ReferralStatus.REJECTED,
    ReferralStatus.DISBURSED,
    ReferralStatus.CLOSED,
}


@transaction.atomic
def referral_create(
    *,
    bank,
    purpose: str,
    amount_requested: Decimal,
    user,
    participant=None,
    group=None,
) -> LoanReferral:
    if (participant is None) == (group is None):
        raise ValidationError(_("Rujukan harus untuk satu peserta atau satu KUB, tidak keduanya."))
    if amount_requested is None or amount_requested <= 0:
        raise ValidationError({"amount_requested": _("Jumlah yang diajukan harus lebih dari 0.")})
    kecamatan = participant.kelurahan.kecamatan if participant is not None else group.kecamatan
    now = timezone.now()
    with set_actor(user):
        referral = LoanReferral.objects.create(
            participant=participant,
            group=group,
            bank=bank,
            kecamatan=kecamatan,
            purpose=purpose,
            amount_requested=amount_requested,
            created_by=user,
            status=ReferralStatus.DRAFT,
            status_changed_at=now,
        )
        LoanReferralEvent.objects.create(
            referral=referral, from_status="", to_status=ReferralStatus.DRAFT, by=user, at=now
        )
    return referral


@transaction.atomic
def referral_transition(
    *,
    referral: LoanReferral,
    to_status: str,
    user,
    note: str = "",
    amount_approved: Decimal | None = None,
    amount_disbursed: Decimal | None = None,
) -> LoanReferral:
    """Move a referral one step, recording who and when. Illegal moves are refused with the allowed ones."""
    referral = LoanReferral.objects.select_for_update().get(pk=referral.pk)
    current = ReferralStatus(referral.status)
    try:
        target = ReferralStatus(to_status)
    except ValueError:
        raise ValidationError(_("Status rujukan tidak dikenal.")) from None
    allowed = REFERRAL_TRANSITIONS[current]
    if target not in allowed:
        names = ", ".join(str(s.label) for s in sorted(allowed)) or _("tidak ada (sudah selesai)")
        raise ValidationError(
            _("Rujukan berstatus “%(current)s” tidak bisa langsung menjadi “%(target)s”. Langkah berikutnya: %(next)s.")
            % {"current": current.label, "target": target.label, "next": names},
            code="bad_transition",
        )
    if user is not None and user.role == roles.BANK_LIAISON:
        if referral.bank_id != user.bank_id:
            raise PermissionDenied
        if target not in BANK_STEPS:
            raise ValidationError(
                _("Langkah “%(target)s” dicatat oleh Disperindag, bukan oleh bank.") % {"target": target.label},
                code="not_bank_step",
            )
    if target == ReferralStatus.APPROVED:
        if amount_approved is None or amount_approved <= 0:
            raise ValidationError({"amount_approved": _("Isi jumlah yang disetujui bank.")})
        referral.amount_approved = amount_approved
    if target == ReferralStatus.DISBURSED:
        amount = amount_disbursed if amount_disbursed is not None else referral.amount_approved
        if amount is None or amount <= 0:
            raise ValidationError({"amount_disbursed": _("Isi jumlah yang dicairkan.")})
        if referral.amount_approved is not None and amount > referral.amount_approved:
            raise ValidationError({"amount_disbursed": _("Jumlah dicairkan melebihi jumlah yang disetujui.")})
        referral.amount_disbursed = amount
    if target == ReferralStatus.REJECTED and not note.strip():
        raise ValidationError({"note": _("Tuliskan alasan penolakan.")})
    now = timezone.now()
    with set_actor(user):
        referral.status = target
        referral.status_changed_at = now
        referral.save()
        LoanReferralEvent.objects.create(
            referral=referral, from_status=current, to_status=target, by=user, at=now, note=note.strip()
        )
    return referral
