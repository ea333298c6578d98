"""The recycle bin and the privacy records in a browser: staff delete a participant in the
admin and it waits in the bin; on a 360×740 phone an admin restores it, and the notice, the
record of processing and the incident register fit the screen."""

import datetime as dt

import pytest
from django.utils import timezone

from participants.models import Participant
from records import recycle
from records.models import Incident
from tests.browser.conftest import login
from tests.browser.layout import assert_phone_friendly
from tests.factories import EnrollmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_restores_a_deleted_participant_on_a_phone(phone_page, admin_user):
    participant = EnrollmentFactory().participant
    pk = participant.pk
    item = recycle.recycle_move(obj=participant, user=admin_user)
    login(phone_page, "admin")

    phone_page.goto("/sampah/")
    assert_phone_friendly(phone_page)
    phone_page.locator(f'[data-item="{item.pk}"] a', has_text="Pulihkan").click()
    assert_phone_friendly(phone_page)
    assert "Pendaftaran pelatihan" in phone_page.locator("#recycle-summary").inner_text()
    phone_page.get_by_role("button", name="Ya, pulihkan").click()
    phone_page.wait_for_url("**/sampah/")

    assert Participant.objects.filter(pk=pk).exists()
    assert phone_page.locator("[data-item]").count() == 0


def test_the_privacy_pages_fit_a_phone(phone_page, staf):
    Incident.objects.create(
        discovered_at=timezone.now() - dt.timedelta(hours=60),
        description="Berkas ekspor peserta terkirim ke alamat surel yang salah pada hari Senin pagi",
        data_affected="Nama, NIK dan nomor HP peserta Kecamatan Pondok Aren",
        people_affected=120,
    )
    phone_page.goto("/privasi/")
    assert phone_page.locator("#footer-dpo").is_visible()
    assert_phone_friendly(phone_page)

    login(phone_page, "staf")
    for address in ("/privasi/ropa/", "/privasi/insiden/", "/privasi/insiden/baru/"):
        phone_page.goto(address)
        assert_phone_friendly(phone_page)
    phone_page.goto("/privasi/insiden/")
    assert phone_page.locator("[data-warning]").count() == 1


def test_staff_delete_a_participant_in_the_admin_and_it_waits_in_the_bin(page, staf, admin_user):
    participant = EnrollmentFactory().participant
    pk = participant.pk
    login(page, "staf")

    page.goto(f"/admin/participants/participant/{pk}/delete/")
    assert "tempat sampah" in page.locator("#recycle-note").inner_text()
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/participants/participant/")
    assert "dipindahkan ke tempat sampah" in page.locator(".messagelist").inner_text()
    assert not Participant.objects.filter(pk=pk).exists()

    page.context.clear_cookies()
    login(page, "admin")
    page.goto("/sampah/")
    assert page.locator("[data-item]").count() == 1
    assert participant.name not in page.locator("main").inner_text()
