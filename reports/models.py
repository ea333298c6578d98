from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import CreatedAt, created_at_field


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    RUNNING = "running", _("Diproses")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class ExportJob(CreatedAt):
    """An Excel export, and the record that personal data left the office (who, when, filters, rows)."""

    Status = JobStatus

    kind = models.CharField(_("jenis ekspor"), max_length=50)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="export_jobs",
        verbose_name=_("diminta oleh"),
    )
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    # The list's query as the task runs it again (a search text may be a name or a NIK):
    # kept only until the job ends; `filters` is the log's wording of it, NIKs masked.
    params = models.JSONField(_("parameter daftar"), default=dict, blank=True)
    contains_personal_data = models.BooleanField(_("berisi data pribadi"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    file = models.FileField(_("berkas"), upload_to="exports/", blank=True)
    error = models.TextField(_("galat"), blank=True)
    created_at = created_at_field(_("diminta pada"))
    started_at = models.DateTimeField(_("mulai diproses"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    file_deleted_at = models.DateTimeField(_("berkas dihapus pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ekspor")
        verbose_name_plural = pgettext_lazy("jamak", "ekspor")
        # Program figures (outcomes, dashboard) are a report of their own, not a model.
        permissions = [("view_outcomes", _("Dapat melihat capaian program"))]

    def __str__(self):
        return f"{self.kind} #{self.pk}"


class ImportJob(CreatedAt):
    Status = JobStatus

    kind = models.CharField(_("jenis impor"), max_length=50)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
        verbose_name=_("diunggah oleh"),
    )
    file = models.FileField(_("berkas"), upload_to="imports/")
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    applied_rows = models.PositiveIntegerField(_("baris diterapkan"), default=0)
    errors = models.JSONField(
        _("daftar galat"), default=list, blank=True, help_text=_("Satu entri per sel yang salah: baris, kolom, pesan.")
    )
    warnings = models.JSONField(
        _("daftar peringatan"),
        default=list,
        blank=True,
        help_text=_("Hal yang perlu diperhatikan tetapi tidak menghalangi impor: baris, kolom, pesan."),
    )
    # The same file uploaded twice is found by its content, whatever its name.
    sha256 = models.CharField(_("sidik SHA-256"), max_length=64, blank=True, db_index=True)
    checked_at = models.DateTimeField(_("diperiksa pada"), null=True, blank=True)
    # What the preview's check read of the database (ImportKind.state); the apply reuses the
    # check when it is unchanged, and says so in `preview_reused`.
    checked_state = models.CharField(_("keadaan saat diperiksa"), max_length=64, blank=True)
    preview_reused = models.BooleanField(_("pemeriksaan pratinjau dipakai ulang"), default=False)
    created_at = created_at_field(_("diunggah pada"))
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor")
        verbose_name_plural = pgettext_lazy("jamak", "impor")

    def __str__(self):
        return f"{self.kind} #{self.pk}"


class Target(models.Model):
    """A program target as TolaData and DHIS2 keep one (DOMAIN.md §5): for the city (no
    kecamatan) or one kecamatan, its baseline, its value, its period and who set it.
    Values are percentages (40.00 for 40%)."""

    class Indicator(models.TextChoices):
        CONVERSION = "conversion", _("Peserta lulus menjadi pelaku usaha nyata")
        POPULATION = "population", _("Pelaku usaha terhadap jumlah penduduk")

    indicator = models.CharField(_("indikator"), max_length=12, choices=Indicator.choices)
    kecamatan = models.ForeignKey(
        "regions.Kecamatan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("kecamatan"),
        help_text=_("Kosongkan untuk target seluruh kota."),
    )
    baseline_value = models.DecimalField(_("nilai dasar (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("tahun nilai dasar"), null=True, blank=True)
    baseline_note = models.CharField(
        _("keterangan nilai dasar"),
        max_length=255,
        blank=True,
        help_text=_("Sumber nilai dasar, atau mengapa belum ada."),
    )
    value = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2)
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"), null=True, blank=True, help_text=_("Kosongkan bila tanpa batas."))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("ditetapkan oleh"),
    )
    set_at = models.DateTimeField(_("ditetapkan pada"), auto_now=True)

    class Meta:
        ordering = ["indicator", "kecamatan__code", "-period_start"]
        verbose_name = _("target program")
        verbose_name_plural = _("target program")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "kecamatan", "period_start"], name="target_one_per_area_and_start"
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_start"],
                condition=models.Q(kecamatan__isnull=True),
                name="target_one_city_per_start",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gt=0) & models.Q(value__lte=100), name="target_value_percent"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True) | models.Q(period_end__gte=models.F("period_start")),
                name="target_period_ordered",
            ),
        ]

    def __str__(self):
        area = self.kecamatan.name if self.kecamatan_id else _("Kota")
        return f"{self.get_indicator_display()} — {area}: {self.value}%"
