"""The duties of UU 27/2022 as records: a data subject's request with its 3×24-hour clock,
and each run of the retention sweep. Consents and their wordings live in participants."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Created

# Pasal 30, 32, 41: correction, access and restriction within 3×24 hours.
DUE_HOURS = 72
# An open request due within this many hours is flagged on every staff page.
WARN_HOURS = 24


class RightsRequest(Created):
    class Kind(models.TextChoices):
        ACCESS = "access", _("Akses dan salinan data")
        CORRECTION = "correction", _("Perbaikan data")
        DELETION = "deletion", _("Penghapusan data")
        RESTRICTION = "restriction", _("Pembatasan pemrosesan")
        WITHDRAWAL = "withdrawal", _("Penarikan persetujuan")
        OBJECTION = "objection", _("Keberatan atas pemrosesan")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("Datang langsung")
        LETTER = "letter", _("Surat")
        EMAIL = "email", _("Surel")
        PHONE = "phone", _("Telepon")
        WHATSAPP = "whatsapp", _("WhatsApp")
        OFFICER = "officer", _("Melalui petugas lapangan")

    class Status(models.TextChoices):
        OPEN = "open", _("Terbuka")
        DONE = "done", _("Selesai")
        REFUSED = "refused", _("Ditolak")

    kind = models.CharField(_("jenis permintaan"), max_length=20, choices=Kind.choices)
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="rights_requests", verbose_name=_("peserta")
    )
    received_at = models.DateTimeField(_("diterima pada"))
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices)
    due_at = models.DateTimeField(_("batas waktu"), editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    # For a withdrawal: the purpose withdrawn (participants.Consent.Purpose), blank for all.
    purpose = models.CharField(_("keperluan yang ditarik"), max_length=20, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    outcome = models.TextField(_("hasil"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ditangani oleh"),
        editable=False,
    )
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("permintaan subjek data")
        verbose_name_plural = _("permintaan subjek data")
        constraints = [
            models.CheckConstraint(condition=models.Q(due_at__gt=models.F("received_at")), name="rights_due_after"),
            models.CheckConstraint(
                condition=models.Q(status="open", closed_at__isnull=True)
                | (~models.Q(status="open") & models.Q(closed_at__isnull=False)),
                name="rights_closed_iff_not_open",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="rights_status_due_idx")]

    def __str__(self):
        return f"{_('Permintaan')} #{self.pk} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        if self.received_at is not None and self.due_at is None:
            self.due_at = self.received_at + dt.timedelta(hours=DUE_HOURS)
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def overdue(self, now: dt.datetime | None = None) -> bool:
        return self.is_open and self.due_at < (now or timezone.now())

    def due_soon(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.is_open and now <= self.due_at <= now + dt.timedelta(hours=WARN_HOURS)


class RestrictionLift(models.Model):
    """An administrator's decision to lift a participant's restriction of processing (Pasal 41):
    since when it held, who lifted it, when and why; the restriction or objection request it
    ends, when it came from one. Rows are never edited; a new restriction and lift add rows."""

    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        related_name="restriction_lifts",
        verbose_name=_("peserta"),
    )
    restricted_at = models.DateTimeField(_("dibatasi sejak"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("dicabut pada"))
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dicabut oleh"),
    )
    reason = models.TextField(_("alasan pencabutan"))
    request = models.ForeignKey(
        RightsRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lifts",
        verbose_name=_("permintaan yang dicabut"),
    )

    class Meta:
        ordering = ["-lifted_at", "-pk"]
        verbose_name = _("pencabutan pembatasan")
        verbose_name_plural = _("pencabutan pembatasan")

    def __str__(self):
        return f"{_('Pencabutan pembatasan')} #{self.pk}"


class RetentionRun(models.Model):
    """One pass of the retention sweep (privacy.retention): what it anonymised or deleted."""

    started_at = models.DateTimeField(_("mulai"), default=timezone.now)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    # {kind: {"years": N, "count": n}} for each kind of data in settings.TANGSEL_RETENTION_YEARS.
    results = models.JSONField(_("hasil"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dijalankan oleh"),
    )
    error = models.TextField(_("galat"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("proses retensi")
        verbose_name_plural = _("proses retensi")

    def __str__(self):
        return f"{_('Retensi')} {timezone.localtime(self.started_at):%d-%m-%Y %H:%M}"

    @property
    def total(self) -> int:
        return sum(r.get("count", 0) for r in self.results.values())
