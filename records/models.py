"""The recycle bin (issue 13 point 5) and the incident register (point 4).

A `RecycledItem` holds a deleted record and everything its deletion cascaded to, serialized
(django.core.serializers JSON): the rows themselves are gone, so every list, figure and
export is right without a flag to honour. The payload holds personal data: it is shown to
nobody, never logged, and purging deletes it.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import CreatedAt


class RecycledItem(models.Model):
    model_label = models.CharField(_("jenis data"), max_length=100)
    object_pk = models.CharField(_("nomor data"), max_length=64)
    # Built from the record's number and non-personal fields only (records.recycle.label_for).
    label = models.CharField(_("keterangan"), max_length=200)
    # Verbose name (plural) -> rows moved, for the list and the confirmations.
    summary = models.JSONField(_("ringkasan"), default=dict)
    # Participants whose rows, or rows pointing at them, the payload holds (purge_for_participant).
    participant_ids = models.JSONField(default=list)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dihapus oleh"),
    )
    deleted_at = models.DateTimeField(_("waktu dihapus"), default=timezone.now)
    purge_after = models.DateTimeField(_("dimusnahkan setelah"), db_index=True)
    payload = models.JSONField(default=dict)

    class Meta:
        ordering = ["-deleted_at", "-pk"]
        verbose_name = _("data di tempat sampah")
        verbose_name_plural = _("data di tempat sampah")
        indexes = [models.Index(fields=["model_label", "object_pk"], name="recycled_model_pk")]

    def __str__(self):
        return self.label

    @property
    def rows(self) -> int:
        return sum(self.summary.values())


class Incident(CreatedAt):
    """A personal-data breach (UU 27/2022 Pasal 46): written notice within 3×24 hours."""

    class Status(models.TextChoices):
        OPEN = "open", _("Ditangani")
        NOTIFIED = "notified", _("Sudah diberitahukan")
        CLOSED = "closed", _("Selesai")

    NOTICE_HOURS = 72

    discovered_at = models.DateTimeField(_("waktu diketahui"))
    description = models.TextField(_("apa yang terjadi"))
    data_affected = models.TextField(_("data yang terdampak"))
    people_affected = models.PositiveIntegerField(_("jumlah orang terdampak"), default=0)
    measures = models.TextField(_("langkah penanganan"), blank=True)
    deadline = models.DateTimeField(_("batas pemberitahuan"), editable=False)
    notified_at = models.DateTimeField(_("waktu pemberitahuan"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    class Meta:
        ordering = ["-discovered_at", "-pk"]
        verbose_name = _("insiden data pribadi")
        verbose_name_plural = _("insiden data pribadi")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(notified_at__isnull=True) | models.Q(notified_at__gte=models.F("discovered_at")),
                name="incident_notified_after_discovered",
            ),
        ]

    def __str__(self):
        return _("Insiden #%(pk)s") % {"pk": self.pk}

    def save(self, *args, **kwargs):
        self.deadline = self.discovered_at + dt.timedelta(hours=self.NOTICE_HOURS)
        super().save(*args, **kwargs)

    def time_left(self, now=None) -> dt.timedelta:
        return self.deadline - (now or timezone.now())

    def urgency(self, now=None) -> str:
        """ "done" once notified; "late" past the deadline; "near" within 24 hours of it; else "ok"."""
        if self.notified_at is not None:
            return "done"
        left = self.time_left(now)
        if left <= dt.timedelta(0):
            return "late"
        if left <= dt.timedelta(hours=24):
            return "near"
        return "ok"
