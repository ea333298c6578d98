"""Completion stays right whatever writes attendance or sessions: pages, admin, cascades, plain ORM."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    TrainingBatchFactory,
    TrainingSessionFactory,
)
from trainings.models import Attendance, Enrollment, TrainingSession
from trainings.services import attendance_record

pytestmark = pytest.mark.django_db

PRESENT, ABSENT = Attendance.Status.PRESENT, Attendance.Status.ABSENT


def completion(enrollment):
    enrollment.refresh_from_db()
    return enrollment.attendance_rate, enrollment.completed


@pytest.fixture
def batch(db):
    return TrainingBatchFactory(capacity=30)


@pytest.fixture
def sessions(batch):
    return [TrainingSessionFactory(batch=batch) for _ in range(4)]


@pytest.fixture
def enrollment(batch, sessions):
    enrollment = EnrollmentFactory(batch=batch)
    for session in sessions[:3]:
        AttendanceFactory(session=session, enrollment=enrollment, status=PRESENT)
    return enrollment


def test_attendance_created_with_the_orm_completes_the_participant(enrollment):
    assert completion(enrollment) == (Decimal("0.75"), True)


def test_deleting_an_attendance_with_the_orm_recomputes_completion(enrollment):
    enrollment.attendance.first().delete()
    assert completion(enrollment) == (Decimal("0.5"), False)


def test_changing_an_attendance_status_with_the_orm_recomputes_completion(enrollment):
    record = enrollment.attendance.first()
    record.status = ABSENT
    record.save()
    assert completion(enrollment) == (Decimal("0.5"), False)


def test_a_session_added_with_the_orm_lowers_every_share(batch, enrollment):
    TrainingSession.objects.create(batch=batch, date=enrollment.batch.start_date, start_time="13:00", end_time="15:00")
    assert completion(enrollment) == (Decimal("0.6"), False)


def test_deleting_an_attended_session_recomputes_completion_over_the_sessions_left(sessions, enrollment):
    sessions[0].delete()  # its attendance goes with it
    assert completion(enrollment) == (Decimal("0.6667"), False)


def test_deleting_an_unattended_session_raises_the_share(sessions, enrollment):
    sessions[3].delete()
    assert completion(enrollment) == (Decimal("1"), True)


def test_deleting_sessions_with_a_queryset_recomputes_completion(batch, sessions, enrollment):
    TrainingSession.objects.filter(pk__in=[sessions[2].pk, sessions[3].pk]).delete()
    assert completion(enrollment) == (Decimal("1"), True)


def test_deleting_a_batch_takes_everything_with_it_and_leaves_other_batches_alone(batch, enrollment):
    elsewhere = EnrollmentFactory(participant=enrollment.participant)
    AttendanceFactory(session=TrainingSessionFactory(batch=elsewhere.batch), enrollment=elsewhere, status=PRESENT)

    batch.delete()

    assert not Enrollment.objects.filter(pk=enrollment.pk).exists()
    assert not Attendance.objects.filter(enrollment_id=enrollment.pk).exists()
    assert completion(elsewhere) == (Decimal("1"), True)


def test_a_roster_recomputes_each_participant_once(batch, sessions, staf):
    enrollments = [EnrollmentFactory(batch=batch) for _ in range(6)]

    def save_roster(session, status):
        with CaptureQueriesContext(connection) as ctx:
            attendance_record(session=session, statuses={e.pk: status for e in enrollments}, user=staf)
        return ctx.captured_queries

    queries = save_roster(sessions[0], PRESENT)
    session_counts = [q for q in queries if 'FROM "trainings_trainingsession"' in q["sql"] and "COUNT(" in q["sql"]]
    assert len(session_counts) == 1  # the denominator once for the roster, not once per participant
    assert [completion(e) for e in enrollments] == [(Decimal("0.25"), False)] * 6
