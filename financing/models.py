from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import Created, created_at_field, created_by_field
from core.uploads import SafeDocumentField


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


class DocumentKind(models.Model):
    """A document banks ask for (e-KTP, KK, NIB or surat keterangan usaha, NPWP ...)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama dokumen"), max_length=150)
    required_above = models.DecimalField(
        _("wajib bila jumlah di atas (Rp)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Kosongkan bila wajib untuk setiap jumlah."),
    )
    condition = models.CharField(
        _("syarat lain"),
        max_length=150,
        blank=True,
        help_text=_("Mis. “bila sudah menikah”: dokumen ini diminta bila berlaku, tidak wajib untuk semua."),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("jenis dokumen")
        verbose_name_plural = _("jenis dokumen")

    def __str__(self):
        return self.name

    def applies_to(self, amount) -> bool:
        return self.required_above is None or (amount is not None and amount > self.required_above)


class KurProgramme(models.Model):
    """A financing programme: a KUR scheme (every KUR bank offers it) or a bank's own product."""

    bank = models.ForeignKey(
        Bank,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("bank"),
        help_text=_("Kosongkan untuk skema KUR yang berlaku di setiap bank penyalur KUR."),
    )
    name = models.CharField(_("nama program"), max_length=150)
    is_kur = models.BooleanField(_("skema KUR"), default=True)
    loan_min = models.DecimalField(
        _("pinjaman paling sedikit (Rp)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(1)]
    )
    loan_max = models.DecimalField(
        _("pinjaman paling banyak (Rp)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(1)]
    )
    interest_rate = models.DecimalField(
        _("bunga efektif (% per tahun)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    rate_note = models.CharField(_("catatan bunga"), max_length=255, blank=True)
    tenor_max_months = models.PositiveSmallIntegerField(_("tenor paling lama (bulan)"), null=True, blank=True)
    collateral_note = models.CharField(_("catatan agunan"), max_length=255, blank=True)
    per_member = models.BooleanField(
        _("batas per anggota"), default=False, help_text=_("Batas pinjaman berlaku per anggota kelompok.")
    )
    documents = models.ManyToManyField(
        DocumentKind, blank=True, related_name="programmes", verbose_name=_("dokumen yang diminta")
    )
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["bank__short_name", "loan_min", "name"]
        verbose_name = _("program pembiayaan")
        verbose_name_plural = _("program pembiayaan")
        constraints = [
            models.CheckConstraint(condition=Q(loan_max__gte=models.F("loan_min")), name="programme_band_ordered"),
            models.UniqueConstraint(fields=["bank", "name"], name="programme_unique_name_per_bank"),
        ]

    def __str__(self):
        return f"{self.bank.short_name} · {self.name}" if self.bank_id else self.name

    def offered_by(self, bank) -> bool:
        return self.bank_id is None or self.bank_id == bank.pk

    def in_band(self, amount) -> bool:
        return amount is not None and self.loan_min <= amount <= self.loan_max

    def required_documents(self, amount) -> list[DocumentKind]:
        return [k for k in self.documents.all() if k.active and k.applies_to(amount)]


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    REFERRED = "referred", _("Dirujuk")
    DOCUMENTS_COMPLETE = "documents_complete", _("Dokumen lengkap")
    UNDER_REVIEW = "under_review", _("Dalam penilaian bank")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")
    DISBURSED = "disbursed", _("Dicairkan")
    CLOSED = "closed", _("Selesai")
    # Ended by the department's records, never a step anyone takes: the participant withdrew
    # their consent to share data with a bank before the bank decided (financing.services).
    CANCELLED = "cancelled", _("Dibatalkan")


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
    ReferralStatus.CANCELLED: set(),
}

# Not decided by the bank yet: what a withdrawal of the bank consent ends (the bank has
# approved or rejected none of these, and no money has moved).
UNDECIDED_STATUSES = (
    ReferralStatus.DRAFT,
    ReferralStatus.REFERRED,
    ReferralStatus.DOCUMENTS_COMPLETE,
    ReferralStatus.UNDER_REVIEW,
)

# Finished: nothing more happens to the referral (no document, no move, not counted as open).
FINISHED_STATUSES = (ReferralStatus.REJECTED, ReferralStatus.CLOSED, ReferralStatus.CANCELLED)


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
    # A KUB's application goes through its ketua (Permenko 12/2025 Pasal 4): who that was.
    ketua = models.ForeignKey(
        "participants.Participant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ketua pengaju"),
        editable=False,
    )
    # Copied from the participant or KUB so scoping needs no join.
    kecamatan = models.ForeignKey(
        "regions.Kecamatan",
        on_delete=models.PROTECT,
        related_name="loan_referrals",
        verbose_name=_("kecamatan"),
        editable=False,
    )
    programme = models.ForeignKey(
        KurProgramme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("program"),
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
    disbursed_on = models.DateField(_("tanggal pencairan"), null=True, blank=True, editable=False)
    # Written by staff who referred although a point of the department's check failed.
    override_reason = models.TextField(_("alasan melewati syarat"), blank=True, editable=False)
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
        indexes = [
            models.Index(fields=["bank", "status"], name="referral_bank_status_idx"),
            # The newest first (Meta.ordering, and the pk the admin changelist adds).
            models.Index(fields=["-created_at", "-id"], name="referral_newest_idx"),
        ]

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


def referral_document_path(instance, filename):
    # The name SafeDocumentField gives (random, with the real extension) under one folder.
    return f"referral-docs/{filename}"


class ReferralDocument(models.Model):
    """A scan for one item of a referral's document checklist."""

    referral = models.ForeignKey(
        LoanReferral, on_delete=models.CASCADE, related_name="documents", verbose_name=_("rujukan")
    )
    kind = models.ForeignKey(DocumentKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("jenis"))
    file = SafeDocumentField(_("berkas"), upload_to=referral_document_path)
    uploaded_by = created_by_field(_("diunggah oleh"))
    uploaded_at = created_at_field(_("diunggah"))

    class Meta:
        ordering = ["referral", "kind__order", "-uploaded_at", "-pk"]
        verbose_name = _("dokumen rujukan")
        verbose_name_plural = _("dokumen rujukan")

    def __str__(self):
        return f"{self.kind} — {_('Rujukan')} #{self.referral_id}"


class DocumentView(models.Model):
    """One view or download of a referral's document: loan files are specific personal data."""

    document = models.ForeignKey(
        ReferralDocument, on_delete=models.CASCADE, related_name="views", verbose_name=_("dokumen")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("oleh")
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("akses dokumen rujukan")
        verbose_name_plural = _("akses dokumen rujukan")

    def __str__(self):
        return f"{self.document} · {self.by} · {self.at:%d-%m-%Y %H:%M}"


class JointLiability(models.Model):
    """A KUB member's agreement to be jointly liable (tanggung renteng) for the group's KUR."""

    class Method(models.TextChoices):
        FORM = "form", _("Formulir di portal")
        PAPER = "paper", _("Formulir kertas bertanda tangan")

    referral = models.ForeignKey(
        LoanReferral, on_delete=models.CASCADE, related_name="joint_liabilities", verbose_name=_("rujukan")
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="+", verbose_name=_("anggota")
    )
    method = models.CharField(_("cara"), max_length=10, choices=Method.choices, default=Method.PAPER)
    agreed_at = models.DateTimeField(_("waktu persetujuan"))
    recorded_by = created_by_field(_("dicatat oleh"))

    class Meta:
        ordering = ["referral", "participant__name"]
        verbose_name = _("persetujuan tanggung renteng")
        verbose_name_plural = _("persetujuan tanggung renteng")
        constraints = [
            models.UniqueConstraint(fields=["referral", "participant"], name="joint_liability_once_per_member")
        ]

    def __str__(self):
        return f"{self.participant} — {_('Rujukan')} #{self.referral_id}"
