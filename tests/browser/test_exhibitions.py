"""Filling an exhibition as staff (create it, add chosen KUBs and products, assign booths and
confirm who attends), and recording sales at the booth on a 360×740 phone."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from exhibitions.models import Exhibition, ExhibitionEntry, ExhibitionSale
from groups.models import Product
from tests.browser.conftest import login
from tests.browser.layout import assert_phone_friendly
from tests.factories import BusinessGroupFactory, ExhibitionEntryFactory, ExhibitionFactory, ProductFactory, kecamatan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APPROVED, DRAFT = Product.Curation.APPROVED, Product.Curation.DRAFT


@pytest.fixture
def kubs(db):
    ciputat = kecamatan("Ciputat")
    batik = BusinessGroupFactory(name="KUB Batik Cempaka", kecamatan=ciputat)
    ProductFactory(group=batik, name="Kain batik cap", curation_status=APPROVED)
    ProductFactory(group=batik, name="Syal batik", curation_status=DRAFT)
    bambu = BusinessGroupFactory(name="KUB Batik Bambu Serpong", kecamatan=kecamatan("Serpong"))
    ProductFactory(group=bambu, name="Tas bambu", curation_status=APPROVED)
    BusinessGroupFactory(name="KUB Anyaman Pondok", kecamatan=ciputat)
    return batik, bambu


def test_staff_fill_an_exhibition_with_chosen_kubs_products_and_booths(page, staf, kubs):
    batik, bambu = kubs
    login(page, "staf")
    page.goto("/pameran/")
    page.locator("#new-exhibition").click()
    page.fill("[name=name]", "Pameran HUT Tangsel 2026")
    page.select_option("[name=kind]", "local_fair")
    page.fill("[name=location]", "Lapangan Cilenggang")
    page.fill("[name=organiser]", "Pemkot Tangerang Selatan")
    page.fill("[name=start_date]", "2026-11-20")
    page.fill("[name=end_date]", "2026-11-26")
    page.fill("[name=booth_count]", "2")
    page.get_by_role("button", name="Simpan").click()
    exhibition = Exhibition.objects.get(name="Pameran HUT Tangsel 2026")
    page.wait_for_url(f"**/pameran/{exhibition.pk}/")
    assert exhibition.booth_count == 2 and exhibition.organiser == "Pemkot Tangerang Selatan"

    page.locator("#add-entries").click()
    page.fill("#kub-q", "batik")
    page.get_by_role("button", name="Cari").click()
    results = page.locator("#kub-results > li")
    expect(results).to_have_count(2)  # not the Anyaman KUB; waits for the search's answer
    page.get_by_label("KUB Batik Cempaka").check()
    page.get_by_label("KUB Batik Bambu Serpong").check()
    page.locator("#add-picked").click()
    page.wait_for_url(f"**/pameran/{exhibition.pk}/")
    entries = {e.group_id: e for e in exhibition.entries.all()}
    assert set(entries) == {batik.pk, bambu.pk}
    assert [p.name for p in entries[batik.pk].products.all()] == ["Kain batik cap"]

    # The draft scarf goes too: staff show the KUB's other products and tick it.
    page.locator(f"#peserta-{entries[batik.pk].pk}").get_by_role("link", name="Produk").click()
    assert page.get_by_label("Syal batik", exact=False).count() == 0
    page.locator("#show-all").click()
    page.get_by_label("Syal batik", exact=False).check()
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"**/pameran/{exhibition.pk}/#peserta-*")
    assert sorted(p.name for p in entries[batik.pk].products.all()) == ["Kain batik cap", "Syal batik"]

    # Booths: the same number twice is refused, then each gets its own.
    page.locator("#assign-booths").click()
    page.fill(f"#booth-{entries[batik.pk].pk}", "A1")
    page.fill(f"#booth-{entries[bambu.pk].pk}", "A1")
    page.locator("#save-booths").click()
    assert "lebih dari satu KUB" in page.locator("#booth-error").inner_text()
    page.fill(f"#booth-{entries[bambu.pk].pk}", "A2")
    page.select_option(f"#status-{entries[batik.pk].pk}", "accepted")
    page.select_option(f"#status-{entries[bambu.pk].pk}", "accepted")
    page.locator("#save-booths").click()
    page.wait_for_url(f"**/pameran/{exhibition.pk}/")
    assert dict(exhibition.entries.values_list("group_id", "booth")) == {batik.pk: "A1", bambu.pk: "A2"}
    assert set(exhibition.entries.values_list("status", flat=True)) == {ExhibitionEntry.Status.ACCEPTED}
    assert page.locator("#booth-usage").inner_text() == "2 dari 2 terisi"
    assert page.locator(f"#peserta-{entries[bambu.pk].pk} [data-booth]").inner_text() == "A2"


def test_an_officer_records_sales_at_the_booth_on_a_phone(phone_page, petugas_ciputat):
    today = timezone.localdate()
    fair = ExhibitionFactory(
        name="Pameran Kriya Nusantara", start_date=today - dt.timedelta(days=2), end_date=today + dt.timedelta(days=1)
    )
    entry = ExhibitionEntryFactory(
        exhibition=fair,
        group__name="KUB Batik Cempaka Putih Ciputat Timur",
        group__kecamatan=kecamatan("Ciputat"),
        booth="A1",
    )
    ExhibitionEntryFactory(exhibition=fair, group__name="KUB Pamulang", group__kecamatan=kecamatan("Pamulang"))
    kain = ProductFactory(group=entry.group, name="Kain batik cap motif bambu kuning", price=150000)
    entry.products.add(kain, ProductFactory(group=entry.group, name="Syal batik"))

    page = phone_page
    login(page, "petugas.ciputat")
    page.goto(f"/pameran/{fair.pk}/")
    assert page.locator("#entries > li").count() == 1  # their kecamatan's entry only
    assert_phone_friendly(page)
    page.get_by_role("link", name="Catat penjualan").click()
    page.wait_for_url(f"**/pameran/{fair.pk}/peserta/{entry.pk}/penjualan/")
    assert_phone_friendly(page)
    # Only the exhibition's days up to today are offered, today chosen.
    days = page.locator("[name=sold_on] option")
    assert days.count() == 3
    assert page.input_value("[name=sold_on]") == today.isoformat()

    page.select_option("[name=product]", label="Kain batik cap motif bambu kuning")
    page.fill("[name=quantity]", "3")
    page.fill("[name=amount]", "450000")
    page.locator("label[for=id_payment_method_1]").click()  # QRIS
    page.locator("#record-sale").dblclick()
    page.wait_for_url(f"**/penjualan/?hari={today.isoformat()}")
    sale = ExhibitionSale.objects.get()  # one sale, however many taps reached the server
    assert (sale.product, sale.quantity, sale.amount, sale.payment_method) == (kain, 3, 450000, "qris")
    assert sale.recorded_by == petugas_ciputat
    assert "Rp450.000" in page.locator("#sales").inner_text()
    assert "QRIS" in page.locator("#sales").inner_text()
    assert_phone_friendly(page)

    # Yesterday's cash sale, after the fact.
    page.select_option("[name=sold_on]", (today - dt.timedelta(days=1)).isoformat())
    page.select_option("[name=product]", label="Syal batik")
    page.fill("[name=quantity]", "1")
    page.fill("[name=amount]", "60000")
    page.locator("#record-sale").click()
    page.wait_for_url("**/penjualan/?hari=*")
    assert ExhibitionSale.objects.count() == 2
    assert ExhibitionSale.objects.get(amount=60000).payment_method == "cash"
    assert page.locator("#sales-total").inner_text() == "4 barang, Rp510.000"
