"""Writes for trainings: enrolment, attendance, and completion that follows from attendance."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.scoping import scope_queryset
from core.derived import refresh_deferred
from core.privacy import mask_nik
from participants.models import Participant
from participants.nik import parse_nik

from . import planner
from .models import SESSION_TZ, Attendance, Enrollment, Trainer, TrainingBatch, TrainingSession, Venue


def completion_threshold() -> Decimal:
    return Decimal(str(settings.TANGSEL_COMPLETION_THRESHOLD))


def enrollment_recompute(*, enrollment: Enrollment, total_sessions: int | None = None) -> Enrollment:
    """Attendance share = sessions attended (present or late) ÷ sessions of the batch. Run by
    trainings.signals after every write of attendance or sessions; writes only on change."""
    if total_sessions is None:
        total_sessions = enrollment.batch.sessions.count()
    attended = enrollment.attendance.filter(status__in=Attendance.ATTENDED).count()
    rate = Decimal(attended) / Decimal(total_sessions) if total_sessions else Decimal(0)
    rate = rate.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    completed = bool(total_sessions) and rate >= completion_threshold() and enrollment.withdrawn_at is None
    if (rate, completed) != (enrollment.attendance_rate, enrollment.completed):
        enrollment.attendance_rate = rate
        enrollment.completed = completed
        enrollment.save(update_fields=["attendance_rate", "completed"])
    return enrollment


def batch_recompute(*, batch: TrainingBatch) -> None:
    total = batch.sessions.count()
    for enrollment in batch.enrollments.all():
        enrollment_recompute(enrollment=enrollment, total_sessions=total)


def enrollments_recompute(*, enrollments: Sequence[Enrollment]) -> None:
    """Several enrolments at once, counting each batch's sessions once."""
    totals: dict[int, int] = {}
    for enrollment in enrollments:
        if enrollment.batch_id not in totals:
            totals[enrollment.batch_id] = TrainingSession.objects.filter(batch_id=enrollment.batch_id).count()
        enrollment_recompute(enrollment=enrollment, total_sessions=totals[enrollment.batch_id])


@transaction.atomic
def enrollment_create(*, batch: TrainingBatch, participant, user) -> Enrollment:
    """Enrol a participant; one who had withdrawn from this batch is enrolled again on the same
    record (their attendance history stays, the audit trail keeps the withdrawal)."""
    from privacy.services import check_processing_allowed

    batch = TrainingBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == TrainingBatch.Status.CANCELLED:
        raise ValidationError(_("Angkatan ini dibatalkan; tidak menerima peserta."))
    check_processing_allowed(participant)
    existing = Enrollment.objects.filter(batch=batch, participant=participant).first()
    if existing is not None and not existing.is_withdrawn:
        raise ValidationError(_("%(name)s sudah terdaftar di angkatan ini.") % {"name": participant.name})
    if batch.enrollments.active().count() >= batch.capacity:
        raise ValidationError(
            _("Angkatan ini sudah penuh (%(capacity)d peserta).") % {"capacity": batch.capacity}, code="batch_full"
        )
    with set_actor(user):
        if existing is None:
            return Enrollment.objects.create(batch=batch, participant=participant, enrolled_by=user)
        existing.withdrawn_at, existing.withdrawn_by, existing.withdrawal_reason = None, None, ""
        existing.enrolled_by = user
        existing.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "enrolled_by"])
        return enrollment_recompute(enrollment=existing)


def batch_has_ended(batch: TrainingBatch, today=None) -> bool:
    today = today or timezone.localdate(timezone=SESSION_TZ)
    return batch.status == TrainingBatch.Status.FINISHED or batch.end_date < today


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment, reason: str, user) -> Enrollment:
    """Withdraw an enrolment until its batch ends. The row and its attendance stay; it no longer
    counts toward capacity or completion. Who, when and why are kept on it and in the audit trail."""
    enrollment = Enrollment.objects.select_for_update().select_related("batch", "participant").get(pk=enrollment.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan pengunduran diri.")}, code="reason")
    if enrollment.is_withdrawn:
        raise ValidationError(
            _("%(name)s sudah mengundurkan diri pada %(when)s.")
            % {
                "name": enrollment.participant.name,
                "when": date_format(timezone.localtime(enrollment.withdrawn_at), "d-m-Y H:i"),
            },
            code="withdrawn",
        )
    if batch_has_ended(enrollment.batch):
        raise ValidationError(
            _("Angkatan ini sudah berakhir (%(date)s); pendaftaran tidak dapat ditarik lagi.")
            % {"date": enrollment.batch.end_date.strftime("%d-%m-%Y")},
            code="ended",
        )
    with set_actor(user):
        enrollment.withdrawn_at, enrollment.withdrawn_by, enrollment.withdrawal_reason = timezone.now(), user, reason
        enrollment.completed = False
        enrollment.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "completed"])
    return enrollment


