"""Enrolment, attendance, and completion at 75% attendance (a setting)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import EnrollmentFactory, ParticipantFactory, TrainingBatchFactory, TrainingSessionFactory
from trainings.models import Attendance, Enrollment, TrainingBatch
from trainings.services import attendance_record, batch_recompute, enrollment_create

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
    return [TrainingSessionFactory(batch=batch) for _ in range(8)]


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
    TrainingSessionFactory(batch=batch)
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
