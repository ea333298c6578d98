"""Writes for loan referrals. Status moves only along REFERRAL_TRANSITIONS; each step is an event."""

from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles

from . import eligibility
from .models import (
    FINISHED_STATUSES,
    REFERRAL_TRANSITIONS,
    UNDECIDED_STATUSES,
    DocumentView,
    JointLiability,
    LoanReferral,
    LoanReferralEvent,
    ReferralDocument,
    ReferralStatus,
)

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
    programme=None,
    check_eligibility: bool = False,
    override_reason: str = "",
) -> LoanReferral:
    """Make a draft referral. The portal's and the admin's forms pass `check_eligibility`:
    every failed point of `eligibility.check` refuses it unless `override_reason` says why
    the department refers anyway (kept on the referral and in its first history entry)."""
    if (participant is None) == (group is None):
        raise ValidationError(_("Rujukan harus untuk satu peserta atau satu KUB, tidak keduanya."))
    if amount_requested is None or amount_requested <= 0:
        raise ValidationError({"amount_requested": _("Jumlah yang diajukan harus lebih dari 0.")})
    if programme is not None:
        check_programme(programme=programme, bank=bank, amount=amount_requested, field="amount_requested")
    if participant is not None:
        _check_consent_and_restriction(participant)
    override_reason = (override_reason or "").strip()
    note = ""
    if check_eligibility:
        result = eligibility.check(participant=participant, group=group)
        if not result.ok:
            if not override_reason:
                raise ValidationError(
                    {
                        "override_reason": _(
                            "Syarat yang belum terpenuhi: %(failed)s. Lengkapi dulu, atau tuliskan alasan "
                            "tetap merujuk."
                        )
                        % {"failed": result.summary()}
                    },
                    code="not_eligible",
                )
            note = _("Dirujuk walau syarat belum terpenuhi (%(failed)s). Alasan: %(reason)s") % {
                "failed": result.summary(),
                "reason": override_reason,
            }
        else:
            override_reason = ""
    kecamatan = participant.kelurahan.kecamatan if participant is not None else group.kecamatan
    ketua = eligibility.group_ketua(group) if group is not None else None
    now = timezone.now()
    with set_actor(user):
        referral = LoanReferral.objects.create(
            participant=participant,
            group=group,
            bank=bank,
            ketua=ketua,
            kecamatan=kecamatan,
            purpose=purpose,
            programme=programme,
            amount_requested=amount_requested,
            override_reason=override_reason,
            created_by=user,
            status=ReferralStatus.DRAFT,
            status_changed_at=now,
        )
        LoanReferralEvent.objects.create(
            referral=referral, from_status="", to_status=ReferralStatus.DRAFT, by=user, at=now, note=note
        )
    return referral


def _check_consent_and_restriction(participant) -> None:
    """No override reason lifts these (UU 27/2022): a person who restricted processing, or who
    withdrew their consent to share data with a bank and has not given it again, is not referred."""
    from participants.models import Consent
    from privacy.services import check_processing_allowed

    check_processing_allowed(participant)
    consents = Consent.objects.filter(participant=participant, purpose=Consent.Purpose.BANK_REFERRAL)
    if consents.filter(withdrawn_at__isnull=False).exists() and not consents.filter(withdrawn_at__isnull=True).exists():
        raise ValidationError(
            _("%(name)s menarik persetujuan berbagi data dengan bank; rujukan baru tidak dapat dibuat.")
            % {"name": participant.name},
            code="consent_withdrawn",
        )


def check_programme(*, programme, bank, amount, field: str) -> None:
    """The programme is active, offered by the bank, and `amount` lies in its band."""
    if not programme.active:
        raise ValidationError({"programme": _("Program “%(name)s” tidak aktif lagi.") % {"name": programme.name}})
    if not programme.offered_by(bank):
        raise ValidationError(
            {"programme": _("Program “%(name)s” bukan program %(bank)s.") % {"name": programme.name, "bank": bank}}
        )
    if not programme.in_band(amount):
        raise ValidationError(
            {
                field: _("Jumlah untuk %(name)s harus antara Rp%(low)s dan Rp%(high)s.")
                % {"name": programme.name, "low": _rupiah(programme.loan_min), "high": _rupiah(programme.loan_max)}
            },
            code="out_of_band",
        )


def _rupiah(value) -> str:
    return f"{int(value):,}".replace(",", ".")


