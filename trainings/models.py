import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import Created
from participants.training_facts import FIRST_DAY, LAST_DAY

# Sessions are held in Tangerang Selatan: their date and hours are Jakarta wall-clock time,
# whatever the server's time zone.
SESSION_TZ = ZoneInfo("Asia/Jakarta")


def started_sessions_q(now: dt.datetime | None = None, prefix: str = "") -> Q:
    """Sessions whose start (date and start time in Jakarta) is not after `now`."""
    local = (now or timezone.now()).astimezone(SESSION_TZ)
    today, time = local.date(), local.time().replace(microsecond=0)
    return Q(**{f"{prefix}date__lt": today}) | Q(**{f"{prefix}date": today, f"{prefix}start_time__lte": time})


class CraftType(models.Model):
    name = models.CharField(_("nama"), max_length=100, unique=True)
    description = models.TextField(_("keterangan"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("jenis kerajinan")
        verbose_name_plural = pgettext_lazy("jamak", "jenis kerajinan")

    def __str__(self):
        return self.name


class Trainer(models.Model):
    name = models.CharField(_("nama"), max_length=150)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    craft_types = models.ManyToManyField(CraftType, blank=True, related_name="trainers", verbose_name=_("keahlian"))
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("pelatih")
        verbose_name_plural = pgettext_lazy("jamak", "pelatih")

    def __str__(self):
        return self.name


class Venue(models.Model):
    """A training place. Not in DESIGN's model list; needed so double-booking can be checked."""

    name = models.CharField(_("nama tempat"), max_length=150)
    kecamatan = models.ForeignKey(
        "regions.Kecamatan", on_delete=models.PROTECT, related_name="venues", verbose_name=_("kecamatan")
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    capacity = models.PositiveSmallIntegerField(_("kapasitas"), null=True, blank=True)

    class Meta:
        ordering = ["kecamatan__code", "name"]
        verbose_name = _("tempat pelatihan")
        verbose_name_plural = pgettext_lazy("jamak", "tempat pelatihan")
        constraints = [models.UniqueConstraint(fields=["kecamatan", "name"], name="venue_unique_name_per_kecamatan")]

    def __str__(self):
        return self.name


class TrainingBatch(Created):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        RUNNING = "running", _("Berjalan")
        FINISHED = "finished", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    name = models.CharField(_("nama angkatan"), max_length=150)
    craft_type = models.ForeignKey(
        CraftType, on_delete=models.PROTECT, related_name="batches", verbose_name=_("jenis kerajinan")
    )
    kecamatan = models.ForeignKey(
        "regions.Kecamatan", on_delete=models.PROTECT, related_name="batches", verbose_name=_("kecamatan")
    )
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="batches", verbose_name=_("tempat")
    )
    trainer = models.ForeignKey(
        Trainer, null=True, blank=True, on_delete=models.PROTECT, related_name="batches", verbose_name=_("pelatih")
    )
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    capacity = models.PositiveSmallIntegerField(
        _("kapasitas peserta"), default=30, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("angkatan pelatihan")
        verbose_name_plural = pgettext_lazy("jamak", "angkatan pelatihan")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="batch_ends_after_start"),
            # participants.training_facts keeps the start years as bits 0..62 from 2000.
            models.CheckConstraint(
                condition=Q(start_date__gte=FIRST_DAY, start_date__lte=LAST_DAY),
                name="batch_start_in_program_years",
                violation_error_message=_("Tanggal mulai harus antara tahun 2000 dan 2062."),
            ),
        ]
        indexes = [
            models.Index(fields=["kecamatan", "start_date"], name="batch_kec_start_idx"),
            # The newest first (the batch list's default sort, the batch pickers): read backwards
            # for a page instead of sorting every batch.
            models.Index(fields=["start_date", "id"], name="batch_start_id_idx"),
            # A kecamatan's latest batches by end (the KUB page's member candidates).
            models.Index(fields=["kecamatan", "end_date", "id"], name="batch_kec_end_id_idx"),
            # The timeline (issue 9): a kecamatan's live batches in start order, with their end, so
            # each group's first batches are a short index-only read and the group sizes an
            # index-only scan.
            models.Index(
                fields=["kecamatan", "start_date", "id"],
                include=["end_date"],
                condition=~Q(status="cancelled"),
                name="batch_live_kec_start_idx",
            ),
        ]

    def __str__(self):
        return self.name


class TrainingSession(models.Model):
    batch = models.ForeignKey(
        TrainingBatch, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("angkatan")
    )
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("jam mulai"))
    end_time = models.TimeField(_("jam selesai"))
    topic = models.CharField(_("materi"), max_length=200, blank=True)
    trainer = models.ForeignKey(
        Trainer, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("pelatih")
    )
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("tempat")
    )

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("sesi pelatihan")
        verbose_name_plural = pgettext_lazy("jamak", "sesi pelatihan")
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="session_ends_after_start"),
            models.UniqueConstraint(fields=["batch", "date", "start_time"], name="session_unique_slot_per_batch"),
        ]
        indexes = [
            models.Index(fields=["trainer", "date"], name="session_trainer_date_idx"),
            models.Index(fields=["venue", "date"], name="session_venue_date_idx"),
        ]

    def __str__(self):
        return f"{self.batch} — {self.date:%d-%m-%Y}"

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start_time, tzinfo=SESSION_TZ)

    def has_started(self, now: dt.datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def clean(self):
        """A trainer or a venue is never booked twice at once: the planner's own check, for one session."""
        super().clean()
        if not (self.date and self.start_time and self.end_time) or getattr(self, "batch", None) is None:
            return
        if self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("Jam selesai harus setelah jam mulai.")})
        from .selectors import session_conflicts

        clashes = session_conflicts(session=self)
        if clashes:
            raise ValidationError(clashes, code="conflict")


