"""The back office follows the trainings rules too: attendance opens at the session's start,
no double-booking of a trainer or venue, and enrolments show their attendance so far."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from tests.admin.conftest import admin_url, errors_of, form_data
from trainings import services
from trainings.models import Attendance, Enrollment, TrainingBatch, TrainingSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def siti_in_pamulang(db):
    """Siti teaches at the Aula Pamulang on 12-03-2027, 09:00–12:00."""
    siti = factories.TrainerFactory(name="Siti")
    aula = factories.VenueFactory(name="Aula Pamulang", kecamatan=factories.kecamatan("Pamulang"))
    batch = factories.TrainingBatchFactory(name="Kokoru — Pamulang", kecamatan=factories.kecamatan("Pamulang"))
    factories.TrainingSessionFactory(batch=batch, date=dt.date(2027, 3, 12), trainer=siti, venue=aula)
    return siti, aula


def test_attendance_for_a_session_not_started_is_refused_in_the_admin(client, staf):
    session = factories.TrainingSessionFactory(date=timezone.localdate() + dt.timedelta(days=2))
    enrollment = factories.EnrollmentFactory(batch=session.batch)
    client.force_login(staf)

    response = client.post(
        admin_url(Attendance, "add"),
        {"session": session.pk, "enrollment": enrollment.pk, "status": Attendance.Status.PRESENT},
    )

    assert response.status_code == 200
    assert "Kehadiran sesi ini dapat diisi mulai" in " ".join(errors_of(response))
    assert not Attendance.objects.exists()


def test_attendance_on_the_page_of_a_session_not_started_is_refused(client, staf):
    session = factories.TrainingSessionFactory(date=timezone.localdate() + dt.timedelta(days=2))
    enrollment = factories.EnrollmentFactory(batch=session.batch)
    client.force_login(staf)
    data = form_data(client.get(admin_url(session)))
    data.update(
        {
            "attendance-TOTAL_FORMS": "1",
            "attendance-0-enrollment": str(enrollment.pk),
            "attendance-0-status": Attendance.Status.PRESENT,
        }
    )

    response = client.post(admin_url(session), data)

    assert response.status_code == 200
    assert any("dapat diisi mulai" in e for e in errors_of(response))
    assert not Attendance.objects.exists()


def test_a_session_added_with_a_trainer_booked_elsewhere_is_refused_naming_the_clash(client, staf, siti_in_pamulang):
    siti, _aula = siti_in_pamulang
    batch = factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Ciputat"))
    client.force_login(staf)

    response = client.post(
        admin_url(TrainingSession, "add"),
        {"batch": batch.pk, "date": "2027-03-12", "start_time": "11:00", "end_time": "14:00", "trainer": siti.pk},
    )

    assert response.status_code == 200
    assert errors_of(response) == [
        "Pelatih Siti sudah mengajar “Kokoru — Pamulang” (Pamulang) pada 12-03-2027, 11:00–14:00."
    ]
    assert not batch.sessions.exists()


def test_a_session_moved_into_a_venue_in_use_is_refused(client, staf, siti_in_pamulang):
    _siti, aula = siti_in_pamulang
    session = factories.TrainingSessionFactory(date=dt.date(2027, 3, 13), venue=aula)
    client.force_login(staf)
    data = form_data(client.get(admin_url(session)))

    response = client.post(admin_url(session), {**data, "date": "2027-03-12"})

    assert response.status_code == 200
    assert any("Tempat Aula Pamulang sudah dipakai" in e for e in errors_of(response))
    session.refresh_from_db()
    assert session.date == dt.date(2027, 3, 13)


def test_a_session_that_fits_is_saved_and_counted(client, staf, siti_in_pamulang):
    siti, _aula = siti_in_pamulang
    batch = factories.TrainingBatchFactory()
    enrollment = factories.EnrollmentFactory(batch=batch, attendance_rate=1, completed=True)
    client.force_login(staf)

    response = client.post(
        admin_url(TrainingSession, "add"),
        {"batch": batch.pk, "date": "2027-03-12", "start_time": "12:00", "end_time": "15:00", "trainer": siti.pk},
    )

    assert response.status_code == 302, errors_of(response)
    enrollment.refresh_from_db()
    assert (batch.sessions.count(), enrollment.completed) == (1, False)


def test_a_session_added_inline_on_the_batch_page_is_checked_too(client, staf, siti_in_pamulang):
    siti, _aula = siti_in_pamulang
    batch = factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Ciputat"), trainer=siti)
    client.force_login(staf)
    data = form_data(client.get(admin_url(batch)))
    data.update(
        {
            "sessions-TOTAL_FORMS": "1",
            "sessions-0-date": "2027-03-12",
            "sessions-0-start_time": "08:00",
            "sessions-0-end_time": "10:00",
        }
    )

    response = client.post(admin_url(batch), data)

    assert response.status_code == 200
    assert any("Pelatih Siti sudah mengajar “Kokoru — Pamulang”" in e for e in errors_of(response))
    assert not batch.sessions.exists()
    data["sessions-0-date"] = "2027-03-15"
    assert client.post(admin_url(batch), data).status_code == 302
    assert batch.sessions.count() == 1


def test_giving_a_batch_a_trainer_booked_at_its_sessions_hours_is_refused(client, staf, siti_in_pamulang):
    siti, _aula = siti_in_pamulang
    batch = factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Ciputat"))
    factories.TrainingSessionFactory(batch=batch, date=dt.date(2027, 3, 12), trainer=None)
    client.force_login(staf)
    data = form_data(client.get(admin_url(batch)))

    response = client.post(admin_url(batch), {**data, "trainer": siti.pk})

    assert response.status_code == 200
    assert any("Pelatih Siti sudah mengajar" in e for e in errors_of(response))
    assert TrainingBatch.objects.get(pk=batch.pk).trainer is None


def test_the_enrolment_list_shows_attendance_so_far(client, staf):
    today = timezone.localdate()
    batch = factories.TrainingBatchFactory(
        start_date=today - dt.timedelta(days=2), end_date=today + dt.timedelta(days=9)
    )
    past = factories.TrainingSessionFactory(batch=batch, date=today - dt.timedelta(days=2))
    factories.TrainingSessionFactory(batch=batch, date=today + dt.timedelta(days=9))
    enrollment = factories.EnrollmentFactory(batch=batch)
    services.attendance_record(session=past, statuses={enrollment.pk: "present"}, user=staf)
    client.force_login(staf)

    html = client.get(admin_url(Enrollment, "changelist")).content.decode()

    assert "hadir 1 dari 1 sesi yang sudah berlangsung; bila hadir di sisa 1 sesi: 100% — masih bisa lulus" in html
