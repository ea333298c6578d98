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
    contains_personal_data = models.BooleanField(_("berisi data pribadi"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    file = models.FileField(_("berkas"), upload_to="exports/", blank=True)
    error = models.TextField(_("galat"), blank=True)
    created_at = created_at_field(_("diminta pada"))
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

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
    created_at = created_at_field(_("diunggah pada"))
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor")
        verbose_name_plural = pgettext_lazy("jamak", "impor")

    def __str__(self):
        return f"{self.kind} #{self.pk}"
