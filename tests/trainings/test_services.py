"""Enrolment, attendance, and completion at 75% attendance (a setting)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import (
    EnrollmentFactory,
    ParticipantFactory,
    TrainerFactory,
    TrainingBatchFactory,
    TrainingSessionFactory,
)
from trainings.models import Attendance, Enrollment, TrainingBatch, TrainingSession
from trainings.services import (
    attendance_record,
    batch_recompute,
    enrollment_create,
    enrollment_withdraw,
    session_save,
)

pytestmark = pytest.mark.django_db

PRESENT, LATE, EXCUSED, ABSENT = (
    Attendance.Status.PRESENT,
    Attendance.Status.LATE,
    Attendance.Status.EXCUSED,
    Attendance.Status.ABSENT,
)


@pytest.fixture
def batch(db):
    return TrainingBatchFactory(capacity=30)


@pytest.fixture
def sessions(batch):
    # Dated explicitly in the past: attendance is only taken once a session has started.
    return [TrainingSessionFactory(batch=batch, date=dt.date(2026, 3, 2) + dt.timedelta(days=i)) for i in range(8)]


@pytest.fixture
def enrollment(batch, staf):
    return enrollment_create(batch=batch, participant=ParticipantFactory(), user=staf)


def attend(sessions, enrollment, user, statuses):
    for session, status in zip(sessions, statuses, strict=False):
        attendance_record(session=session, statuses={enrollment.pk: status}, user=user)
    enrollment.refresh_from_db()
    return enrollment


def test_six_of_eight_sessions_is_seventy_five_percent_and_completes(sessions, enrollment, petugas_ciputat):
    attend(sessions, enrollment, petugas_ciputat, [PRESENT] * 4 + [LATE] * 2 + [ABSENT] * 2)
    assert enrollment.attendance_rate == Decimal("0.7500")
    assert enrollment.completed


def test_five_of_eight_sessions_does_not_complete(sessions, enrollment, petugas_ciputat):
    attend(sessions, enrollment, petugas_ciputat, [PRESENT] * 5 + [ABSENT] * 3)
    assert enrollment.attendance_rate == Decimal("0.6250")
    assert not enrollment.completed


def test_excused_counts_as_not_attended(sessions, enrollment, petugas_ciputat):
    attend(sessions, enrollment, petugas_ciputat, [PRESENT] * 5 + [EXCUSED] * 3)
    assert enrollment.attendance_rate == Decimal("0.6250")
    assert not enrollment.completed


def test_late_counts_as_attended(sessions, enrollment, petugas_ciputat):
    attend(sessions, enrollment, petugas_ciputat, [LATE] * 6)
    assert enrollment.completed


def test_the_threshold_follows_the_setting(sessions, enrollment, petugas_ciputat, settings):
    settings.TANGSEL_COMPLETION_THRESHOLD = 0.5
    attend(sessions, enrollment, petugas_ciputat, [PRESENT] * 3 + [ABSENT] * 5)
    assert not enrollment.completed
    attendance_record(session=sessions[3], statuses={enrollment.pk: PRESENT}, user=petugas_ciputat)
    enrollment.refresh_from_db()
    assert enrollment.attendance_rate == Decimal("0.5000")
    assert enrollment.completed


def test_correcting_a_session_to_absent_takes_completion_away(sessions, enrollment, petugas_ciputat):
    attend(sessions, enrollment, petugas_ciputat, [PRESENT] * 6)
    assert enrollment.completed
    attendance_record(session=sessions[0], statuses={enrollment.pk: ABSENT}, user=petugas_ciputat)
    enrollment.refresh_from_db()
    assert not enrollment.completed
    assert Attendance.objects.get(session=sessions[0], enrollment=enrollment).status == ABSENT


def test_sessions_added_later_are_counted_after_a_recompute(batch, sessions, enrollment, petugas_ciputat):
    attend(sessions, enrollment, petugas_ciputat, [PRESENT] * 6)
    TrainingSessionFactory(batch=batch, date=dt.date(2026, 3, 20))
    batch_recompute(batch=batch)
    enrollment.refresh_from_db()
    assert enrollment.attendance_rate == Decimal("0.6667")
    assert not enrollment.completed


def test_a_batch_without_sessions_completes_nobody(batch, enrollment):
    batch_recompute(batch=batch)
    enrollment.refresh_from_db()
    assert (enrollment.attendance_rate, enrollment.completed) == (Decimal("0"), False)


def test_a_whole_roster_is_saved_in_one_call(batch, sessions, staf, petugas_ciputat):
    first = enrollment_create(batch=batch, participant=ParticipantFactory(), user=staf)
    second = enrollment_create(batch=batch, participant=ParticipantFactory(), user=staf)
    saved = attendance_record(
        session=sessions[0], statuses={first.pk: PRESENT, second.pk: EXCUSED}, user=petugas_ciputat, from_paper=True
    )
    assert len(saved) == 2
    rows = Attendance.objects.filter(session=sessions[0]).order_by("enrollment_id")
    assert [(a.enrollment_id, a.status, a.recorded_by, a.from_paper) for a in rows] == [
        (first.pk, PRESENT, petugas_ciputat, True),
        (second.pk, EXCUSED, petugas_ciputat, True),
    ]


def test_it_refuses_an_enrollment_of_another_batch_and_saves_nothing(sessions, enrollment, petugas_ciputat):
    stranger = EnrollmentFactory()
    with pytest.raises(ValidationError) as caught:
        attendance_record(
            session=sessions[0], statuses={enrollment.pk: PRESENT, stranger.pk: PRESENT}, user=petugas_ciputat
        )
    assert "tidak terdaftar di angkatan ini" in caught.value.messages[0]
    assert not Attendance.objects.exists()


def test_it_refuses_an_unknown_enrollment_id_and_saves_nothing(sessions, enrollment, petugas_ciputat):
    with pytest.raises(ValidationError):
        attendance_record(
            session=sessions[0], statuses={enrollment.pk: PRESENT, 999_999: PRESENT}, user=petugas_ciputat
        )
    assert not Attendance.objects.exists()


def test_it_refuses_an_unknown_status_and_changes_nothing(sessions, enrollment, petugas_ciputat):
    attend(sessions, enrollment, petugas_ciputat, [PRESENT] * 6)
    with pytest.raises(ValidationError) as caught:
        attendance_record(session=sessions[0], statuses={enrollment.pk: "sakit"}, user=petugas_ciputat)
    assert "Status kehadiran tidak dikenal" in caught.value.messages[0]
    assert Attendance.objects.get(session=sessions[0], enrollment=enrollment).status == PRESENT
    enrollment.refresh_from_db()
    assert (enrollment.attendance_rate, enrollment.completed) == (Decimal("0.7500"), True)


def test_it_enrolls_a_participant_recording_who(batch, staf):
    participant = ParticipantFactory()
    enrollment = enrollment_create(batch=batch, participant=participant, user=staf)
    assert (enrollment.batch, enrollment.participant, enrollment.enrolled_by) == (batch, participant, staf)


def test_it_refuses_a_second_enrollment_in_the_same_batch(batch, staf):
    participant = ParticipantFactory(name="Dewi Lestari")
    enrollment_create(batch=batch, participant=participant, user=staf)
    with pytest.raises(ValidationError) as caught:
        enrollment_create(batch=batch, participant=participant, user=staf)
    assert "Dewi Lestari sudah terdaftar" in caught.value.messages[0]
    assert Enrollment.objects.filter(participant=participant).count() == 1


def test_the_same_participant_may_enroll_in_another_batch(batch, staf):
    participant = ParticipantFactory()
    enrollment_create(batch=batch, participant=participant, user=staf)
    enrollment_create(batch=TrainingBatchFactory(), participant=participant, user=staf)
    assert Enrollment.objects.filter(participant=participant).count() == 2


def test_it_refuses_a_participant_beyond_the_capacity(staf):
    batch = TrainingBatchFactory(capacity=2)
    for _ in range(2):
        enrollment_create(batch=batch, participant=ParticipantFactory(), user=staf)
    with pytest.raises(ValidationError) as caught:
        enrollment_create(batch=batch, participant=ParticipantFactory(), user=staf)
    assert caught.value.code == "batch_full"
    assert "sudah penuh (2 peserta)" in caught.value.messages[0]
    assert batch.enrollments.count() == 2


def test_a_cancelled_batch_takes_no_participants(staf):
    batch = TrainingBatchFactory(status=TrainingBatch.Status.CANCELLED)
    with pytest.raises(ValidationError) as caught:
        enrollment_create(batch=batch, participant=ParticipantFactory(), user=staf)
    assert "dibatalkan" in caught.value.messages[0]
    assert not batch.enrollments.exists()


# --- attendance opens when the session starts (Jakarta time) ------------------------------

JAKARTA = dt.timezone(dt.timedelta(hours=7))


def at(monkeypatch, when: dt.datetime) -> None:
    """Set the clock: `timezone.now()` answers `when` (an aware datetime)."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: when)


