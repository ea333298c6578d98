"""The training part of a participant's profile: attendance so far and projected completion."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories
from trainings import services

pytestmark = pytest.mark.django_db


def training_part(response) -> str:
    html = response.content.decode()
    return html[html.index('id="trainings"') : html.index('id="kub"')]


def running_batch(name, past: int, coming: int):
    today = timezone.localdate()
    batch = factories.TrainingBatchFactory(
        name=name, start_date=today - dt.timedelta(days=past), end_date=today + dt.timedelta(days=coming)
    )
    for day in range(-past, coming, 1):
        if day:
            factories.TrainingSessionFactory(batch=batch, date=today + dt.timedelta(days=day))
    return batch


def test_a_running_batch_shows_attendance_so_far_and_whether_completion_is_still_possible(client, staf):
    person = factories.ParticipantFactory(kelurahan=factories.kelurahan_of("Ciputat"))
    batch = running_batch("Kokoru Ciputat", past=3, coming=6)
    enrollment = factories.EnrollmentFactory(batch=batch, participant=person)
    for session in batch.sessions.filter(date__lt=timezone.localdate()):
        services.attendance_record(session=session, statuses={enrollment.pk: "present"}, user=staf)
    client.force_login(staf)

    part = training_part(client.get(reverse("participants:detail", args=[person.pk])))

    assert "hadir 3 dari 3 sesi yang sudah berlangsung" in part
    assert "Masih bisa lulus</span>" in part and "bila hadir di sisa 5 sesi: 100%" in part
    assert "38%" not in part


def test_the_profile_reads_the_progress_of_all_its_trainings_in_one_query(client, staf):
    person = factories.ParticipantFactory()
    factories.EnrollmentFactory(batch=running_batch("Pertama", past=2, coming=2), participant=person)
    client.force_login(staf)
    url = reverse("participants:detail", args=[person.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for name in ("Kedua", "Ketiga"):
        factories.EnrollmentFactory(batch=running_batch(name, past=2, coming=2), participant=person)
    assert count() == one
