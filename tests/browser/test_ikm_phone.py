"""The IKM profile, its edit form, the certificate list and the curation queue on a 360×740
phone: every action in reach without scrolling sideways."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from inventory.curation import curation_nominate
from inventory.models import BusinessLicence, Curation
from tests.browser.conftest import login
from tests.browser.layout import assert_phone_friendly
from tests.factories import BusinessFactory, BusinessGroupFactory, ProductFactory, kecamatan, kelurahan_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def business(db):
    group = BusinessGroupFactory(name="KUB Kerajinan Cangkang Telur Serua Indah", kecamatan=kecamatan("Ciputat"))
    ProductFactory(group=group, name="Kaligrafi Cangkang Telur Bingkai Kayu Jati Besar", price=850000)
    business = BusinessFactory(
        name="Kerajinan Kaligrafi Cangkang Telur Ibu Siti Nurhaliza",
        kelurahan=kelurahan_of("Ciputat"),
        group=group,
        turnover_per_year=Decimal(450_000_000),
        workers_male=2,
        workers_female=7,
        investment=Decimal(35_000_000),
        channels=["marketplace", "social", "exhibition"],
        raw_materials="Cangkang telur ayam dan bebek, cat akrilik, lem, bingkai kayu jati",
    )
    BusinessLicence.objects.create(
        business=business,
        kind="spp_irt",
        number="P-IRT No. 2063674010123-29 (perpanjangan kedua)",
        valid_until=timezone.localdate() + dt.timedelta(days=20),
    )
    return business


def test_the_profile_page_and_its_form_fit_a_phone(phone_page, petugas_ciputat, business):
    login(phone_page, "petugas.ciputat")
    phone_page.goto(f"/inventaris/profil/{business.pk}/")
    assert "Industri kecil" in phone_page.locator("#industry-class").inner_text()
    assert_phone_friendly(phone_page)

    with phone_page.expect_navigation():
        phone_page.click("text=Ubah profil")
    assert_phone_friendly(phone_page)
    phone_page.fill("input[name=workers_female]", "30")
    phone_page.click("main button[type=submit]")
    phone_page.wait_for_url(f"**/inventaris/profil/{business.pk}/")
    assert "Industri menengah" in phone_page.locator("#industry-class").inner_text()

    phone_page.goto("/inventaris/profil/sertifikat/")
    assert phone_page.locator("#licence-list [data-licence]").count() == 1
    assert_phone_friendly(phone_page)


def test_the_curation_queue_fits_a_phone(phone_page, staf, business):
    item = curation_nominate(user=staf, business=business)
    login(phone_page, "staf")
    phone_page.goto(f"/inventaris/profil/{business.pk}/")
    assert_phone_friendly(phone_page)
    phone_page.goto("/inventaris/kurasi/")
    assert_phone_friendly(phone_page)
    phone_page.click(f"[data-curation='{item.pk}'] button[type=submit]")
    # Back on the tab it came from, for the next one.
    phone_page.wait_for_url("**/inventaris/kurasi/?status=nominated")
    item.refresh_from_db()
    assert item.status == Curation.Status.CURATED
    phone_page.goto("/inventaris/kurasi/?status=curated")
    with phone_page.expect_navigation():
        phone_page.click(f"[data-curation='{item.pk}'] a.btn-outline-danger")
    assert_phone_friendly(phone_page)
    phone_page.fill("textarea[name=reason]", "Bingkai retak saat diperiksa.")
    phone_page.click("main button[type=submit]")
    phone_page.wait_for_url("**/inventaris/kurasi/?status=curated")
    item.refresh_from_db()
    assert (item.status, item.reason) == (Curation.Status.REJECTED, "Bingkai retak saat diperiksa.")