def test_it_refuses_attendance_for_a_session_that_has_not_started(batch, enrollment, petugas_ciputat, monkeypatch):
    session = TrainingSessionFactory(batch=batch, date=dt.date(2026, 3, 12), start_time=dt.time(9))
    at(monkeypatch, dt.datetime(2026, 3, 11, 20, 0, tzinfo=JAKARTA))

    with pytest.raises(ValidationError) as caught:
        attendance_record(session=session, statuses={enrollment.pk: PRESENT}, user=petugas_ciputat)

    assert caught.value.code == "not_started"
    assert caught.value.messages == ["Kehadiran sesi ini dapat diisi mulai Kamis, 12-03-2026 09:00."]
    assert not Attendance.objects.exists()


def test_attendance_opens_at_the_start_time_in_jakarta_whatever_the_servers_clock(
    batch, enrollment, petugas_ciputat, monkeypatch
):
    session = TrainingSessionFactory(batch=batch, date=dt.date(2026, 3, 12), start_time=dt.time(9))
    # 01:59 UTC is 08:59 in Jakarta: one minute early (in UTC the session would seem long begun).
    at(monkeypatch, dt.datetime(2026, 3, 12, 1, 59, tzinfo=dt.UTC))
    with pytest.raises(ValidationError):
        attendance_record(session=session, statuses={enrollment.pk: PRESENT}, user=petugas_ciputat)

    at(monkeypatch, dt.datetime(2026, 3, 12, 2, 0, tzinfo=dt.UTC))
    attendance_record(session=session, statuses={enrollment.pk: PRESENT}, user=petugas_ciputat)

    assert Attendance.objects.get().status == PRESENT