def attendance_not_open_message(session: TrainingSession) -> str:
    return _("Kehadiran sesi ini dapat diisi mulai %(when)s.") % {
        "when": date_format(session.starts_at.astimezone(SESSION_TZ).replace(tzinfo=None), "l, d-m-Y H:i")
    }


@transaction.atomic
def attendance_record(
    *, session: TrainingSession, statuses: dict[int, str], user, from_paper: bool = False
) -> list[Attendance]:
    """Save the roster of one session in one go: {enrollment_id: status}. Unknown ids are refused,
    and so is a session that has not started yet (its date and start time, in Jakarta)."""
    if not session.has_started():
        raise ValidationError(attendance_not_open_message(session), code="not_started")
    valid = set(Attendance.Status.values)
    enrollments = {e.pk: e for e in session.batch.enrollments.all()}
    unknown = set(statuses) - set(enrollments)
    if unknown:
        raise ValidationError(_("Ada peserta yang tidak terdaftar di angkatan ini."))
    withdrawn = [enrollments[eid].participant.name for eid in statuses if enrollments[eid].is_withdrawn]
    if withdrawn:
        raise ValidationError(
            _("Sudah mengundurkan diri dari angkatan ini: %(names)s.") % {"names": ", ".join(withdrawn)},
            code="withdrawn",
        )
    bad = [eid for eid, status in statuses.items() if status not in valid]
    if bad:
        raise ValidationError(_("Status kehadiran tidak dikenal."))
    existing = {a.enrollment_id: a for a in session.attendance.select_for_update()}
    saved = []
    # trainings.signals recomputes each participant's completion, once, when the roster is saved.
    with set_actor(user), refresh_deferred():
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
    return saved


@transaction.atomic
def session_save(*, session: TrainingSession, user) -> TrainingSession:
    """Add or change one session. The trainer and venue it occupies (its own, or else its
    batch's) are locked and their bookings checked again by the planner's rule, so two people
    saving at once cannot book the same trainer or venue twice. The attendance shares of the
    batch follow a new session by trainings.signals."""
    batch = session.batch
    trainer_id = session.trainer_id or batch.trainer_id
    venue_id = session.venue_id or batch.venue_id
    if trainer_id:
        list(Trainer.objects.select_for_update().filter(pk=trainer_id))
    if venue_id:
        list(Venue.objects.select_for_update().filter(pk=venue_id))
    session.full_clean()
    with set_actor(user):
        session.save()
    return session


# --- Bulk enrolment -----------------------------------------------------------------

ADDED = "added"
NOT_FOUND = "not_found"
ALREADY_ENROLLED = "already_enrolled"
INVALID_NIK = "invalid_nik"
BATCH_FULL = "batch_full"
DUPLICATE = "duplicate"
REFUSED = "refused"

ENROLMENT_OUTCOMES = {
    ADDED: _lazy("ditambahkan"),
    NOT_FOUND: _lazy("tidak ditemukan"),
    ALREADY_ENROLLED: _lazy("sudah terdaftar"),
    INVALID_NIK: _lazy("NIK tidak sah"),
    BATCH_FULL: _lazy("angkatan penuh"),
    DUPLICATE: _lazy("tercantum dua kali"),
    REFUSED: _lazy("ditolak"),
}

# A paste longer than the largest batch can hold is a mistake, not a list.
MAX_BULK_ENROLMENT = 500


@dataclass(frozen=True)
class EnrolmentResult:
    outcome: str
    # What the user gave, safe to show back: a masked NIK or the participant's name.
    label: str
    participant_name: str = ""
    detail: str = ""

    @property
    def outcome_label(self) -> str:
        return str(ENROLMENT_OUTCOMES[self.outcome])


def nik_entries_parse(text: str) -> list[tuple[str, str]]:
    """(as typed, NIK) for each entry pasted one per line or separated by commas/semicolons;
    spaces, dots and dashes inside are dropped from the NIK."""
    entries = []
    for chunk in re.split(r"[\n\r,;]+", text or ""):
        value = re.sub(r"[\s.\-]", "", chunk)
        if value:
            entries.append((chunk.strip(), value))
    return entries


