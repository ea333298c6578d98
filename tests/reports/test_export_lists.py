"""Each list's export: its rows and columns, its filters, scope and masking, and its button."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from reports.exports import REGISTRY
from reports.exports.base import RUPIAH
from reports.models import ExportJob
from tests import factories
from tests.reports.test_exports import HEADER_ROW, export, exported, table, workbook

pytestmark = pytest.mark.django_db


def sheet(response, name=None):
    wb = workbook(response)
    return wb[name] if name else wb.active


def test_batches_export_with_their_filters(client, staf):
    ciputat = factories.TrainingBatchFactory(name="Batik Ciputat", kecamatan=factories.kecamatan("Ciputat"))
    factories.TrainingBatchFactory(name="Anyaman Pamulang", kecamatan=factories.kecamatan("Pamulang"))
    factories.EnrollmentFactory.create_batch(2, batch=ciputat)
    ws = sheet(export(client, staf, "angkatan", f"kecamatan={ciputat.kecamatan_id}"))
    rows = table(ws)
    assert [(r["nama angkatan"], r["peserta terdaftar"]) for r in rows] == [("Batik Ciputat", 2)]
    assert isinstance(rows[0]["tanggal mulai"], dt.datetime)
    assert "Kecamatan: Ciputat" in ws["A2"].value


def test_attendance_of_a_batch_has_a_column_per_session_and_a_row_per_participant(client, petugas_ciputat):
    batch = factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Ciputat"))
    first = factories.TrainingSessionFactory(batch=batch)
    enrollment = factories.EnrollmentFactory(batch=batch, participant=factories.ParticipantFactory(name="Ani"))
    factories.EnrollmentFactory(batch=batch, participant=factories.ParticipantFactory(name="Bagus"))
    factories.AttendanceFactory(session=first, enrollment=enrollment, status="late")
    ws = sheet(export(client, petugas_ciputat, "kehadiran", f"angkatan={batch.pk}"))
    header = [c.value for c in ws[HEADER_ROW]]
    session_header = f"{first.date:%d-%m-%Y} {first.start_time:%H:%M}"
    assert session_header in header
    rows = {r["nama lengkap"]: r for r in table(ws)}
    assert rows["Ani"][session_header] == "Terlambat"
    assert rows["Bagus"][session_header] is None
    assert rows["Ani"]["NIK"] == enrollment.participant.nik


def test_attendance_of_a_batch_out_of_scope_is_404(client, petugas_pamulang):
    batch = factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Ciputat"))
    assert export(client, petugas_pamulang, "kehadiran", f"angkatan={batch.pk}").status_code == 404
    assert export(client, petugas_pamulang, "kehadiran", "angkatan=x").status_code == 404
    assert not ExportJob.objects.exists()


def test_kubs_export_with_a_sheet_of_their_members(client, pimpinan):
    group = factories.BusinessGroupFactory(name="KUB Batik Sejahtera")
    member = factories.MembershipFactory(group=group, participant=factories.ParticipantFactory(name="Rina"))
    wb = workbook(export(client, pimpinan, "kub"))
    assert [r["nama KUB"] for r in table(wb["KUB"])] == ["KUB Batik Sejahtera"]
    members = table(wb["Anggota"])
    assert [(m["nama KUB"], m["nama anggota"]) for m in members] == [("KUB Batik Sejahtera", "Rina")]
    assert members[0]["NIK"] != member.participant.nik and "*" in members[0]["NIK"]
    assert wb["Anggota"].freeze_panes == f"A{HEADER_ROW + 1}"


def test_referrals_export_amounts_in_rupiah_for_staff(client, staf):
    referral = factories.LoanReferralFactory(amount_requested=Decimal("15000000"))
    ws = sheet(export(client, staf, "rujukan"))
    row = table(ws)[0]
    assert row["jumlah diajukan (Rp)"] == 15000000
    cell = next(c for r in ws.iter_rows(min_row=HEADER_ROW + 1) for c in r if c.value == 15000000)
    assert cell.number_format == "[$Rp-421] #,##0"
    assert row["pemohon"] == referral.applicant.name


def test_a_bank_liaison_exports_only_their_banks_referrals(client, bank_bri, bri):
    factories.LoanReferralFactory(bank=bri, status="referred", purpose="untuk BRI")
    factories.LoanReferralFactory(purpose="untuk bank lain", status="referred")
    rows = table(sheet(export(client, bank_bri, "rujukan")))
    assert [r["keperluan pinjaman"] for r in rows] == ["untuk BRI"]


def test_leadership_exports_hold_no_loan_amounts(client, pimpinan, django_capture_on_commit_callbacks):
    factories.LoanReferralFactory(amount_requested=Decimal("15000000"))
    assert export(client, pimpinan, "rujukan").status_code == 403
    # The lists that need one parameter get it.
    params = {
        "kehadiran": {"angkatan": str(factories.TrainingBatchFactory().pk)},
        "laporan-bulanan": {"bulan": "2026-11"},
        "laporan-pameran": {"pameran": str(factories.ExhibitionFactory().pk)},
    }
    for kind, exporter in REGISTRY.items():
        if not exporter.allowed(pimpinan):
            continue
        built = exporter.build(user=pimpinan, params=params.get(kind, {}))
        for s in built.sheets:
            assert not [c.header for c in s.columns if c.format == RUPIAH and "jumlah" in c.header], kind
        query = "&".join(f"{k}={v}" for k, v in params.get(kind, {}).items())
        wb = exported(client, pimpinan, kind, query, capture=django_capture_on_commit_callbacks)
        assert not [c for ws in wb for row in ws.iter_rows() for c in row if c.value == 15000000], kind


def test_outcomes_export_three_tables_always_in_the_background(client, staf, django_capture_on_commit_callbacks):
    batch = factories.TrainingBatchFactory(name="Angkatan Ciputat", kecamatan=factories.kecamatan("Ciputat"))
    factories.EnrollmentFactory(batch=batch, completed=True)
    with django_capture_on_commit_callbacks(execute=False):
        # Figures over the whole scope are never computed in the page's request.
        assert export(client, staf, "capaian", f"tahun={batch.start_date.year}").status_code == 302
    assert ExportJob.objects.get().filters == {"Tahun": str(batch.start_date.year)}
    ExportJob.objects.all().delete()
    wb = exported(client, staf, "capaian", capture=django_capture_on_commit_callbacks)
    assert wb.sheetnames == ["Per kecamatan", "Per angkatan", "Per tahun"]
    by_kecamatan = {r["kecamatan"]: r for r in table(wb["Per kecamatan"])}
    assert by_kecamatan["Ciputat"]["lulus pelatihan"] == 1
    assert by_kecamatan["Jumlah"]["lulus pelatihan"] == 1
    assert [r["angkatan"] for r in table(wb["Per angkatan"])] == ["Angkatan Ciputat"]
    job = ExportJob.objects.get()
    assert not job.contains_personal_data


def test_the_export_log_is_itself_exportable_by_admins(client, admin_user, staf):
    ExportJob.objects.create(
        kind="peserta", requested_by=staf, status="done", row_count=7, filters={"Kecamatan": "Ciputat"}
    )
    rows = table(sheet(export(client, admin_user, "log-ekspor")))
    logged = next(r for r in rows if r["diminta oleh"] == "staf")
    assert (logged["daftar"], logged["jumlah baris"], logged["filter"]) == ("Daftar peserta", 7, "Kecamatan: Ciputat")


def test_the_export_log_in_the_admin_is_read_only(client, admin_user, staf):
    job = ExportJob.objects.create(kind="peserta", requested_by=staf, status="done", row_count=7)
    client.force_login(admin_user)
    assert client.get(reverse("admin:reports_exportjob_changelist")).status_code == 200
    assert client.get(reverse("admin:reports_exportjob_add")).status_code == 403
    change = client.post(reverse("admin:reports_exportjob_change", args=[job.pk]), {"row_count": 1})
    job.refresh_from_db()
    assert change.status_code == 403 and job.row_count == 7


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (lambda: reverse("participants:list") + "?status=lulus", "peserta"),
        (lambda: reverse("trainings:batch_list"), "angkatan"),
        (lambda: reverse("groups:list"), "kub"),
        (lambda: reverse("financing:list"), "rujukan"),
        (lambda: reverse("reports:outcomes"), "capaian"),
    ],
)
def test_each_list_has_an_export_button_carrying_its_query(client, staf, url, kind):
    client.force_login(staf)
    page = client.get(url()).content.decode()
    action = reverse("reports:export_start", kwargs={"kind": kind})
    assert f'action="{action}?' in page
    assert f'data-export="{kind}"' in page
    if "?" in url():
        assert f'action="{action}?status=lulus"' in page


def test_a_batch_page_has_the_attendance_export_button(client, staf):
    batch = factories.TrainingBatchFactory()
    client.force_login(staf)
    page = client.get(reverse("trainings:batch_detail", kwargs={"pk": batch.pk})).content.decode()
    assert f'action="{reverse("reports:export_start", kwargs={"kind": "kehadiran"})}?angkatan={batch.pk}"' in page


def test_products_export_in_scope_with_prices_in_rupiah(client, petugas_ciputat):
    factories.ProductFactory(name="Tas Anyaman", group=factories.BusinessGroupFactory(), price=Decimal("125000"))
    factories.ProductFactory(
        name="Batik Pamulang", group=factories.BusinessGroupFactory(kecamatan=factories.kecamatan("Pamulang"))
    )
    rows = table(sheet(export(client, petugas_ciputat, "produk")))
    assert [(r["nama produk"], r["harga (Rp)"]) for r in rows] == [("Tas Anyaman", 125000)]


def test_businesses_export_masks_the_owner_for_leadership_and_leaves_out_where_a_visit_was(client, pimpinan):
    business = factories.BusinessFactory(
        name="Kriya Bambu", owner_nik=factories.make_nik(birth_date=dt.date(1985, 1, 2), sex="L", serial=3)
    )
    factories.InventoryVisitFactory(business=business)
    wb = workbook(export(client, pimpinan, "usaha"))
    row = table(wb["Usaha"])[0]
    assert row["nama usaha"] == "Kriya Bambu"
    assert row["NIK pemilik"] == business.owner_nik[:4] + "********" + business.owner_nik[-4:]
    assert "alamat" not in row
    visit_header = [c.value for c in wb["Kunjungan"][HEADER_ROW]]
    assert "lintang" not in visit_header and "bujur" not in visit_header
    assert len(table(wb["Kunjungan"])) == 1


def test_exhibitions_export_with_entries_and_sales(client, staf):
    entry = factories.ExhibitionEntryFactory()
    factories.ExhibitionSaleFactory(entry=entry, quantity=3, amount=Decimal("450000"))
    wb = workbook(export(client, staf, "pameran"))
    assert wb.sheetnames == ["Pameran", "Peserta pameran", "Penjualan"]
    assert [r["KUB"] for r in table(wb["Peserta pameran"])] == [entry.group.name]
    assert [(r["jumlah terjual"], r["nilai penjualan (Rp)"]) for r in table(wb["Penjualan"])] == [(3, 450000)]


def _queries_of(client, user, kind, query=""):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert export(client, user, kind, query).status_code == 200
    return len(captured)


def test_an_export_costs_the_same_queries_for_few_rows_or_many(client, staf):
    batch = factories.TrainingBatchFactory()
    group = factories.BusinessGroupFactory()
    session = factories.TrainingSessionFactory(batch=batch)

    def grow(n):
        for _ in range(n):
            participant = factories.ParticipantFactory()
            enrollment = factories.EnrollmentFactory(batch=batch, participant=participant)
            factories.AttendanceFactory(session=session, enrollment=enrollment)
            factories.MembershipFactory(group=group, participant=participant)
            factories.LoanReferralFactory(participant=participant)

    kinds = [("peserta", ""), ("kub", ""), ("kehadiran", f"angkatan={batch.pk}"), ("rujukan", "")]
    grow(2)
    [_queries_of(client, staf, kind, query) for kind, query in kinds]  # the session, the permissions
    few = [_queries_of(client, staf, kind, query) for kind, query in kinds]
    grow(6)
    many = [_queries_of(client, staf, kind, query) for kind, query in kinds]
    assert few == many


def test_participants_carry_their_status_flags_for_roles_that_see_outcomes(client, staf, bank_bri, bri):
    done = factories.EnrollmentFactory(completed=True).participant
    factories.LoanReferralFactory(participant=done, bank=bri, status="referred")
    factories.ParticipantFactory(name="Belum Lulus")
    rows = {r["nama lengkap"]: r for r in table(sheet(export(client, staf, "peserta")))}
    assert rows[done.name]["lulus pelatihan"] == "Ya"
    assert rows["Belum Lulus"]["lulus pelatihan"] == "Tidak"
    assert rows["Belum Lulus"]["pelaku usaha nyata"] == "Tidak"
    # A bank liaison reads no outcomes: no status columns, and only the people referred to the bank.
    rows = table(sheet(export(client, bank_bri, "peserta")))
    assert [r["nama lengkap"] for r in rows] == [done.name]
    assert "lulus pelatihan" not in rows[0]


def test_businesses_export_with_the_inventory_lists_search_and_scope(client, petugas_ciputat):
    factories.BusinessFactory(name="Kriya Bambu Ciputat")
    factories.BusinessFactory(name="Kriya Rotan Ciputat")
    factories.BusinessFactory(name="Kriya Bambu Pamulang", kelurahan=factories.kelurahan_of("Pamulang"))
    client.force_login(petugas_ciputat)
    page = client.get(reverse("inventory:list")).content.decode()
    assert 'data-export="usaha"' in page
    query = client.post(reverse("inventory:list"), {"q": "Bambu"}).url.split("?", 1)[1]
    ws = workbook(export(client, petugas_ciputat, "usaha", query))["Usaha"]
    assert [r["nama usaha"] for r in table(ws)] == ["Kriya Bambu Ciputat"]
    assert "Bambu" in ws["A2"].value