# --- withdrawal ---------------------------------------------------------------------------


@pytest.fixture
def running(db):
    """A batch that ends in a year, with two past sessions."""
    today = dt.date.today()
    batch = TrainingBatchFactory(
        capacity=2, start_date=today - dt.timedelta(days=7), end_date=today + dt.timedelta(365)
    )
    past = [TrainingSessionFactory(batch=batch, date=today - dt.timedelta(days=d)) for d in (7, 5)]
    return batch, past


def test_a_withdrawal_keeps_who_when_why_and_the_attendance_history(running, staf, petugas_ciputat):
    from auditlog.models import LogEntry

    batch, past = running
    enrollment = enrollment_create(batch=batch, participant=ParticipantFactory(), user=staf)
    attendance_record(session=past[0], statuses={enrollment.pk: PRESENT}, user=staf)

    withdrawn = enrollment_withdraw(enrollment=enrollment, reason="  Pindah ke Bogor  ", user=petugas_ciputat)

    enrollment.refresh_from_db()
    assert enrollment.withdrawn_by == petugas_ciputat and enrollment.withdrawal_reason == "Pindah ke Bogor"
    assert enrollment.withdrawn_at is not None and withdrawn.is_withdrawn
    assert Attendance.objects.filter(enrollment=enrollment).count() == 1
    entry = LogEntry.objects.get_for_object(enrollment).order_by("-timestamp").first()
    assert entry.actor == petugas_ciputat and "withdrawal_reason" in entry.changes_dict