@transaction.atomic
def enrollment_create_bulk(
    *,
    batch: TrainingBatch,
    user,
    niks: Sequence[str] = (),
    participants: Sequence[Participant] = (),
) -> list[EnrolmentResult]:
    """Enrol many at once, by NIK or by participant, reporting each entry's outcome.

    Participants are looked up within the user's scope: one they may not see is "not
    found". Capacity and duplicates are checked by `enrollment_create` under the batch lock.
    """
    if len(niks) + len(participants) > MAX_BULK_ENROLMENT:
        raise ValidationError(
            _("Paling banyak %(max)d peserta sekali daftar.") % {"max": MAX_BULK_ENROLMENT}, code="too_many"
        )
    batch = TrainingBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == TrainingBatch.Status.CANCELLED:
        raise ValidationError(_("Angkatan ini dibatalkan; tidak menerima peserta."), code="cancelled")
    visible = scope_queryset(user, Participant.objects.all())
    by_nik = {p.nik: p for p in visible.filter(nik__in=[n for n in niks if len(n) == 16])}
    wanted = [p.pk for p in participants]
    by_pk = {p.pk: p for p in visible.filter(pk__in=wanted)}
    enrolled = set(
        batch.enrollments.active()
        .filter(participant__in=[*by_nik.values(), *by_pk.values()])
        .values_list("participant_id", flat=True)
    )
    entries = []
    for nik in niks:
        try:
            parse_nik(nik)
        except ValidationError as exc:
            entries.append((mask_nik(nik), None, INVALID_NIK, exc.messages[0]))
            continue
        entries.append((mask_nik(nik), by_nik.get(nik), None, ""))
    for pk in wanted:
        participant = by_pk.get(pk)
        entries.append((participant.name if participant else f"#{pk}", participant, None, ""))

    results, seen = [], set()
    for label, participant, outcome, detail in entries:
        if outcome is None and participant is None:
            outcome = NOT_FOUND
        elif outcome is None and participant.pk in seen:
            outcome = DUPLICATE
        elif outcome is None and participant.pk in enrolled:
            outcome = ALREADY_ENROLLED
        elif outcome is None:
            seen.add(participant.pk)
            try:
                enrollment_create(batch=batch, participant=participant, user=user)
                outcome = ADDED
            except ValidationError as exc:
                outcome = BATCH_FULL if exc.code == "batch_full" else REFUSED
                detail = exc.messages[0]
        name = participant.name if participant is not None else ""
        results.append(EnrolmentResult(outcome=outcome, label=label, participant_name=name, detail=detail))
    return results


# --- Rotation ------------------------------------------------------------------------


def _venue_for(ref: planner.VenueRef) -> Venue:
    if ref.id is not None:
        return Venue.objects.get(pk=ref.id)
    existing = Venue.objects.filter(kecamatan_id=ref.kecamatan_id, name__iexact=ref.name.strip()).first()
    if existing is not None:
        return existing
    return Venue.objects.create(kecamatan_id=ref.kecamatan_id, name=ref.name.strip())


@transaction.atomic
def rotation_create(*, plan: planner.Plan, user) -> list[TrainingBatch]:
    """Create the batches and sessions of a confirmed rotation plan.

    The chosen trainers and venues are locked, the bookings read again and the plan
    checked once more: a conflict that appeared since the preview refuses the whole plan.
    """
    from . import selectors

    if not plan.batches:
        raise ValidationError(_("Rencana rotasi kosong."), code="empty")
    if plan.has_conflicts:
        raise ValidationError(_("Rencana masih memiliki bentrok jadwal."), code="conflict")
    list(Trainer.objects.select_for_update().filter(pk__in={b.trainer.id for b in plan.batches}).order_by("pk"))
    venue_ids = {b.venue.id for b in plan.batches if b.venue.id is not None}
    list(Venue.objects.select_for_update().filter(pk__in=venue_ids).order_by("pk"))
    conflicts = planner.find_conflicts(plan, selectors.planner_bookings_for(plan))
    if conflicts:
        messages = list(dict.fromkeys(c.message for c in conflicts))
        raise ValidationError(
            [_("Jadwal berubah sejak pratinjau; tidak ada yang dibuat.")] + messages[:10], code="conflict"
        )
    created = []
    with set_actor(user), refresh_deferred():
        venues = {}
        for proposed in plan.batches:
            if proposed.venue.key not in venues:
                venues[proposed.venue.key] = _venue_for(proposed.venue)
            venue = venues[proposed.venue.key]
            batch = TrainingBatch.objects.create(
                name=proposed.name,
                craft_type_id=proposed.craft.id,
                kecamatan_id=proposed.kecamatan.id,
                venue=venue,
                trainer_id=proposed.trainer.id,
                start_date=proposed.start_date,
                end_date=proposed.end_date,
                capacity=proposed.capacity,
                created_by=user,
            )
            for session in proposed.sessions:
                TrainingSession.objects.create(
                    batch=batch,
                    date=session.date,
                    start_time=session.start_time,
                    end_time=session.end_time,
                    topic=_("Pertemuan %(number)d") % {"number": session.number},
                    trainer_id=proposed.trainer.id,
                    venue=venue,
                )
            created.append(batch)
    return created
