"""The exhibition pages: the report's figures by hand, the phone form's double submission,
who sees which entries and leads."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from exhibitions.models import BuyerLead, Exhibition, ExhibitionSale
from groups.models import Product
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair():
    """Two KUBs of Ciputat, one of Pamulang; sales by hand:

    Ciputat A: batik 3 × 100.000 (21st, tunai) + 1 × 100.000 (22nd, QRIS); tas 2 × 60.000 (21st, QRIS)
    Ciputat B: nothing sold
    Pamulang C: anyaman 5 × 40.000 (22nd, transfer)
    """
    fair = factories.ExhibitionFactory(booth_count=5)
    ciputat, pamulang = factories.kecamatan("Ciputat"), factories.kecamatan("Pamulang")
    a = factories.ExhibitionEntryFactory(exhibition=fair, group__name="KUB Alpha", group__kecamatan=ciputat, booth="A1")
    b = factories.ExhibitionEntryFactory(exhibition=fair, group__name="KUB Beta", group__kecamatan=ciputat)
    c = factories.ExhibitionEntryFactory(exhibition=fair, group__name="KUB Gamma", group__kecamatan=pamulang)
    batik = factories.ProductFactory(group=a.group, name="Batik tulis")
    tas = factories.ProductFactory(group=a.group, name="Tas eceng")
    anyaman = factories.ProductFactory(group=c.group, name="Anyaman pandan")
    a.products.set([batik, tas])
    b.products.set([factories.ProductFactory(group=b.group, name="Keset")])
    c.products.set([anyaman])
    day1, day2 = dt.date(2026, 11, 21), dt.date(2026, 11, 22)
    for entry, product, day, quantity, amount, method in [
        (a, batik, day1, 3, 300000, "cash"),
        (a, batik, day2, 1, 100000, "qris"),
        (a, tas, day1, 2, 120000, "qris"),
        (c, anyaman, day2, 5, 200000, "transfer"),
    ]:
        ExhibitionSale.objects.create(
            entry=entry, product=product, sold_on=day, quantity=quantity, amount=Decimal(amount), payment_method=method
        )
    BuyerLead.objects.create(
        entry=a, product=batik, buyer_name="Bu Rina", buyer_contact="081211112222", interest="Grosir", consent=True
    )
    BuyerLead.objects.create(entry=c, interest="Reseller di Bandung")
    fair.entry_a, fair.entry_c = a, c
    return fair


def _rows(html: str, table_id: str) -> list[list[str]]:
    import re

    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows.append(cells)
    return rows


def test_the_report_adds_up_by_product_kub_and_kecamatan(client, staf, fair):
    client.force_login(staf)
    html = client.get(reverse("exhibitions:report", args=[fair.pk])).content.decode()
    assert _rows(html, "by-product") == [
        ["Batik tulis", "KUB Alpha", "4", "Rp400.000"],
        ["Anyaman pandan", "KUB Gamma", "5", "Rp200.000"],
        ["Tas eceng", "KUB Alpha", "2", "Rp120.000"],
    ]
    assert _rows(html, "by-group") == [
        ["KUB Alpha", "Ciputat", "6", "Rp520.000"],
        ["KUB Gamma", "Pamulang", "5", "Rp200.000"],
    ]
    assert _rows(html, "by-kecamatan") == [["Ciputat", "6", "Rp520.000"], ["Pamulang", "5", "Rp200.000"]]
    assert _rows(html, "by-payment") == [
        ["Tunai", "3", "Rp300.000"],
        ["QRIS", "3", "Rp220.000"],
        ["Transfer", "5", "Rp200.000"],
    ]
    assert _rows(html, "by-day") == [["21-11-2026", "5", "Rp420.000"], ["22-11-2026", "6", "Rp300.000"]]
    assert 'id="total-quantity">11<' in html
    assert 'id="total-amount">Rp720.000<' in html
    assert 'id="total-products">4<' in html  # batik, tas, keset, anyaman
    assert 'id="total-entries">3<' in html
    assert "Bu Rina" in html and "081211112222" in html


def test_leadership_reads_the_totals_and_not_who_the_buyers_are(client, pimpinan, fair):
    client.force_login(pimpinan)
    html = client.get(reverse("exhibitions:report", args=[fair.pk])).content.decode()
    assert 'id="total-amount">Rp720.000<' in html
    assert 'id="total-leads">2<' in html
    assert "Bu Rina" not in html and "081211112222" not in html


def test_a_field_officer_sees_and_records_for_their_kecamatan_only(client, petugas_pamulang, fair):
    client.force_login(petugas_pamulang)
    detail = client.get(reverse("exhibitions:detail", args=[fair.pk])).content.decode()
    assert "KUB Gamma" in detail and "KUB Alpha" not in detail
    assert client.get(reverse("exhibitions:entry_sales", args=[fair.pk, fair.entry_a.pk])).status_code == 404
    assert client.get(reverse("exhibitions:entry_sales", args=[fair.pk, fair.entry_c.pk])).status_code == 200
    assert client.get(reverse("exhibitions:report", args=[fair.pk])).status_code == 403
    assert client.get(reverse("exhibitions:booths", args=[fair.pk])).status_code == 403


def test_the_sales_form_posted_twice_records_once(client, staf, fair):
    client.force_login(staf)
    url = reverse("exhibitions:entry_sales", args=[fair.pk, fair.entry_c.pk])
    form = client.get(url).context["form"]
    data = {
        "client_id": str(form.initial["client_id"]),
        "product": fair.entry_c.products.get().pk,
        "sold_on": "2026-11-23",
        "quantity": "2",
        "amount": "80000",
        "payment_method": "qris",
    }
    before = ExhibitionSale.objects.count()
    assert client.post(url, data).status_code == 302
    second = client.post(url, data, follow=True)
    assert ExhibitionSale.objects.count() == before + 1
    assert "tidak dicatat dua kali" in second.content.decode()
    sale = ExhibitionSale.objects.latest("pk")
    assert (sale.recorded_by, sale.payment_method, sale.sold_on) == (staf, "qris", dt.date(2026, 11, 23))


def test_the_sales_form_offers_only_the_exhibitions_days(client, staf, fair):
    client.force_login(staf)
    url = reverse("exhibitions:entry_sales", args=[fair.pk, fair.entry_c.pk])
    form = client.get(url).context["form"]
    assert [value for value, _label in form.fields["sold_on"].choices] == [f"2026-11-{day}" for day in range(20, 27)]
    data = {
        "client_id": str(form.initial["client_id"]),
        "product": fair.entry_c.products.get().pk,
        "sold_on": "2026-11-27",
        "quantity": "1",
        "amount": "1",
        "payment_method": "cash",
    }
    assert client.post(url, data).status_code == 200
    assert ExhibitionSale.objects.count() == 4


def test_the_lead_form_refuses_a_contact_without_consent(client, petugas_pamulang, fair):
    client.force_login(petugas_pamulang)
    url = reverse("exhibitions:entry_leads", args=[fair.pk, fair.entry_c.pk])
    response = client.post(url, {"interest": "Pesan 100", "buyer_contact": "08123", "buyer_name": "Pak Budi"})
    assert response.status_code == 200
    assert "setuju dihubungi" in response.content.decode()
    assert BuyerLead.objects.count() == 2
    response = client.post(
        url, {"interest": "Pesan 100", "buyer_contact": "08123", "buyer_name": "Pak Budi", "consent": "on"}
    )
    assert response.status_code == 302
    assert BuyerLead.objects.filter(buyer_name="Pak Budi", recorded_by=petugas_pamulang, consent=True).exists()


def test_adding_kubs_searches_and_skips_those_already_in(client, staf, fair):
    client.force_login(staf)
    new = factories.BusinessGroupFactory(name="KUB Alpha Baru", kecamatan=factories.kecamatan("Ciputat"))
    factories.ProductFactory(group=new, curation_status=Product.Curation.APPROVED)
    url = reverse("exhibitions:entries_add", args=[fair.pk])
    page = client.get(url, {"q": "alpha"})
    assert [g.name for g in page.context["kubs"]] == ["KUB Alpha Baru"]
    assert client.get(url).context["kubs"] == []  # nothing listed before a search
    client.post(url, {"kub": [new.pk]})
    assert fair.entries.filter(group=new).get().products.count() == 1


def test_the_list_searches_and_sorts(client, staf, fair):
    factories.ExhibitionFactory(
        name="Pameran Kriya Jakarta", city="Jakarta", start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 3, 3)
    )
    client.force_login(staf)
    url = reverse("exhibitions:list")
    assert [e.name for e in client.get(url, {"q": "jakarta"}).context["page"]] == ["Pameran Kriya Jakarta"]
    names = [e.name for e in client.get(url, {"sort": "start_date"}).context["page"]]
    assert names[0] == "Pameran Kriya Jakarta"
    assert Exhibition.objects.count() == 2


def test_the_printed_catalogue_has_a_qr_code_to_each_kubs_public_page(client, staf, fair):
    client.force_login(staf)
    html = client.get(reverse("exhibitions:catalogue", args=[fair.pk])).content.decode()
    url = "http://testserver" + reverse("catalogue:group", args=[fair.entry_a.group_id])
    assert url in html
    assert html.count("<svg") == 3
    assert "Batik tulis" in html


def test_the_report_exports_to_excel_with_the_same_figures(client, staf, pimpinan, petugas_ciputat, fair):
    from tests.reports.test_exports import export, table, workbook

    wb = workbook(export(client, staf, "laporan-pameran", f"pameran={fair.pk}"))
    assert [(r["produk"], r["KUB"], r["terjual"], r["nilai penjualan"]) for r in table(wb["Per produk"])] == [
        ("Batik tulis", "KUB Alpha", 4, 400000),
        ("Anyaman pandan", "KUB Gamma", 5, 200000),
        ("Tas eceng", "KUB Alpha", 2, 120000),
    ]
    assert [(r["kecamatan"], r["nilai penjualan"]) for r in table(wb["Per kecamatan"])] == [
        ("Ciputat", 520000),
        ("Pamulang", 200000),
    ]
    assert [r["kontak"] for r in table(wb["Calon pembeli"])] == ["081211112222", None]
    # Leadership: the figures, not who the buyers are.
    led = workbook(export(client, pimpinan, "laporan-pameran", f"pameran={fair.pk}"))
    assert "Calon pembeli" not in led.sheetnames
    assert len(table(led["Per KUB"])) == 2
    assert export(client, petugas_ciputat, "laporan-pameran", f"pameran={fair.pk}").status_code == 403