def test_a_withdrawal_needs_a_reason(running, staf):
    batch, _past = running
    enrollment = enrollment_create(batch=batch, participant=ParticipantFactory(), user=staf)

    with pytest.raises(ValidationError) as caught:
        enrollment_withdraw(enrollment=enrollment, reason="   ", user=staf)

    assert caught.value.message_dict == {"reason": ["Tuliskan alasan pengunduran diri."]}
    enrollment.refresh_from_db()
    assert not enrollment.is_withdrawn


def test_a_withdrawal_is_refused_after_the_batch_ended(staf):
    batch = TrainingBatchFactory(start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 27))
    enrollment = enrollment_create(batch=batch, participant=ParticipantFactory(), user=staf)

    with pytest.raises(ValidationError) as caught:
        enrollment_withdraw(enrollment=enrollment, reason="Sakit", user=staf)

    assert caught.value.code == "ended"
    assert "sudah berakhir (27-03-2026)" in caught.value.messages[0]
    enrollment.refresh_from_db()
    assert not enrollment.is_withdrawn


def test_a_withdrawn_enrolment_frees_its_place(running, staf):
    batch, _past = running
    first, second = (enrollment_create(batch=batch, participant=ParticipantFactory(), user=staf) for _ in range(2))
    with pytest.raises(ValidationError):
        enrollment_create(batch=batch, participant=ParticipantFactory(), user=staf)

    enrollment_withdraw(enrollment=first, reason="Bekerja", user=staf)
    third = enrollment_create(batch=batch, participant=ParticipantFactory(), user=staf)

    assert set(batch.enrollments.active()) == {second, third}


def test_a_withdrawn_enrolment_never_counts_as_completed(running, staf):
    from reports import kpi

    batch, past = running
    enrollment = enrollment_create(batch=batch, participant=ParticipantFactory(), user=staf)
    for session in past:
        attendance_record(session=session, statuses={enrollment.pk: PRESENT}, user=staf)
    enrollment.refresh_from_db()
    assert enrollment.completed and kpi.batch_outcome(batch).completed == 1

    enrollment_withdraw(enrollment=enrollment, reason="Pindah domisili", user=staf)
    batch_recompute(batch=batch)

    enrollment.refresh_from_db()
    assert (enrollment.attendance_rate, enrollment.completed) == (Decimal("1"), False)
    assert kpi.batch_outcome(batch).completed == 0


def test_attendance_is_not_taken_for_someone_who_withdrew(running, staf):
    batch, past = running
    enrollment = enrollment_create(batch=batch, participant=ParticipantFactory(name="Rina"), user=staf)
    enrollment_withdraw(enrollment=enrollment, reason="Sakit", user=staf)

    with pytest.raises(ValidationError) as caught:
        attendance_record(session=past[1], statuses={enrollment.pk: PRESENT}, user=staf)

    assert caught.value.messages == ["Sudah mengundurkan diri dari angkatan ini: Rina."]


def test_enrolling_again_after_a_withdrawal_reinstates_the_same_enrolment(running, staf, petugas_ciputat):
    batch, past = running
    participant = ParticipantFactory()
    enrollment = enrollment_create(batch=batch, participant=participant, user=staf)
    attendance_record(session=past[0], statuses={enrollment.pk: PRESENT}, user=staf)
    enrollment_withdraw(enrollment=enrollment, reason="Salah pilih", user=staf)

    again = enrollment_create(batch=batch, participant=participant, user=petugas_ciputat)

    assert again.pk == enrollment.pk and not again.is_withdrawn
    assert (again.enrolled_by, again.withdrawal_reason) == (petugas_ciputat, "")
    assert again.attendance.count() == 1


