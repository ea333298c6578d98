"""Excel import of inventory visits from paper forms (issue 10 point 6, "one machinery"):
the template, each refusal, an officer's scope, all rows or none, and visits that land on the
business's timeline through the visit form's service (last visit, owner's real status)."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from inventory.models import Business, InventoryVisit
from participants.models import Participant
from reports.imports import visits as columns
from reports.models import ImportJob
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = [str(label) for _key, label in columns.COLUMNS]
DAY = dt.date(2026, 5, 4)


def row(business=None, **changes) -> list:
    values = {
        "business_id": business.pk if business else None,
        "nib": None,
        "owner_nik": None,
        "business_name": business.name if business else None,
        "visited_on": DAY,
        "officer": None,
        "status": "Berjalan",
        "active_members": 4,
        "monthly_output": 120,
        "monthly_turnover": "3.500.000",
        "products_seen": "Tas anyaman",
        "latitude": None,
        "longitude": None,
        "notes": "Dari formulir kertas",
        "recommend_for_exhibition": "Tidak",
    }
    values.update(changes)
    return [values[key] for key, _label in columns.COLUMNS]


def xlsx(rows: list[list], *, name="kunjungan.xlsx") -> SimpleUploadedFile:
    wb = Workbook()
    # Two files of the same rows differ by their name, not by the second openpyxl stamps
    # them with (the import recognises a file it has seen by its bytes).
    wb.properties.title = name
    ws = wb.active
    ws.append(HEADER)
    for values in rows:
        ws.append(values)
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, user, upload_file):
    client.force_login(user)
    return client.post(reverse("reports:import_upload"), {"berkas": upload_file, "jenis": "kunjungan"})


def confirm(client, job):
    return client.post(reverse("reports:import_confirm", kwargs={"pk": job.pk}))


def cells(job) -> set:
    return {(e["row"], e["column"]) for e in job.errors}


@pytest.fixture
def ciputat_business(db):
    return factories.BusinessFactory(name="Anyaman Bu Sri", nib="1234567890123")


def test_the_template_has_the_visit_columns_dropdowns_and_the_businesses_of_the_user(
    client, petugas_ciputat, ciputat_business
):
    pamulang = factories.BusinessFactory(name="Batik Pamulang", kelurahan=factories.kelurahan_of("Pamulang"))
    client.force_login(petugas_ciputat)
    response = client.get(reverse("reports:import_template"), {"jenis": "kunjungan"})
    assert response.status_code == 200
    assert "template-impor-kunjungan" in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == HEADER
    assert ws["B2"].number_format == "@" and ws["C2"].number_format == "@"  # NIB and NIK as text
    assert ws["E2"].number_format == "dd-mm-yyyy"
    ranges = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert ranges["G2"] == '"Berjalan,Tidak berjalan,Tutup"'
    assert ranges["O2"] == '"Ya,Tidak"'
    assert [c.value for c in wb[columns.LISTS_SHEET]["A"][1:] if c.value] == ["petugas.ciputat"]
    listed = {r[0]: r[1] for r in wb[columns.REFERENCE_SHEET].iter_rows(min_row=2, values_only=True)}
    assert listed == {ciputat_business.pk: "Anyaman Bu Sri"}
    assert pamulang.pk not in listed


def test_a_file_with_bad_rows_writes_nothing_and_lists_every_refusal(client, petugas_ciputat, ciputat_business):
    other = factories.BusinessFactory(name="Kue Pak Dodi")
    factories.InventoryVisitFactory(business=other, visited_on=DAY)
    pamulang = factories.BusinessFactory(name="Batik Pamulang", kelurahan=factories.kelurahan_of("Pamulang"))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    rows = [
        row(ciputat_business),  # 2: good
        row(ciputat_business, notes="lagi"),  # 3: the same business on the same date
        row(ciputat_business, visited_on="31-02-2026"),  # 4: a date that does not exist
        row(ciputat_business, visited_on=dt.date(2026, 5, 5), status='=IF(1,"Berjalan")'),  # 5: a formula
        row(nib=1234567890123, business_name="Anyaman Bu Sri", visited_on=dt.date(2026, 5, 6)),  # 6: NIB a number
        row(owner_nik="3.67401E+15", business_name="Anyaman Bu Sri", visited_on=dt.date(2026, 5, 7)),  # 7
        row(pamulang, visited_on=dt.date(2026, 5, 8)),  # 8: outside the officer's kecamatan
        row(other),  # 9: already visited on that date
        row(ciputat_business, business_name="Anyaman Bu Siti", visited_on=dt.date(2026, 5, 9)),  # 10: wrong name
        row(ciputat_business, visited_on=tomorrow),  # 11: in the future
        row(ciputat_business, visited_on=dt.date(2026, 5, 10), status="Ramai"),  # 12: unknown status
        row(ciputat_business, visited_on=dt.date(2026, 5, 11), latitude=-6.3),  # 13: a latitude alone
        row(ciputat_business, visited_on=dt.date(2026, 5, 12), officer="petugas.pamulang"),  # 14: not in the area
        row(business_id=999999, business_name="Entah", visited_on=dt.date(2026, 5, 13)),  # 15: no such business
        row(ciputat_business, visited_on=dt.date(2026, 5, 14), active_members="empat"),  # 16: not a number
    ]
    response = upload(client, petugas_ciputat, xlsx(rows))
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("reports:import_detail", kwargs={"pk": job.pk})
    assert job.kind == "kunjungan" and job.total_rows == 15
    assert cells(job) == {
        (3, "Tanggal kunjungan"),
        (4, "Tanggal kunjungan"),
        (5, "Kondisi usaha"),
        (6, "NIB"),
        (7, "NIK pemilik"),
        (8, "ID usaha"),
        (9, "Tanggal kunjungan"),
        (10, "Nama usaha"),
        (11, "Tanggal kunjungan"),
        (12, "Kondisi usaha"),
        (13, "Lintang"),
        (14, "Petugas"),
        (15, "ID usaha"),
        (16, "Anggota aktif"),
    }
    by_row = {e["row"]: e["message"] for e in job.errors}
    assert "baris 2" in by_row[3]
    assert "rumus" in by_row[5]
    assert "sebagai angka" in by_row[6] and "sebagai angka" in by_row[7]
    assert "di luar wilayah tugas" in by_row[8]
    assert "sudah tercatat" in by_row[9]
    assert "masa depan" in by_row[11]
    assert not InventoryVisit.objects.filter(business=ciputat_business).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Baris 3" in page and 'id="confirm"' not in page
    confirm(client, job)
    assert not InventoryVisit.objects.filter(business=ciputat_business).exists()


def test_a_clean_file_records_every_visit_through_the_visit_service(client, staf, petugas_ciputat, ciputat_business):
    owner = factories.ParticipantFactory()
    owned = factories.BusinessFactory(name="Tenun Ibu Ani", owner_participant=owner)
    person = factories.BusinessFactory(
        name="Rajut Mandiri", owner_nik=factories.make_nik(birth_date=dt.date(1980, 3, 3), sex="P", serial=77)
    )
    rows = [
        row(ciputat_business, visited_on=dt.date(2026, 4, 1), status="Tutup", officer="petugas.ciputat"),
        row(ciputat_business, visited_on="04-05-2026", latitude="-6,31234", longitude=106.71234),
        row(nib="1234567890123", business_name="anyaman  bu sri", visited_on=dt.date(2026, 3, 1), status="Tutup"),
        row(owner_nik=owner.nik, business_name="Tenun Ibu Ani", recommend_for_exhibition="Ya"),
        row(owner_nik=person.owner_nik, business_name="Rajut Mandiri", status="Tidak berjalan"),
    ]
    first = xlsx(rows)
    response = upload(client, staf, first)
    job = ImportJob.objects.get()
    assert job.errors == [] and job.total_rows == 5
    assert not InventoryVisit.objects.exists()  # the preview writes nothing
    assert 'id="confirm"' in client.get(response["Location"]).content.decode()

    confirm(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.applied_rows == 5
    assert InventoryVisit.objects.count() == 5
    ciputat_business.refresh_from_db()
    # The latest of its three visits drives the business's last-visit fields.
    assert (ciputat_business.last_visited_on, ciputat_business.last_visit_status) == (DAY, "running")
    latest = ciputat_business.visits.first()
    assert latest.latitude is not None and str(latest.latitude) == "-6.312340"
    assert latest.location_source == "typed" and latest.monthly_turnover == 3500000
    assert latest.officer == staf and latest.active_members == 4
    assert ciputat_business.visits.get(visited_on=dt.date(2026, 4, 1)).officer == petugas_ciputat
    # The owner's real-entrepreneur status follows (participants.real_status).
    owner.refresh_from_db()
    assert owner.real_until is not None and owner.real_until > DAY
    owned.refresh_from_db()
    assert owned.last_visit_status == "running"
    # Recommended for an exhibition: nominated for curation, as from the phone.
    assert owned.curations.exists()
    person.refresh_from_db()
    assert person.last_visit_status == "not_running"
    # On the business's timeline.
    client.force_login(petugas_ciputat)
    page = client.get(reverse("inventory:detail", kwargs={"pk": ciputat_business.pk})).content.decode()
    assert "04-05-2026" in page and "01-04-2026" in page and "01-03-2026" in page
    assert f'id="business-id">{ciputat_business.pk}<' in page  # the ID a row names it by
    # The same file again creates nothing twice: the same bytes open the earlier import...
    first.seek(0)
    response = upload(client, staf, SimpleUploadedFile("lagi.xlsx", first.read()))
    assert response["Location"] == reverse("reports:import_detail", kwargs={"pk": job.pk})
    # ...and the same rows saved anew are visits already recorded.
    upload(client, staf, xlsx(rows, name="salinan.xlsx"))
    again = ImportJob.objects.exclude(pk=job.pk).get()
    assert len(again.errors) == 5 and all("sudah tercatat" in e["message"] for e in again.errors)
    assert InventoryVisit.objects.count() == 5


def test_an_officer_may_not_reach_another_kecamatan_by_nib_or_nik(client, petugas_ciputat):
    owner_nik = factories.make_nik(birth_date=dt.date(1980, 3, 3), sex="P", serial=78)
    factories.BusinessFactory(
        name="Batik Pamulang", nib="9999999999999", owner_nik=owner_nik, kelurahan=factories.kelurahan_of("Pamulang")
    )
    upload(
        client,
        petugas_ciputat,
        xlsx(
            [
                row(nib="9999999999999", business_name="Batik Pamulang"),
                row(owner_nik=owner_nik, business_name="Batik Pamulang", visited_on=dt.date(2026, 5, 5)),
            ]
        ),
    )
    job = ImportJob.objects.get()
    assert cells(job) == {(2, "NIB"), (3, "NIK pemilik")}
    assert all("wilayah tugas Anda" in e["message"] for e in job.errors)
    assert not any(owner_nik in e["message"] for e in job.errors)
    assert not InventoryVisit.objects.exists()


def test_if_a_row_fails_at_apply_time_no_visit_stays(client, petugas_ciputat, ciputat_business):
    second = factories.BusinessFactory(name="Kue Pak Dodi")
    upload(client, petugas_ciputat, xlsx([row(ciputat_business), row(second)]))
    job = ImportJob.objects.get()
    assert job.errors == []
    # Recorded from a phone between the preview and the confirmation.
    factories.InventoryVisitFactory(business=second, visited_on=DAY)
    confirm(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and cells(job) == {(3, "Tanggal kunjungan")}
    assert not InventoryVisit.objects.filter(business=ciputat_business).exists()
    ciputat_business.refresh_from_db()
    assert ciputat_business.last_visited_on is None


def test_the_import_page_offers_each_kind_the_user_may_import(client, petugas_ciputat, pimpinan):
    client.force_login(petugas_ciputat)
    page = client.get(reverse("reports:import_index")).content.decode()
    assert 'id="kind-peserta"' in page and 'id="kind-kunjungan"' in page
    assert client.get(reverse("reports:import_template"), {"jenis": "tidak-ada"}).status_code == 404
    client.force_login(pimpinan)
    assert client.get(reverse("reports:import_template"), {"jenis": "kunjungan"}).status_code == 403


def test_a_large_visit_file_runs_in_the_background(
    client, staf, ciputat_business, settings, django_capture_on_commit_callbacks
):
    settings.TANGSEL_IMPORT_SYNC_LIMIT = 1
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, staf, xlsx([row(ciputat_business), row(ciputat_business, visited_on=dt.date(2026, 5, 1))]))
    job = ImportJob.objects.get()
    assert job.checked_at is not None and job.errors == []
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.applied_rows == 2
    assert Business.objects.get(pk=ciputat_business.pk).last_visited_on == DAY
    assert not Participant.objects.exists()
