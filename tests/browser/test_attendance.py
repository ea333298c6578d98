"""A field officer takes attendance on a 360-pixel-wide phone."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from tests.browser.conftest import login
from trainings.models import Attendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_field_officer_takes_attendance_on_a_phone(phone_page, petugas_ciputat):
    batch = factories.TrainingBatchFactory(
        name="Kaligrafi Cangkang Telur — Ciputat", kecamatan=factories.kecamatan("Ciputat")
    )
    session = factories.TrainingSessionFactory(batch=batch, date=timezone.localdate() - dt.timedelta(days=2))
    people = [
        factories.EnrollmentFactory(batch=batch, participant=factories.ParticipantFactory(name=name))
        for name in ("Ani Suryani", "Budi Santoso", "Citra Kirana Dewi Lestari Rahmawati")
    ]
    page = phone_page
    login(page, "petugas.ciputat")

    page.goto(f"/pelatihan/sesi/{session.pk}/kehadiran/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The session lies in the past, so copying from paper is suggested.
    assert page.locator("#id_from_paper").is_checked()
    ani, budi, citra = people
    page.click(f"label[for=id_status_{ani.pk}_0]")  # Hadir
    page.click(f"label[for=id_status_{budi.pk}_1]")  # Terlambat
    page.click(f"label[for=id_status_{citra.pk}_3]")  # Tidak hadir
    label_box = page.locator(f"label[for=id_status_{ani.pk}_0]").bounding_box()
    assert label_box["height"] >= 44  # a comfortable touch target
    page.click("button[type=submit]:has-text('Simpan kehadiran')")

    page.wait_for_selector(".alert-success")
    assert page.locator(f"#id_status_{ani.pk}_0").is_checked()
    assert page.locator(f"#id_status_{budi.pk}_1").is_checked()
    assert page.locator(f"#id_status_{citra.pk}_3").is_checked()
    assert page.locator(f"li[data-enrollment='{budi.pk}']").get_attribute("data-status") == "late"
    assert "petugas.ciputat" in page.locator("#recorded-by").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    saved = {a.enrollment_id: (a.status, a.from_paper, a.recorded_by_id) for a in Attendance.objects.all()}
    assert saved == {
        ani.pk: ("present", True, petugas_ciputat.pk),
        budi.pk: ("late", True, petugas_ciputat.pk),
        citra.pk: ("absent", True, petugas_ciputat.pk),
    }


def test_the_attendance_page_keeps_every_action_in_reach_on_a_phone(phone_page, petugas_ciputat):
    from tests.browser.layout import assert_phone_friendly

    batch = factories.TrainingBatchFactory(
        name="Pot Bunga dari Handuk Bekas — Ciputat 03/2026", kecamatan=factories.kecamatan("Ciputat")
    )
    session = factories.TrainingSessionFactory(
        batch=batch, date=timezone.localdate() - dt.timedelta(days=1), topic="Merangkai kelopak dan tangkai"
    )
    coming = factories.TrainingSessionFactory(batch=batch, date=timezone.localdate() + dt.timedelta(days=3))
    for name in ("Ani Suryani", "Muhammad Rizky Pratama Wijayakusuma Hadiningrat", "Citra"):
        factories.EnrollmentFactory(batch=batch, participant=factories.ParticipantFactory(name=name))
    page = phone_page
    login(page, "petugas.ciputat")

    page.goto(f"/pelatihan/sesi/{session.pk}/kehadiran/")
    assert_phone_friendly(page)
    page.click("#all-present")
    page.click("button[type=submit]:has-text('Simpan kehadiran')")
    page.wait_for_selector(".alert-success")
    assert_phone_friendly(page)

    # A session still to come says from when attendance can be taken, and fits the phone too.
    page.goto(f"/pelatihan/sesi/{coming.pk}/kehadiran/")
    assert "dapat diisi mulai" in page.locator("#not-open").inner_text()
    assert page.locator("#attendance-form").count() == 0
    assert_phone_friendly(page)
