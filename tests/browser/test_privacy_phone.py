"""Consents and data subjects' requests on a 360×740 phone: an officer records a paper consent
with its scan on site, staff work a request from the list to closing."""

import datetime as dt

import pytest
from django.utils import timezone

from participants.models import Consent
from privacy import services
from privacy.models import RightsRequest
from tests.browser.conftest import login
from tests.browser.layout import assert_phone_friendly
from tests.factories import ParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_officer_records_a_paper_consent_and_withdraws_it_on_a_phone(phone_page, petugas_ciputat, tmp_path):
    p = ParticipantFactory(name="Nurul Komalasari Wulandari Pratiwi", birth_date=dt.date(1991, 2, 3))
    login(phone_page, "petugas.ciputat")
    phone_page.goto(f"/peserta/{p.pk}/")
    phone_page.click("#consents-link")
    phone_page.wait_for_url(f"**/peserta/{p.pk}/persetujuan/")
    assert_phone_friendly(phone_page)

    phone_page.locator("#purpose-bank_referral a").click()
    phone_page.select_option("select[name=method]", "paper")
    scan = tmp_path / "formulir.pdf"
    scan.write_bytes(PDF)
    phone_page.set_input_files("input[name=scan]", str(scan))
    phone_page.click("#grant button[type=submit]")
    phone_page.wait_for_selector("#purpose-bank_referral .text-bg-success")
    consent = Consent.objects.get(participant=p)
    assert (consent.purpose, consent.method, consent.wording_version) == ("bank_referral", "paper", "bank_referral-v1")
    assert consent.scan
    assert_phone_friendly(phone_page)

    phone_page.locator("#purpose-bank_referral a.btn-outline-danger").click()
    assert_phone_friendly(phone_page)
    phone_page.fill("textarea[name=reason]", "Disampaikan langsung kepada petugas")
    phone_page.click("button.btn-danger")
    phone_page.wait_for_selector("#purpose-bank_referral .withdrawal-notice")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_staff_work_a_request_from_the_list_on_a_phone(phone_page, staf):
    p = ParticipantFactory(name="Bambang Sutrisno Hadiwijaya Kusuma")
    request = services.request_create(
        participant=p,
        kind=RightsRequest.Kind.RESTRICTION,
        channel="letter",
        received_at=timezone.now() - dt.timedelta(hours=60),
        user=staf,
    )
    login(phone_page, "staf")
    phone_page.goto("/privasi/permintaan/")
    assert phone_page.locator("#rights-due").is_visible()
    assert phone_page.locator("#requests .due-soon").count() == 1
    assert_phone_friendly(phone_page)
    phone_page.click(f"a[href='/privasi/permintaan/{request.pk}/']")
    assert_phone_friendly(phone_page)
    phone_page.click("#close-form button[type=submit]")
    phone_page.wait_for_selector("#restricted-notice")
    request.refresh_from_db()
    p.refresh_from_db()
    assert request.status == "done" and p.processing_restricted
