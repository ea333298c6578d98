"""A bank liaison works a referral on a 360-pixel phone; leadership reads the totals there."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from financing.models import ReferralStatus
from financing.services import referral_create, referral_transition
from tests import factories
from tests.browser.conftest import login
from tests.browser.layout import assert_phone_friendly

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = ReferralStatus


@pytest.fixture
def under_review(staf, bri):
    participant = factories.ParticipantFactory(
        name="Nurul Hidayah Kusumawardani",
        sex="P",
        birth_date=dt.date(1985, 4, 9),
        kelurahan=factories.kelurahan_of("Ciputat"),
    )
    referral = referral_create(
        bank=bri,
        purpose="Mesin jahit dan bahan kain untuk pesanan seragam sekolah",
        amount_requested=Decimal("12500000"),
        user=staf,
        participant=participant,
    )
    for step in (S.REFERRED, S.DOCUMENTS_COMPLETE, S.UNDER_REVIEW):
        referral = referral_transition(referral=referral, to_status=step, user=staf, note="Berkas diperiksa petugas.")
    for i in range(3):
        factories.LoanReferralFactory(bank=bri, participant=factories.ParticipantFactory(name=f"Pemohon Lain {i}"))
    return referral


def test_a_bank_liaison_approves_a_referral_from_a_phone(phone_page, bank_bri, under_review):
    page = phone_page
    login(page, "bank.bri")
    page.click("#latest-referrals >> text=Nurul Hidayah Kusumawardani")
    page.wait_for_url(f"**/pembiayaan/{under_review.pk}/")
    assert_phone_friendly(page)
    assert "Berkas diperiksa petugas." in page.content()

    page.click("#steps >> text=Disetujui")
    page.wait_for_url("**/status/?ke=approved")
    assert_phone_friendly(page)
    page.fill("#id_note", "Plafon KUR mikro")
    page.click("#transition-form button[type=submit]")  # no amount yet
    # The form is on the page before and after the click: wait for the answer's error.
    expect(page.locator("#transition-form")).to_contain_text("Isi jumlah yang disetujui bank.")
    assert page.input_value("#id_note") == "Plafon KUR mikro"
    assert_phone_friendly(page)

    page.fill("#id_amount", "10000000")
    page.click("#transition-form button[type=submit]")
    page.wait_for_url(f"**/pembiayaan/{under_review.pk}/")
    assert "Status rujukan diubah menjadi “Disetujui”." in page.content()
    under_review.refresh_from_db()
    assert (under_review.status, under_review.amount_approved) == (S.APPROVED, Decimal("10000000"))
    assert under_review.events.last().by == bank_bri


def test_the_referral_list_works_on_a_phone(phone_page, bank_bri, under_review):
    page = phone_page
    login(page, "bank.bri")
    page.goto("/pembiayaan/")
    assert_phone_friendly(page)
    page.fill("#id_q", "Nurul")
    page.click("#referral-filters button[type=submit]")
    page.wait_for_url("**/pembiayaan/?*cari=*")
    assert "Nurul" not in page.url
    assert page.locator("[data-referral]").count() == 1
    page.check(f"#pick-{under_review.pk}")
    page.select_option("#id_langkah", S.CLOSED)
    page.click("#bulk button[type=submit]")
    expect(page.locator("body")).to_contain_text("akan dilewati")  # under review cannot be closed yet
    assert_phone_friendly(page)


def test_leadership_reads_the_totals_on_a_phone(phone_page, pimpinan, under_review):
    page = phone_page
    login(page, "pimpinan")
    page.goto("/pembiayaan/")
    assert "Nurul" not in page.content()
    assert page.locator("#by-status [data-row=referred]").count() == 1
    assert_phone_friendly(page)
