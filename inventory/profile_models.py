"""Reference data, licences and curation of the IKM profile (issue 10, points 3 and 5).

Imported by inventory.models, so Django finds them in the inventory app.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Created, CreatedAt, created_at_field, created_by_field
from core.uploads import SafeDocumentField


class Kbli(models.Model):
    """A KBLI 2020 class (Perka BPS 2/2020), 5 digits. Seeded by a data migration with the
    codes crafts use; staff add others in the admin."""

    code = models.CharField(
        _("kode"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("Kode KBLI terdiri dari 5 digit angka."))],
    )
    title = models.CharField(_("judul"), max_length=255)

    class Meta:
        ordering = ["code"]
        verbose_name = _("KBLI 2020")
        verbose_name_plural = _("KBLI 2020")

    def __str__(self):
        return f"{self.code} {self.title}"


def licence_scan_path(instance, filename):
    return f"licences/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class BusinessLicence(Created):
    """A licence or certificate a business holds, with its scan."""

    class Kind(models.TextChoices):
        NIB = "nib", _("NIB (OSS-RBA)")
        SPP_IRT = "spp_irt", _("SPP-IRT")
        BPOM = "bpom", _("BPOM MD/ML")
        HALAL = "halal", _("Sertifikat halal")
        SNI = "sni", _("SNI")
        TRADEMARK = "trademark", _("Merek (HKI/DJKI)")
        TKDN = "tkdn", _("TKDN-IK")
        OTHER = "other", _("Lainnya")

    business = models.ForeignKey(
        "inventory.Business", on_delete=models.CASCADE, related_name="licences", verbose_name=_("usaha")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("nama izin"), max_length=100, blank=True, help_text=_("Untuk jenis 'Lainnya'."))
    number = models.CharField(_("nomor"), max_length=100)
    issued_on = models.DateField(_("tanggal terbit"), null=True, blank=True)
    valid_until = models.DateField(
        _("berlaku sampai"), null=True, blank=True, db_index=True, help_text=_("Kosongkan bila berlaku seterusnya.")
    )
    scan = SafeDocumentField(_("pindaian"), upload_to=licence_scan_path, blank=True)
    created_by = created_by_field(_("dicatat oleh"))
    created_at = created_at_field(_("dicatat"))

    class Meta:
        ordering = ["business", "kind", "pk"]
        verbose_name = _("izin / sertifikat")
        verbose_name_plural = _("izin dan sertifikat")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(valid_until__gte=models.F("issued_on")),
                name="licence_valid_after_issued",
                violation_error_message=_("Tanggal berlaku sampai tidak boleh sebelum tanggal terbit."),
            ),
        ]

    def __str__(self):
        label = self.name if self.kind == self.Kind.OTHER and self.name else self.get_kind_display()
        return f"{label} {self.number}"


class Curation(CreatedAt):
    """Where a business or a product stands on the way to an exhibition:
    nominated → curated → selected, or rejected with a reason (inventory.curation)."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Dinominasikan")
        CURATED = "curated", _("Dikurasi")
        SELECTED = "selected", _("Terpilih")
        REJECTED = "rejected", _("Ditolak")

    business = models.ForeignKey(
        "inventory.Business",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="curations",
        verbose_name=_("usaha"),
    )
    product = models.ForeignKey(
        "groups.Product",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="curations",
        verbose_name=_("produk"),
    )
    # The kecamatan of the business or product's KUB, kept for scoping.
    kecamatan = models.ForeignKey(
        "regions.Kecamatan", on_delete=models.PROTECT, related_name="+", verbose_name=_("kecamatan")
    )
    status = models.CharField(_("status kurasi"), max_length=10, choices=Status.choices, db_index=True)
    reason = models.TextField(_("alasan penolakan"), blank=True)
    changed_by = created_by_field(_("diubah oleh"))
    changed_at = models.DateTimeField(_("diubah pada"), db_index=True)
    created_at = created_at_field(_("dinominasikan"))

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("kurasi")
        verbose_name_plural = _("kurasi")
        constraints = [
            models.CheckConstraint(
                condition=(Q(business__isnull=False) & Q(product__isnull=True))
                | (Q(business__isnull=True) & Q(product__isnull=False)),
                name="curation_business_xor_product",
            ),
            models.UniqueConstraint(
                fields=["business"], condition=Q(business__isnull=False), name="curation_one_per_business"
            ),
            models.UniqueConstraint(
                fields=["product"], condition=Q(product__isnull=False), name="curation_one_per_product"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""), name="curation_rejection_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["status", "-changed_at"], name="curation_status_changed_idx")]

    def __str__(self):
        return str(self.business or self.product)

    @property
    def target(self):
        return self.business or self.product


class CurationStep(models.Model):
    """One move of a curation: who, when, from which status to which, and why."""

    curation = models.ForeignKey(Curation, on_delete=models.CASCADE, related_name="steps", verbose_name=_("kurasi"))
    from_status = models.CharField(_("dari"), max_length=10, choices=Curation.Status.choices, blank=True)
    to_status = models.CharField(_("menjadi"), max_length=10, choices=Curation.Status.choices)
    reason = models.TextField(_("alasan"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("oleh")
    )
    at = models.DateTimeField(_("pada"))

    class Meta:
        ordering = ["curation", "at", "pk"]
        verbose_name = _("langkah kurasi")
        verbose_name_plural = _("langkah kurasi")

    def __str__(self):
        return f"{self.curation}: {self.get_to_status_display()}"