@transaction.atomic
def referral_transition(
    *,
    referral: LoanReferral,
    to_status: str,
    user,
    note: str = "",
    amount_approved: Decimal | None = None,
    amount_disbursed: Decimal | None = None,
    disbursed_on=None,
    programme=None,
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
        if programme is not None:
            check_programme(programme=programme, bank=referral.bank, amount=amount_approved, field="amount_approved")
            referral.programme = programme
        referral.amount_approved = amount_approved
    if target == ReferralStatus.DISBURSED:
        amount = amount_disbursed if amount_disbursed is not None else referral.amount_approved
        if amount is None or amount <= 0:
            raise ValidationError({"amount_disbursed": _("Isi jumlah yang dicairkan.")})
        if referral.amount_approved is not None and amount > referral.amount_approved:
            raise ValidationError({"amount_disbursed": _("Jumlah dicairkan melebihi jumlah yang disetujui.")})
        referral.amount_disbursed = amount
        today = timezone.localdate()
        if disbursed_on is not None and disbursed_on > today:
            raise ValidationError({"disbursed_on": _("Tanggal pencairan tidak boleh di masa depan.")})
        referral.disbursed_on = disbursed_on or today
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


@transaction.atomic
def referrals_cancel_for_withdrawn_consent(*, participant, user, at=None) -> list[LoanReferral]:
    """End the participant's own referrals the bank has not decided yet (UNDECIDED_STATUSES),
    because they withdrew their consent to share data with a bank: each becomes CANCELLED with
    a history entry saying why, by whom and when (`at`: when the withdrawal was made, named in
    the entry's note; the entry itself is dated now). Called inside the withdrawal's transaction
    (privacy.services.consent_withdraw). Approved, rejected, disbursed and closed referrals are
    the bank's decision already and stay as they are."""
    now = timezone.now()
    at = at or now
    open_referrals = list(
        LoanReferral.objects.select_for_update()
        .filter(participant=participant, status__in=UNDECIDED_STATUSES)
        .order_by("pk")
    )
    note = _(
        "Dibatalkan: peserta menarik persetujuan berbagi data dengan bank (%(date)s); rujukan dihentikan "
        "sebelum bank memutuskan."
    ) % {"date": timezone.localtime(at).strftime("%d-%m-%Y %H:%M")}
    with set_actor(user):
        for referral in open_referrals:
            current = referral.status
            referral.status = ReferralStatus.CANCELLED
            referral.status_changed_at = now
            referral.save(update_fields=["status", "status_changed_at"])
            LoanReferralEvent.objects.create(
                referral=referral, from_status=current, to_status=ReferralStatus.CANCELLED, by=user, at=now, note=note
            )
    return open_referrals


@transaction.atomic
def document_add(*, referral: LoanReferral, kind, file, user) -> ReferralDocument:
    """Attach a scan for one item of the checklist (the file is checked by SafeDocumentField).
    An earlier scan of the same kind stays, for the record; the newest one counts."""
    if user is None or user.role == roles.BANK_LIAISON:
        raise PermissionDenied
    if referral.status in FINISHED_STATUSES:
        raise ValidationError(_("Rujukan ini sudah selesai; dokumennya tidak bisa ditambah."))
    with set_actor(user):
        return ReferralDocument.objects.create(referral=referral, kind=kind, file=file, uploaded_by=user)


def document_viewed(*, document: ReferralDocument, user) -> None:
    DocumentView.objects.create(document=document, by=user)


@transaction.atomic
def joint_liability_record(*, referral: LoanReferral, participants, method: str, user) -> list[JointLiability]:
    """Record that these members of the referral's KUB agreed to joint liability (tanggung renteng)."""
    from groups.models import Membership

    if user is None or user.role == roles.BANK_LIAISON:
        raise PermissionDenied
    if referral.group_id is None:
        raise ValidationError(_("Tanggung renteng hanya untuk rujukan kelompok (KUB)."))
    members = set(
        Membership.objects.filter(group=referral.group_id, left_on__isnull=True).values_list("participant", flat=True)
    )
    outsiders = [p for p in participants if p.pk not in members]
    if outsiders:
        raise ValidationError(
            _("Bukan anggota aktif KUB ini: %(names)s.") % {"names": ", ".join(p.name for p in outsiders)}
        )
    now = timezone.now()
    recorded = []
    with set_actor(user):
        for participant in participants:
            agreement, created = JointLiability.objects.get_or_create(
                referral=referral,
                participant=participant,
                defaults={"method": method, "agreed_at": now, "recorded_by": user},
            )
            if created:
                recorded.append(agreement)
    return recorded
