"""Attendance and enrolment through the admin keep completion up to date."""

import datetime as dt
from decimal import Decimal

import pytest

from tests import factories
from tests.admin.conftest import admin_url, errors_of, form_data
from trainings.models import Attendance, Enrollment, TrainingSession


@pytest.fixture
def course(db):
    """A batch of two sessions with one enrolled participant who has not attended yet."""
    batch = factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Ciputat"), capacity=2)
    first = factories.TrainingSessionFactory(batch=batch, date=dt.date(2026, 3, 2))
    second = factories.TrainingSessionFactory(batch=batch, date=dt.date(2026, 3, 3))
    enrollment = factories.EnrollmentFactory(batch=batch)
    return batch, first, second, enrollment


def test_attendance_entered_on_the_session_page_recomputes_completion(client, petugas_ciputat, staf, course):
    batch, first, second, enrollment = course
    client.force_login(staf)
    for session in (first, second):
        data = form_data(client.get(admin_url(session)))
        data.update(
            {
                "attendance-TOTAL_FORMS": "1",
                "attendance-0-enrollment": str(enrollment.pk),
                "attendance-0-status": Attendance.Status.PRESENT,
            }
        )
        response = client.post(admin_url(session), data)
        assert response.status_code == 302, errors_of(response)
    enrollment.refresh_from_db()
    assert (enrollment.attendance_rate, enrollment.completed) == (Decimal("1"), True)
    assert Attendance.objects.get(session=first).recorded_by == staf


def test_changing_a_status_on_the_attendance_page_recomputes_completion(client, staf, course):
    batch, first, second, enrollment = course
    for session in (first, second):
        factories.AttendanceFactory(session=session, enrollment=enrollment, status=Attendance.Status.PRESENT)
    Enrollment.objects.filter(pk=enrollment.pk).update(attendance_rate=1, completed=True)
    record = Attendance.objects.get(session=second)
    client.force_login(staf)
    data = form_data(client.get(admin_url(record)))
    response = client.post(admin_url(record), {**data, "status": Attendance.Status.ABSENT})
    assert response.status_code == 302, errors_of(response)
    enrollment.refresh_from_db()
    assert (enrollment.attendance_rate, enrollment.completed) == (Decimal("0.5"), False)


def test_attendance_for_someone_not_in_the_batch_is_refused(client, staf, course, places):
    batch, first, second, enrollment = course
    client.force_login(staf)
    response = client.post(
        admin_url(Attendance, "add"),
        {"session": first.pk, "enrollment": places.enrollment_ciputat.pk, "status": Attendance.Status.PRESENT},
    )
    assert response.status_code == 200
    assert "tidak terdaftar di angkatan ini" in response.content.decode()
    assert not Attendance.objects.filter(session=first).exists()


def test_deleting_attendance_recomputes_completion(client, admin_user, course):
    batch, first, second, enrollment = course
    factories.AttendanceFactory(session=first, enrollment=enrollment, status=Attendance.Status.PRESENT)
    record = factories.AttendanceFactory(session=second, enrollment=enrollment, status=Attendance.Status.PRESENT)
    Enrollment.objects.filter(pk=enrollment.pk).update(attendance_rate=1, completed=True)
    client.force_login(admin_user)
    assert client.post(admin_url(record, "delete"), {"post": "yes"}).status_code == 302
    enrollment.refresh_from_db()
    assert (enrollment.attendance_rate, enrollment.completed) == (Decimal("0.5"), False)


def test_a_session_added_to_the_batch_lowers_the_attendance_share(client, staf, course):
    batch, first, second, enrollment = course
    for session in (first, second):
        factories.AttendanceFactory(session=session, enrollment=enrollment, status=Attendance.Status.PRESENT)
    Enrollment.objects.filter(pk=enrollment.pk).update(attendance_rate=1, completed=True)
    client.force_login(staf)
    data = form_data(client.get(admin_url(batch)))
    n = int(data["sessions-TOTAL_FORMS"])
    data.update(
        {
            "sessions-TOTAL_FORMS": str(n + 1),
            f"sessions-{n}-date": "2026-03-04",
            f"sessions-{n}-start_time": "09:00",
            f"sessions-{n}-end_time": "12:00",
        }
    )
    response = client.post(admin_url(batch), data)
    assert response.status_code == 302, errors_of(response)
    assert TrainingSession.objects.filter(batch=batch).count() == 3
    enrollment.refresh_from_db()
    assert (enrollment.attendance_rate, enrollment.completed) == (Decimal("0.6667"), False)


def test_staff_enrol_through_the_service_and_a_full_batch_refuses(client, staf, course):
    batch, first, second, enrollment = course
    newcomer = factories.ParticipantFactory(kelurahan=factories.kelurahan_of("Ciputat"))
    client.force_login(staf)
    response = client.post(admin_url(Enrollment, "add"), {"batch": batch.pk, "participant": newcomer.pk})
    assert response.status_code == 302, errors_of(response)
    assert Enrollment.objects.get(batch=batch, participant=newcomer).enrolled_by == staf
    third = factories.ParticipantFactory(kelurahan=factories.kelurahan_of("Ciputat"))
    response = client.post(admin_url(Enrollment, "add"), {"batch": batch.pk, "participant": third.pk})
    assert response.status_code == 200
    assert "sudah penuh" in response.content.decode()
    assert not Enrollment.objects.filter(participant=third).exists()
