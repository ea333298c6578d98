"""Writes for trainings: enrolment, attendance, and completion that follows from attendance."""

from decimal import ROUND_HALF_UP, Decimal

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Attendance, Enrollment, TrainingBatch, TrainingSession


def completion_threshold() -> Decimal:
    return Decimal(str(settings.TANGSEL_COMPLETION_THRESHOLD))


def enrollment_recompute(*, enrollment: Enrollment, total_sessions: int | None = None) -> Enrollment:
    """Attendance share = sessions attended (present or late) ÷ sessions of the batch."""
    if total_sessions is None:
        total_sessions = enrollment.batch.sessions.count()
    attended = enrollment.attendance.filter(status__in=Attendance.ATTENDED).count()
    rate = Decimal(attended) / Decimal(total_sessions) if total_sessions else Decimal(0)
    rate = rate.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    completed = bool(total_sessions) and rate >= completion_threshold()
    if (rate, completed) != (enrollment.attendance_rate, enrollment.completed):
        enrollment.attendance_rate = rate
        enrollment.completed = completed
        enrollment.save(update_fields=["attendance_rate", "completed"])
    return enrollment


def batch_recompute(*, batch: TrainingBatch) -> None:
    total = batch.sessions.count()
    for enrollment in batch.enrollments.all():
        enrollment_recompute(enrollment=enrollment, total_sessions=total)


@transaction.atomic
def enrollment_create(*, batch: TrainingBatch, participant, user) -> Enrollment:
    batch = TrainingBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == TrainingBatch.Status.CANCELLED:
        raise ValidationError(_("Angkatan ini dibatalkan; tidak menerima peserta."))
    if Enrollment.objects.filter(batch=batch, participant=participant).exists():
        raise ValidationError(_("%(name)s sudah terdaftar di angkatan ini.") % {"name": participant.name})
    if batch.enrollments.count() >= batch.capacity:
        raise ValidationError(
            _("Angkatan ini sudah penuh (%(capacity)d peserta).") % {"capacity": batch.capacity}, code="batch_full"
        )
    with set_actor(user):
        return Enrollment.objects.create(batch=batch, participant=participant, enrolled_by=user)


@transaction.atomic
def attendance_record(
    *, session: TrainingSession, statuses: dict[int, str], user, from_paper: bool = False
) -> list[Attendance]:
    """Save the roster of one session in one go: {enrollment_id: status}. Unknown ids are refused."""
    valid = set(Attendance.Status.values)
    enrollments = {e.pk: e for e in session.batch.enrollments.all()}
    unknown = set(statuses) - set(enrollments)
    if unknown:
        raise ValidationError(_("Ada peserta yang tidak terdaftar di angkatan ini."))
    bad = [eid for eid, status in statuses.items() if status not in valid]
    if bad:
        raise ValidationError(_("Status kehadiran tidak dikenal."))
    existing = {a.enrollment_id: a for a in session.attendance.select_for_update()}
    saved = []
    with set_actor(user):
        for enrollment_id, status in statuses.items():
            record = existing.get(enrollment_id)
            if record is None:
                record = Attendance(session=session, enrollment_id=enrollment_id)
            elif record.status == status:
                saved.append(record)
                continue
            record.status = status
            record.recorded_by = user
            record.from_paper = from_paper
            record.save()
            saved.append(record)
        total = session.batch.sessions.count()
        for enrollment_id in statuses:
            enrollment_recompute(enrollment=enrollments[enrollment_id], total_sessions=total)
    return saved
