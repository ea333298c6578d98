from django.core.files.base import ContentFile

from reports.models import ExportJob, ImportJob
from tests import factories
from tests.access.matrix import Route, everyone


def _job_of_staf(w, *, with_file=False):
    job = ExportJob.objects.create(kind="peserta", requested_by=factories.UserFactory(username="staf"), status="done")
    if with_file:
        job.file.save("peserta.xlsx", ContentFile(b"PK"))
    return {"pk": job.pk}


def _import_of_staf(w, kind="peserta"):
    job = ImportJob.objects.create(kind=kind, uploaded_by=factories.UserFactory(username="staf"))
    return {"pk": job.pk}


# Imports: whoever registers participants (staff, admins, officers in their kecamatan).
IMPORTERS = {"bank_bri": 403, "pimpinan": 403}

ROUTES = [
    # Every role that reads participants sees the outcomes of its own scope; bank liaisons do not.
    Route("reports:outcomes", everyone(200, bank_bri=403)),
    # Recomputing the cached figures, then back to the page.
    Route("reports:outcomes", everyone(302, bank_bri=403), method="post", label="refresh"),
    # One's own exports (admins: everyone's).
    Route("reports:export_list", everyone(200)),
    # An export is the list's own permission: every role that reads participants, in its scope.
    Route("reports:export_start", everyone(200), kwargs=lambda w: {"kind": "peserta"}, method="post", label="peserta"),
    # Individual referrals: staff, admins and the bank; leadership sees totals only.
    Route(
        "reports:export_start",
        everyone(200, petugas_ciputat=403, petugas_pamulang=403, pimpinan=403),
        kwargs=lambda w: {"kind": "rujukan"},
        method="post",
        label="rujukan",
    ),
    Route("reports:export_start", everyone(405), kwargs=lambda w: {"kind": "peserta"}, label="get"),
    # The monthly program reports: city-wide readers of the outcomes (a report is of the whole city).
    Route("reports:index", everyone(200, petugas_ciputat=403, petugas_pamulang=403, bank_bri=403)),
    Route(
        "reports:monthly_create",
        everyone(302, petugas_ciputat=403, petugas_pamulang=403, bank_bri=403),
        method="post",
        data={"bulan": "2026-11"},
    ),
    Route("reports:monthly_create", everyone(405), label="get"),
    # A job and its file: the requester and administrators only.
    Route("reports:export_detail", everyone(404, admin_user=200, staf=200), kwargs=_job_of_staf),
    Route(
        "reports:export_download",
        everyone(404, admin_user=200, staf=200),
        kwargs=lambda w: _job_of_staf(w, with_file=True),
    ),
    Route("reports:import_index", everyone(200, **IMPORTERS)),
    Route("reports:import_template", everyone(200, **IMPORTERS)),
    # The visit kind: whoever records visits (the same roles); a kind that does not exist: 404.
    Route("reports:import_template", everyone(200, **IMPORTERS), data={"jenis": "kunjungan"}, label="kunjungan"),
    Route(
        "reports:import_template",
        everyone(404, **IMPORTERS),
        data={"jenis": "tidak-ada"},
        label="unknown kind",
    ),
    # Without a file: back to the form with a message.
    Route("reports:import_upload", everyone(302, **IMPORTERS), method="post"),
    Route("reports:import_upload", everyone(405), label="get"),
    Route(
        "reports:import_upload",
        everyone(302, **IMPORTERS),
        method="post",
        data={"jenis": "kunjungan"},
        label="kunjungan",
    ),
    # A job: its uploader and the city-wide importers; officers see only their own.
    Route(
        "reports:import_detail",
        everyone(200, petugas_ciputat=404, petugas_pamulang=404, **IMPORTERS),
        kwargs=_import_of_staf,
    ),
    # Only the uploader applies: the rows are written in their name and scope.
    Route(
        "reports:import_confirm",
        everyone(403, staf=302, petugas_ciputat=404, petugas_pamulang=404),
        kwargs=_import_of_staf,
        method="post",
    ),
    Route("reports:import_confirm", everyone(405), kwargs=_import_of_staf, label="get"),
    Route(
        "reports:import_detail",
        everyone(200, petugas_ciputat=404, petugas_pamulang=404, **IMPORTERS),
        kwargs=lambda w: _import_of_staf(w, kind="kunjungan"),
        label="kunjungan",
    ),
]
