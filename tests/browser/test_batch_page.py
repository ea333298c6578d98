"""The batch page on a 360×740 phone: sessions, roster and enrol box, every action in reach."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from tests.browser.conftest import login
from tests.browser.layout import assert_phone_friendly
from trainings import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def running_batch(petugas_ciputat):
    today = timezone.localdate()
    batch = factories.TrainingBatchFactory(
        name="Kaligrafi Cangkang Telur — Ciputat 03/2026",
        kecamatan=factories.kecamatan("Ciputat"),
        start_date=today - dt.timedelta(days=7),
        end_date=today + dt.timedelta(days=21),
        trainer=factories.TrainerFactory(name="Ibu Siti Nurhaliza"),
        venue=factories.VenueFactory(name="Aula Kelurahan Ciputat", kecamatan=factories.kecamatan("Ciputat")),
    )
    sessions = [
        factories.TrainingSessionFactory(
            batch=batch, date=today + dt.timedelta(days=d), topic="Membuat pola kaligrafi pada cangkang telur"
        )
        for d in (-7, -5, -2, 2, 5, 9, 12, 16)
    ]
    people = [
        factories.EnrollmentFactory(
            batch=batch,
            participant=factories.ParticipantFactory(name=name, kelurahan=factories.kelurahan_of("Ciputat")),
        )
        for name in ("Ani Suryani", "Budi Santoso", "Citra Kirana Dewi Lestari Rahmawati Puspitasari")
    ]
    for session in sessions[:3]:
        services.attendance_record(session=session, statuses={e.pk: "present" for e in people}, user=petugas_ciputat)
    return batch, sessions, people


def test_the_batch_page_keeps_every_action_in_reach_on_a_phone(phone_page, petugas_ciputat, running_batch):
    batch, sessions, people = running_batch
    page = phone_page
    login(page, "petugas.ciputat")

    page.goto(f"/pelatihan/angkatan/{batch.pk}/")

    assert page.locator("#participant-q").is_visible() and page.locator("#id_niks").is_visible()
    assert page.locator("#sessions a", has_text="Isi kehadiran").count() == 3
    assert_phone_friendly(page)
    # The action of the last session is reachable and works.
    page.locator(f"tr[data-session='{sessions[2].pk}'] a", has_text="Isi kehadiran").click()
    page.wait_for_url(f"**/sesi/{sessions[2].pk}/kehadiran/")


def test_the_withdrawal_and_its_confirmation_work_on_a_phone(phone_page, petugas_ciputat, running_batch):
    batch, _sessions, people = running_batch
    page = phone_page
    login(page, "petugas.ciputat")

    page.goto(f"/pelatihan/angkatan/{batch.pk}/")
    with page.expect_navigation():
        page.locator(f"tr[data-enrollment='{people[1].pk}'] a", has_text="Tarik").click()
    assert_phone_friendly(page)
    page.fill("#id_reason", "Pindah domisili ke Bogor")
    page.click("button:has-text('Ya, tarik pendaftaran')")

    page.wait_for_selector(".alert-success")
    assert "Pindah domisili ke Bogor" in page.locator("#withdrawn").inner_text()
    assert page.locator("#enrolled-count").inner_text().startswith("2 /")
    assert_phone_friendly(page)


def test_the_enrolment_report_fits_a_phone_and_a_reload_enrols_nobody_twice(phone_page, petugas_ciputat, running_batch):
    batch, _sessions, _people = running_batch
    newcomer = factories.ParticipantFactory(name="Dewi Anggraini", kelurahan=factories.kelurahan_of("Ciputat"))
    page = phone_page
    login(page, "petugas.ciputat")
    page.goto(f"/pelatihan/angkatan/{batch.pk}/")

    page.fill("#id_niks", f"{newcomer.nik}\n3674010101909999")
    page.click("button:has-text('Daftarkan NIK ini')")
    page.wait_for_selector("#enrol-report")
    page.reload()

    assert page.locator("#enrol-report tr[data-outcome='added']").count() == 1
    assert "3674010101909999" in page.locator("#enrol-report").inner_text()
    assert batch.enrollments.filter(participant=newcomer).count() == 1
    assert_phone_friendly(page)
