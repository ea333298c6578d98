"""/pelatihan/angkatan/: the list (filters, search, sorting, pages, constant queries) and the batch page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trainings.models import Attendance, TrainingBatch

pytestmark = pytest.mark.django_db

LIST = reverse("trainings:batch_list")


def names(response) -> list[str]:
    return [b.name for b in response.context["page"]]


def batch_in(kecamatan: str, **extra) -> TrainingBatch:
    return factories.TrainingBatchFactory(kecamatan=factories.kecamatan(kecamatan), **extra)


def test_the_list_filters_by_kecamatan_craft_status_and_year(client, staf):
    batik = factories.CraftTypeFactory(name="Batik")
    wanted = batch_in("Setu", name="Batik Setu", craft_type=batik, status=TrainingBatch.Status.RUNNING)
    batch_in("Setu", name="Lain Setu", status=TrainingBatch.Status.RUNNING)
    batch_in("Ciputat", name="Batik Ciputat", craft_type=batik, status=TrainingBatch.Status.RUNNING)
    batch_in(
        "Setu",
        name="Batik Setu 2025",
        craft_type=batik,
        start_date=dt.date(2025, 2, 1),
        end_date=dt.date(2025, 3, 1),
        status=TrainingBatch.Status.RUNNING,
    )
    client.force_login(staf)

    response = client.get(
        LIST,
        {"kecamatan": wanted.kecamatan.pk, "craft_type": batik.pk, "status": "running", "year": "2026"},
    )

    assert names(response) == ["Batik Setu"]


def test_the_list_searches_names_trainers_and_venues(client, staf):
    batch_in("Setu", name="Kaligrafi Setu")
    batch_in("Setu", name="Lainnya", trainer=factories.TrainerFactory(name="Bu Kaligrafiyah"))
    batch_in("Setu", name="Tidak cocok")
    client.force_login(staf)

    response = client.get(LIST, {"q": "kaligraf", "sort": "name"})

    assert names(response) == ["Kaligrafi Setu", "Lainnya"]


def test_the_list_sorts_by_enrolled_participants(client, staf):
    few, many = batch_in("Setu", name="Sedikit"), batch_in("Setu", name="Banyak")
    factories.EnrollmentFactory(batch=few)
    for _ in range(3):
        factories.EnrollmentFactory(batch=many)
    client.force_login(staf)

    response = client.get(LIST, {"sort": "-enrolled"})

    assert names(response)[:2] == ["Banyak", "Sedikit"]
    assert [b.enrolled for b in response.context["page"]][:2] == [3, 1]


def test_a_field_officer_lists_only_their_kecamatan(client, petugas_ciputat):
    batch_in("Ciputat", name="Di Ciputat")
    batch_in("Pamulang", name="Di Pamulang")
    client.force_login(petugas_ciputat)

    response = client.get(LIST)

    assert names(response) == ["Di Ciputat"]
    assert list(response.context["filters"].fields["kecamatan"].queryset) == [factories.kecamatan("Ciputat")]


def test_the_list_pages_by_25(client, staf):
    for i in range(30):
        batch_in("Setu", name=f"Angkatan {i:02d}")
    client.force_login(staf)

    first = client.get(LIST, {"sort": "name"})
    second = client.get(LIST, {"sort": "name", "page": 2})

    assert len(names(first)) == 25
    assert names(second) == [f"Angkatan {i:02d}" for i in range(25, 30)]
    assert b"sort=name&amp;page=2" in first.content


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_uses_the_same_number_of_queries_for_any_page_size(client, staf):
    client.force_login(staf)
    for _ in range(2):
        batch = batch_in("Setu", trainer=factories.TrainerFactory(), venue=factories.VenueFactory())
        factories.EnrollmentFactory(batch=batch)
    few = _queries(client, {"sort": "-enrolled"})
    for _ in range(20):
        batch = batch_in("Pamulang", trainer=factories.TrainerFactory(), venue=factories.VenueFactory())
        factories.EnrollmentFactory(batch=batch)

    many = _queries(client, {"sort": "-enrolled"})

    assert few == many


# --- the batch page ----------------------------------------------------------------------


@pytest.fixture
def batch(db):
    return batch_in("Ciputat", name="Bunga Handuk Ciputat", capacity=30)


def test_the_batch_page_shows_attendance_share_completion_and_session_counts(client, staf, batch):
    sessions = [factories.TrainingSessionFactory(batch=batch) for _ in range(4)]
    done = factories.EnrollmentFactory(batch=batch)
    other = factories.EnrollmentFactory(batch=batch)
    # Completion follows attendance (trainings.signals): 3 of 4 sessions, and 1 of 4.
    for session in sessions[:3]:
        factories.AttendanceFactory(session=session, enrollment=done, status=Attendance.Status.PRESENT)
    factories.AttendanceFactory(session=sessions[3], enrollment=other, status=Attendance.Status.PRESENT)
    client.force_login(staf)

    response = client.get(reverse("trainings:batch_detail", args=[batch.pk]))

    html = response.content.decode()
    assert "75%" in html and "25%" in html
    assert html.count('class="badge text-bg-success">Lulus') == 1
    first = response.context["sessions"][0]
    assert (first.present, first.late, first.excused, first.absent) == (1, 0, 0, 0)
    assert 'id="enrolled-count">2 / 30' in html


def test_the_batch_page_masks_the_nik_for_leadership_and_shows_it_to_officers(client, pimpinan, petugas_ciputat, batch):
    enrollment = factories.EnrollmentFactory(batch=batch)
    nik = enrollment.participant.nik
    url = reverse("trainings:batch_detail", args=[batch.pk])

    client.force_login(pimpinan)
    as_leader = client.get(url).content.decode()
    client.force_login(petugas_ciputat)
    as_officer = client.get(url).content.decode()

    assert nik not in as_leader and enrollment.participant.nik_masked in as_leader
    assert "Daftarkan peserta" not in as_leader
    assert nik in as_officer and "Daftarkan peserta" in as_officer


def test_a_field_officer_cannot_open_another_kecamatans_batch(client, petugas_pamulang, batch):
    client.force_login(petugas_pamulang)

    assert client.get(reverse("trainings:batch_detail", args=[batch.pk])).status_code == 404


def _completers(batch, *, real: int, others: int) -> None:
    today = dt.date.today()
    for i in range(real + others):
        person = factories.ParticipantFactory(kelurahan=factories.kelurahan_of(batch.kecamatan.name))
        factories.EnrollmentFactory(batch=batch, participant=person, completed=True)
        if i < real:
            factories.BusinessFactory(owner_participant=person, last_visit_status="running", last_visited_on=today)


def test_the_batch_page_shows_its_share_of_real_entrepreneurs_against_40_percent(client, staf):
    batch = batch_in("Ciputat")
    _completers(batch, real=4, others=6)
    client.force_login(staf)
    response = client.get(reverse("trainings:batch_detail", kwargs={"pk": batch.pk}))
    outcome = response.context["outcome"]
    assert (outcome.completed, outcome.real, outcome.met) == (10, 4, True)
    assert 'data-met="yes"' in response.content.decode()


def test_a_batch_below_40_percent_is_shown_as_not_met(client, petugas_ciputat):
    batch = batch_in("Ciputat")
    _completers(batch, real=3, others=7)
    client.force_login(petugas_ciputat)
    page = client.get(reverse("trainings:batch_detail", kwargs={"pk": batch.pk})).content.decode()
    assert 'data-met="no"' in page and "(30%)" in page
