"""Excel import of participants (issue 10 point 6): the template, the preview that lists every
bad cell and writes nothing, the apply that writes all rows or none, the same file twice,
an officer's scope, large files through the Celery job."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from participants.models import Participant
from regions.models import Kelurahan
from reports.imports import participants as columns
from reports.models import ImportJob
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = ["NIK", "Nama", "Jenis kelamin", "Tanggal lahir", "HP", "Alamat", "Kecamatan", "Kelurahan", "Persetujuan"]


def row(serial: int, *, kecamatan="Ciputat", sex="P", born=dt.date(1990, 8, 17), **changes) -> list:
    kelurahan = factories.kelurahan_of(kecamatan)
    values = {
        "nik": factories.make_nik(birth_date=born, sex=sex, serial=serial),
        "name": f"Warga Impor {serial}",
        "sex": "Perempuan" if sex == "P" else "Laki-laki",
        "birth_date": born,
        "phone": "0812 3456 7890",
        "address": "Jl. Kenanga 1",
        "kecamatan": kecamatan,
        "kelurahan": kelurahan.name,
        "consent_given": "Ya",
    }
    values.update(changes)
    return [values[key] for key, _label in columns.COLUMNS]


def xlsx(rows: list[list], *, name="peserta.xlsx") -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for values in rows:
        ws.append(values)
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, user, upload_file):
    client.force_login(user)
    return client.post(reverse("reports:import_upload"), {"berkas": upload_file})


def confirm(client, job):
    return client.post(reverse("reports:import_confirm", kwargs={"pk": job.pk}))


def test_the_template_has_nik_as_text_and_dropdowns_from_the_database(client, staf):
    client.force_login(staf)
    response = client.get(reverse("reports:import_template"))
    assert response.status_code == 200
    assert "attachment;" in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == HEADER
    assert ws["A2"].number_format == "@" and ws["A500"].number_format == "@"
    assert ws["E2"].number_format == "@"
    ranges = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert set(ranges) == {"C2", "G2", "H2", "I2"}
    assert ranges["C2"] == '"Laki-laki,Perempuan"'
    assert ranges["I2"] == '"Ya,Tidak"'
    lists = wb[columns.LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    kecamatan = [c.value for c in lists["A"][1:] if c.value]
    assert "Ciputat" in kecamatan and "Pamulang" in kecamatan
    assert ranges["G2"] == f"{columns.LISTS_SHEET}!$A$2:$A${len(kecamatan) + 1}"
    assert factories.kelurahan_of("Pamulang").name in [c.value for c in lists["B"][1:]]


def test_an_officer_s_template_lists_only_their_kecamatan(client, petugas_ciputat):
    client.force_login(petugas_ciputat)
    wb = load_workbook(BytesIO(client.get(reverse("reports:import_template")).content))
    assert [c.value for c in wb[columns.LISTS_SHEET]["A"][1:] if c.value] == ["Ciputat"]


def test_a_file_with_bad_rows_writes_nothing_and_lists_every_bad_cell(client, staf):
    existing = factories.ParticipantFactory()
    good = row(1)
    rows = [
        good,
        row(2, birth_date="31-02-1990"),  # row 3: a date that does not exist
        row(3, name='=HYPERLINK("http://x","a")'),  # row 4: a formula
        row(4, nik=3674015708900004),  # row 5: a NIK Excel stored as a number
        row(5, nik="3.67401E+15"),  # row 6: the number copied as text
        [good[0]] + row(6)[1:],  # row 7: the NIK of row 2 again
        row(7, nik=existing.nik, born=existing.birth_date, sex=existing.sex),  # row 8: a NIK already registered
        row(8, kecamatan="Pamulang", kelurahan="Tidak Ada"),  # row 9: no such kelurahan there
        row(9, consent_given="Tidak"),  # row 10: no consent
    ]
    before = Participant.objects.count()
    response = upload(client, staf, xlsx(rows))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:import_detail", kwargs={"pk": job.pk})
    assert Participant.objects.count() == before
    found = {(e["row"], e["column"]) for e in job.errors}
    assert found == {
        (3, "Tanggal lahir"),
        (4, "Nama"),
        (5, "NIK"),
        (6, "NIK"),
        (7, "NIK"),
        (8, "NIK"),
        (9, "Kelurahan"),
        (10, "Persetujuan"),
    }
    by_row = {e["row"]: e for e in job.errors}
    assert "rumus" in by_row[4]["message"]
    assert "sebagai angka" in by_row[5]["message"] and "sebagai angka" in by_row[6]["message"]
    # The report keeps no NIK.
    assert not any(good[0] in e["message"] or "3674015708900004" in e["message"] for e in job.errors)
    assert "baris 2" in by_row[7]["message"]
    assert by_row[8]["link"] == reverse("participants:detail", kwargs={"pk": existing.pk})
    assert job.total_rows == 9 and job.checked_at is not None and job.status == ImportJob.Status.PENDING

    page = client.get(response["Location"])
    content = page.content.decode()
    assert "Baris 3" in content and "Tanggal lahir" in content and 'id="confirm"' not in content
    # Confirming anyway writes nothing.
    confirm(client, job)
    assert Participant.objects.count() == before
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PENDING and job.applied_rows == 0


def test_a_clean_file_previews_without_writing_then_imports_every_row(client, staf):
    rows = [row(1), row(2, sex="L", born=dt.date(1985, 1, 2)), row(3, kecamatan="Pamulang", phone="")]
    rows[1][3] = "02-01-1985"  # a date typed as text
    before = Participant.objects.count()
    response = upload(client, staf, xlsx(rows))
    job = ImportJob.objects.get()
    assert job.errors == [] and job.total_rows == 3
    assert Participant.objects.count() == before
    assert 'id="confirm"' in client.get(response["Location"]).content.decode()

    response = confirm(client, job)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.applied_rows == 3 and job.finished_at
    assert Participant.objects.count() == before + 3
    made = Participant.objects.get(nik=rows[1][0])
    assert made.birth_date == dt.date(1985, 1, 2) and made.sex == "L" and made.registered_by == staf
    assert made.phone == "+6281234567890" and made.consent_given
    assert Participant.objects.get(nik=rows[2][0]).kelurahan.kecamatan.name == "Pamulang"
    # A second confirmation (a double tap) writes nothing more.
    confirm(client, job)
    assert Participant.objects.count() == before + 3
    # The report stays viewable.
    page = client.get(reverse("reports:import_detail", kwargs={"pk": job.pk}))
    assert "3 baris disimpan" in page.content.decode()


def test_the_same_file_twice_creates_nothing_twice(client, staf):
    content = xlsx([row(1), row(2)])
    upload(client, staf, content)
    first = ImportJob.objects.get()
    confirm(client, first)
    content.seek(0)
    response = upload(client, staf, SimpleUploadedFile("lagi.xlsx", content.read()))
    assert response["Location"] == reverse("reports:import_detail", kwargs={"pk": first.pk})
    assert ImportJob.objects.count() == 1
    assert Participant.objects.filter(name__startswith="Warga Impor").count() == 2


def test_an_officer_s_row_in_another_kecamatan_refuses_the_file(client, petugas_ciputat):
    upload(client, petugas_ciputat, xlsx([row(1), row(2, kecamatan="Pamulang")]))
    job = ImportJob.objects.get()
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "Kecamatan")]
    assert "di luar wilayah tugas" in job.errors[0]["message"]
    confirm(client, job)
    assert not Participant.objects.filter(name__startswith="Warga Impor").exists()


def test_a_duplicate_out_of_the_officer_s_scope_has_no_link(client, petugas_ciputat):
    other = factories.ParticipantFactory(kelurahan=factories.kelurahan_of("Pamulang"))
    upload(client, petugas_ciputat, xlsx([row(1, nik=other.nik, born=other.birth_date, sex=other.sex)]))
    error = ImportJob.objects.get().errors[0]
    assert error["column"] == "NIK" and "link" not in error


def test_if_a_row_fails_at_apply_time_nothing_stays(client, staf):
    rows = [row(1), row(2), row(3)]
    upload(client, staf, xlsx(rows))
    job = ImportJob.objects.get()
    assert job.errors == []
    # Registered by hand between the preview and the confirmation.
    factories.ParticipantFactory(nik=rows[2][0], birth_date=dt.date(1990, 8, 17), sex="P")
    confirm(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.applied_rows == 0
    assert [(e["row"], e["column"]) for e in job.errors] == [(4, "NIK")]
    assert not Participant.objects.filter(name__startswith="Warga Impor").exists()


def test_a_namesake_is_a_warning_the_confirmation_answers(client, staf):
    same = factories.ParticipantFactory(name="Siti Aminah", birth_date=dt.date(1990, 8, 17), sex="P")
    upload(client, staf, xlsx([row(1, name="SITI  aminah")]))
    job = ImportJob.objects.get()
    assert job.errors == [] and [(w["row"], w["column"]) for w in job.warnings] == [(2, "Nama")]
    confirm(client, job)
    assert Participant.objects.filter(name="SITI  aminah").exclude(pk=same.pk).count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [("peserta.csv", b"NIK,Nama\n"), ("peserta.xlsx", b"not a workbook")],
)
def test_only_a_real_xlsx_is_accepted(client, staf, name, content):
    response = upload(client, staf, SimpleUploadedFile(name, content))
    assert response["Location"] == reverse("reports:import_index")
    assert not ImportJob.objects.exists()


def test_a_file_above_the_size_cap_is_refused(client, staf, settings):
    settings.TANGSEL_IMPORT_MAX_BYTES = 100
    upload(client, staf, xlsx([row(1)]))
    assert not ImportJob.objects.exists()


def test_a_wrong_header_is_refused(client, staf):
    wb = Workbook()
    wb.active.append(["nik", "nama"])
    wb.active.append(["3674015708900001", "A"])
    buffer = BytesIO()
    wb.save(buffer)
    upload(client, staf, SimpleUploadedFile("x.xlsx", buffer.getvalue()))
    assert ImportJob.objects.get().errors[0]["row"] == 1


def test_a_large_file_is_checked_and_applied_by_the_background_job(
    client, staf, settings, django_capture_on_commit_callbacks
):
    settings.TANGSEL_IMPORT_SYNC_LIMIT = 2
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = upload(client, staf, xlsx([row(1), row(2), row(3)]))
    job = ImportJob.objects.get()
    assert job.checked_at is None
    page = client.get(response["Location"]).content.decode()
    assert 'id="progress"' in page and 'http-equiv="refresh"' in page
    for callback in queued:
        callback()
    job.refresh_from_db()
    assert job.checked_at is not None and job.errors == []
    assert not Participant.objects.filter(name__startswith="Warga Impor").exists()
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.applied_rows == 3
    assert Participant.objects.filter(name__startswith="Warga Impor").count() == 3


def test_only_the_uploader_confirms(client, staf, admin_user):
    upload(client, staf, xlsx([row(1)]))
    job = ImportJob.objects.get()
    client.force_login(admin_user)
    assert client.get(reverse("reports:import_detail", kwargs={"pk": job.pk})).status_code == 200
    assert confirm(client, job).status_code == 403
    assert not Participant.objects.filter(name__startswith="Warga Impor").exists()


def test_the_downloaded_template_filled_in_imports_whatever_the_user_s_language(client, staf):
    client.force_login(staf)
    response = client.get(reverse("reports:import_template"), headers={"accept-language": "en"})
    wb = load_workbook(BytesIO(response.content))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == HEADER
    for number, values in enumerate([row(1), row(2)], start=2):
        for column, value in enumerate(values, start=1):
            ws.cell(row=number, column=column, value=value)
    buffer = BytesIO()
    wb.save(buffer)
    upload(client, staf, SimpleUploadedFile("isian.xlsx", buffer.getvalue()))
    job = ImportJob.objects.get()
    assert job.errors == [] and job.total_rows == 2
    confirm(client, job)
    assert Participant.objects.filter(name__startswith="Warga Impor").count() == 2


def _big_file(path, rows: int) -> None:
    """`rows` good participants in the 7 kecamatan, written as fast as openpyxl can."""
    places = [(k.kecamatan.name, k.name) for k in Kelurahan.objects.select_related("kecamatan").order_by("code")]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Peserta")
    ws.append(HEADER)
    for i in range(rows):
        born = dt.date(1970, 1, 1) + dt.timedelta(days=i % 9000)
        nik = factories.make_nik(birth_date=born, sex="P", serial=1 + i // 9000)
        kecamatan, kelurahan = places[i % len(places)]
        ws.append([nik, f"Warga Massal {i}", "Perempuan", born, "", "", kecamatan, kelurahan, "Ya"])
    wb.save(path)


def test_a_10000_row_file_is_checked_and_written_in_a_bounded_number_of_queries(staf, tmp_path):
    from auditlog.models import LogEntry
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = tmp_path / "massal.xlsx"
    _big_file(path, 10_000)
    with CaptureQueriesContext(connection) as checked:
        result = columns.IMPORT.run(user=staf, path=path, apply=False)
    assert result.errors == [] and result.total == 10_000
    assert not Participant.objects.filter(name__startswith="Warga Massal").exists()
    with CaptureQueriesContext(connection) as applied:
        result = columns.IMPORT.run(user=staf, path=path, apply=True)
    assert result.errors == [] and result.applied == 10_000
    # Not per row: a few per batch of 1,000 (NIKs, namesakes, insert, real_until, audit).
    assert len(checked) <= 40, len(checked)
    # SQLite takes at most 999 parameters a statement, so Django splits each batch's INSERT
    # (participants and audit entries) into statements of that size: still not per row.
    per_insert = connection.ops.bulk_batch_size([f for f in Participant._meta.concrete_fields], [None] * 1000)
    splits = 0 if connection.vendor == "postgresql" else 2 * -(-10_000 // per_insert)
    assert len(applied) <= 120 + splits, len(applied)
    made = Participant.objects.filter(name__startswith="Warga Massal")
    assert made.count() == 10_000 and not made.filter(registered_by=None).exists()
    assert made.filter(consent_given=True, consent_at__isnull=False).count() == 10_000
    # One audit entry per participant, the NIK masked as the registry says.
    entries = LogEntry.objects.get_for_objects(made)
    assert entries.count() == 10_000
    entry = entries.first()
    assert entry.actor == staf and entry.changes["nik"][1] != made.get(pk=entry.object_id).nik


def _register_by_hand(user, values: list) -> Participant:
    from participants.services import participant_register

    nik, name, _sex, born, _phone, _address, kecamatan, kelurahan, _consent = values
    return participant_register(
        user=user,
        nik=nik,
        name=f"Didaftar {name}",
        sex="P",
        birth_date=born,
        kelurahan=Kelurahan.objects.get(kecamatan__name=kecamatan, name=kelurahan),
        consent_given=True,
    )


def test_the_apply_reuses_the_preview_s_check_when_nothing_changed(client, staf):
    upload(client, staf, xlsx([row(1), row(2)]))
    job = ImportJob.objects.get()
    assert job.errors == [] and job.checked_state
    confirm(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.applied_rows == 2
    assert job.preview_reused
    assert Participant.objects.filter(name__startswith="Warga Impor").count() == 2


def test_a_participant_registered_since_the_preview_makes_the_apply_check_again(client, staf):
    rows = [row(1), row(2)]
    upload(client, staf, xlsx(rows))
    job = ImportJob.objects.get()
    _register_by_hand(staf, row(9, born=dt.date(1991, 1, 1)))  # not in the file
    confirm(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.applied_rows == 2
    assert not job.preview_reused


def test_a_nik_of_the_file_registered_through_the_service_since_the_preview_fails_the_import(client, staf):
    rows = [row(1), row(2), row(3)]
    upload(client, staf, xlsx(rows))
    job = ImportJob.objects.get()
    assert job.errors == []
    _register_by_hand(staf, rows[1])
    confirm(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.applied_rows == 0 and not job.preview_reused
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "NIK")]
    assert not Participant.objects.filter(name__startswith="Warga Impor").exists()


def test_a_nik_taken_while_the_reused_check_stands_is_still_refused_by_the_database(client, staf, monkeypatch):
    # The registration lands after the apply took its state (a race): the unique NIK and the
    # one transaction are the last guard, the row and column still reported.
    monkeypatch.setattr(columns.ParticipantImport, "state", lambda self, regions, user: "sama")
    rows = [row(1), row(2), row(3)]
    upload(client, staf, xlsx(rows))
    job = ImportJob.objects.get()
    _register_by_hand(staf, rows[2])
    confirm(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.applied_rows == 0 and job.preview_reused
    assert [(e["row"], e["column"]) for e in job.errors] == [(4, "NIK")]
    assert not Participant.objects.filter(name__startswith="Warga Impor").exists()