# --- one session added or changed by hand ---------------------------------------------------


@pytest.fixture
def booked(db):
    """Siti teaches in Pamulang at the Aula on 12-03-2027, 09:00–12:00."""
    from tests import factories

    siti = factories.TrainerFactory(name="Siti")
    aula = factories.VenueFactory(name="Aula Serbaguna", kecamatan=factories.kecamatan("Pamulang"))
    pamulang = TrainingBatchFactory(name="Kokoru — Pamulang", kecamatan=factories.kecamatan("Pamulang"))
    TrainingSessionFactory(batch=pamulang, date=dt.date(2027, 3, 12), trainer=siti, venue=aula)
    return siti, aula


def new_session(batch, **fields):
    values = {"date": dt.date(2027, 3, 12), "start_time": dt.time(10), "end_time": dt.time(13), **fields}
    return TrainingSession(batch=batch, **values)


def test_a_session_with_a_trainer_booked_elsewhere_is_refused_naming_the_clash(booked, staf):
    siti, _aula = booked

    with pytest.raises(ValidationError) as caught:
        session_save(session=new_session(TrainingBatchFactory(), trainer=siti), user=staf)

    assert caught.value.messages == [
        "Pelatih Siti sudah mengajar “Kokoru — Pamulang” (Pamulang) pada 12-03-2027, 10:00–13:00."
    ]
    assert TrainingSession.objects.count() == 1


def test_a_session_in_a_venue_in_use_is_refused(booked, staf):
    _siti, aula = booked

    with pytest.raises(ValidationError) as caught:
        session_save(session=new_session(TrainingBatchFactory(), venue=aula), user=staf)

    assert "Tempat Aula Serbaguna sudah dipakai “Kokoru — Pamulang”" in caught.value.messages[0]


def test_a_session_takes_its_batchs_trainer_when_it_has_none(booked, staf):
    siti, _aula = booked

    with pytest.raises(ValidationError):
        session_save(session=new_session(TrainingBatchFactory(trainer=siti)), user=staf)


def test_a_session_right_after_the_other_or_of_another_trainer_is_saved(booked, staf):
    siti, aula = booked
    batch = TrainingBatchFactory()

    session_save(
        session=new_session(batch, trainer=siti, venue=aula, start_time=dt.time(12), end_time=dt.time(14)), user=staf
    )
    session_save(session=new_session(batch, trainer=TrainerFactory(), start_time=dt.time(9)), user=staf)

    assert batch.sessions.count() == 2


def test_moving_a_session_is_checked_but_it_never_clashes_with_itself(booked, staf):
    siti, _aula = booked
    session = TrainingSession.objects.get()
    session.end_time = dt.time(12, 30)
    session_save(session=session, user=staf)

    other = session_save(
        session=new_session(TrainingBatchFactory(), trainer=siti, start_time=dt.time(13), end_time=dt.time(15)),
        user=staf,
    )
    other.start_time = dt.time(12)
    with pytest.raises(ValidationError):
        session_save(session=other, user=staf)


def test_a_cancelled_batch_books_no_trainer(booked, staf):
    siti, _aula = booked
    TrainingSession.objects.update(batch=TrainingBatchFactory(status=TrainingBatch.Status.CANCELLED))

    session_save(session=new_session(TrainingBatchFactory(), trainer=siti), user=staf)

    assert TrainingSession.objects.count() == 2


def test_a_new_session_lowers_the_attendance_share(sessions, enrollment, staf):
    attend(sessions, enrollment, staf, [PRESENT] * 6)

    session_save(session=new_session(enrollment.batch), user=staf)

    enrollment.refresh_from_db()
    assert (enrollment.attendance_rate, enrollment.completed) == (Decimal("0.6667"), False)
