from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import Created, created_by_field


class Bank(models.Model):
    name = models.CharField(_("nama bank"), max_length=150, unique=True)
    short_name = models.CharField(_("singkatan"), max_length=20, unique=True)
    branch = models.CharField(_("kantor cabang"), max_length=150, blank=True)
    contact_name = models.CharField(_("nama kontak"), max_length=150, blank=True)
    contact_phone = models.CharField(_("telepon kontak"), max_length=20, blank=True)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("bank mitra")
        verbose_name_plural = pgettext_lazy("jamak", "bank mitra")

    def __str__(self):
        return self.short_name


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    REFERRED = "referred", _("Dirujuk")
    DOCUMENTS_COMPLETE = "documents_complete", _("Dokumen lengkap")
    UNDER_REVIEW = "under_review", _("Dalam penilaian bank")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")
    DISBURSED = "disbursed", _("Dicairkan")
    CLOSED = "closed", _("Selesai")


# The only moves a referral may make (DESIGN.md).
REFERRAL_TRANSITIONS = {
    ReferralStatus.DRAFT: {ReferralStatus.REFERRED},
    ReferralStatus.REFERRED: {ReferralStatus.DOCUMENTS_COMPLETE},
    ReferralStatus.DOCUMENTS_COMPLETE: {ReferralStatus.UNDER_REVIEW},
    ReferralStatus.UNDER_REVIEW: {ReferralStatus.APPROVED, ReferralStatus.REJECTED},
    ReferralStatus.APPROVED: {ReferralStatus.DISBURSED},
    ReferralStatus.REJECTED: {ReferralStatus.CLOSED},
    ReferralStatus.DISBURSED: {ReferralStatus.CLOSED},
    ReferralStatus.CLOSED: set(),
}


class LoanReferral(Created):
    Status = ReferralStatus

    participant = models.ForeignKey(
        "participants.Participant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="loan_referrals",
        verbose_name=_("peserta"),
    )
    group = models.ForeignKey(
        "groups.BusinessGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="loan_referrals",
        verbose_name=_("KUB"),
    )
    bank = models.ForeignKey(Bank, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("bank"))
    # Copied from the participant or KUB so scoping needs no join.
    kecamatan = models.ForeignKey(
        "regions.Kecamatan",
        on_delete=models.PROTECT,
        related_name="loan_referrals",
        verbose_name=_("kecamatan"),
        editable=False,
    )
    purpose = models.CharField(_("keperluan pinjaman"), max_length=255)
    amount_requested = models.DecimalField(
        _("jumlah diajukan (Rp)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(1)]
    )
    amount_approved = models.DecimalField(
        _("jumlah disetujui (Rp)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    amount_disbursed = models.DecimalField(
        _("jumlah dicairkan (Rp)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReferralStatus.choices,
        default=ReferralStatus.DRAFT,
        db_index=True,
        editable=False,
    )
    status_changed_at = models.DateTimeField(_("status diubah"), null=True, blank=True, editable=False)
    # Set by the service only, never on a form; unlike the default, not blank.
    created_by = created_by_field(blank=False, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rujukan pinjaman")
        verbose_name_plural = pgettext_lazy("jamak", "rujukan pinjaman")
        constraints = [
            models.CheckConstraint(
                condition=(Q(participant__isnull=False) & Q(group__isnull=True))
                | (Q(participant__isnull=True) & Q(group__isnull=False)),
                name="referral_participant_xor_group",
            ),
            models.CheckConstraint(condition=Q(amount_requested__gt=0), name="referral_amount_positive"),
            models.CheckConstraint(condition=Q(status__in=ReferralStatus.values), name="referral_status_valid"),
        ]
        indexes = [models.Index(fields=["bank", "status"], name="referral_bank_status_idx")]

    def __str__(self):
        return f"{_('Rujukan')} #{self.pk} ({self.bank})"

    @property
    def applicant(self):
        return self.participant or self.group

    def allowed_next(self) -> list[str]:
        return sorted(REFERRAL_TRANSITIONS[ReferralStatus(self.status)])


class LoanReferralEvent(models.Model):
    """One step of a referral's status history: who moved it, when, from what to what."""

    referral = models.ForeignKey(
        LoanReferral, on_delete=models.CASCADE, related_name="events", verbose_name=_("rujukan")
    )
    from_status = models.CharField(_("dari status"), max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(_("ke status"), max_length=20, choices=ReferralStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("oleh")
    )
    at = models.DateTimeField(_("waktu"))
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["referral", "at", "pk"]
        verbose_name = _("riwayat status rujukan")
        verbose_name_plural = _("riwayat status rujukan")

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"