class EnrollmentQuerySet(models.QuerySet):
    def active(self):
        """Enrolments that were not withdrawn: they count toward capacity and completion."""
        return self.filter(withdrawn_at__isnull=True)


class Enrollment(models.Model):
    batch = models.ForeignKey(
        TrainingBatch, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("angkatan")
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("peserta")
    )
    enrolled_at = models.DateTimeField(_("terdaftar"), auto_now_add=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("didaftarkan oleh"),
    )
    # Kept up to date by trainings.services from attendance, so KPIs stay cheap at scale.
    attendance_rate = models.DecimalField(
        _("persentase kehadiran"), max_digits=5, decimal_places=4, default=Decimal("0")
    )
    completed = models.BooleanField(_("lulus"), default=False, db_index=True)
    # A withdrawal keeps the row and its attendance history; it only stops counting.
    withdrawn_at = models.DateTimeField(_("mengundurkan diri pada"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ditarik oleh"),
    )
    withdrawal_reason = models.TextField(_("alasan pengunduran diri"), blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["batch", "participant__name"]
        verbose_name = _("pendaftaran pelatihan")
        verbose_name_plural = pgettext_lazy("jamak", "pendaftaran pelatihan")
        constraints = [
            models.UniqueConstraint(fields=["batch", "participant"], name="enrollment_once_per_batch"),
            models.CheckConstraint(
                condition=Q(attendance_rate__gte=0) & Q(attendance_rate__lte=1), name="enrollment_rate_0_1"
            ),
            # A withdrawn enrolment has a reason and never counts as completed.
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | (~Q(withdrawal_reason="") & Q(completed=False)),
                name="enrollment_withdrawn_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.participant} @ {self.batch}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Hadir")
        LATE = "late", _("Terlambat")
        EXCUSED = "excused", _("Izin")
        ABSENT = "absent", _("Tidak hadir")

    ATTENDED = (Status.PRESENT, Status.LATE)

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("sesi")
    )
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("peserta terdaftar")
    )
    status = models.CharField(_("kehadiran"), max_length=10, choices=Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now=True)
    from_paper = models.BooleanField(
        _("disalin dari daftar hadir kertas"),
        default=False,
        help_text=_("Dicentang bila diisi setelah sesi berdasarkan daftar hadir kertas."),
    )

    class Meta:
        ordering = ["session", "enrollment"]
        verbose_name = _("kehadiran")
        verbose_name_plural = pgettext_lazy("jamak", "kehadiran")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrollment"], name="attendance_once_per_session"),
        ]

    def __str__(self):
        return f"{self.enrollment.participant} — {self.get_status_display()}"
