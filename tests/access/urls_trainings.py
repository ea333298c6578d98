import datetime as dt

from tests import factories
from tests.access.matrix import Route, everyone

# Reading trainings: everyone but the bank liaison; a field officer only in their kecamatan.
VIEW = everyone(200, bank_bri=403)
CIPUTAT = everyone(200, bank_bri=403, petugas_pamulang=404)


def _ciputat_batch(w):
    return {"pk": w.batch_ciputat.pk}


def _ciputat_session(w):
    return {"pk": w.session_ciputat.pk}


def _running_ciputat_enrollment(w):
    # A batch that ends next year, so a withdrawal is still allowed.
    today = dt.date.today()
    batch = factories.TrainingBatchFactory(
        kecamatan=w.batch_ciputat.kecamatan, start_date=today, end_date=today + dt.timedelta(days=365)
    )
    return {"pk": factories.EnrollmentFactory(batch=batch, participant=w.participant_ciputat).pk}


ROUTES = [
    Route("trainings:index", VIEW),
    Route("trainings:planner", everyone(403, admin_user=200, staf=200)),
    Route(
        "trainings:planner",
        everyone(403, admin_user=200, staf=200),
        method="post",
        data={"action": "preview"},
        label="post",
    ),
    Route("trainings:batch_list", VIEW),
    Route("trainings:batch_options", VIEW),
    Route("trainings:batch_detail", CIPUTAT, kwargs=_ciputat_batch),
    Route(
        "trainings:batch_detail",
        everyone(200, bank_bri=403, petugas_ciputat=404),
        kwargs=lambda w: {"pk": w.batch_pamulang.pk},
        label="pamulang",
    ),
    Route(
        "trainings:batch_detail",
        everyone(200, bank_bri=403, petugas_pamulang=404, pimpinan=403),
        kwargs=_ciputat_batch,
        method="post",
        data={"q": "Peserta"},
        label="search",
    ),
    Route("trainings:batch_enrol", everyone(405), kwargs=_ciputat_batch),
    Route(
        "trainings:batch_enrol",
        everyone(302, bank_bri=403, petugas_pamulang=404, pimpinan=403),
        kwargs=_ciputat_batch,
        method="post",
        data={"niks": "1234"},
        label="post",
    ),
    Route(
        "trainings:enrollment_withdraw",
        everyone(200, bank_bri=403, petugas_pamulang=404, pimpinan=403),
        kwargs=_running_ciputat_enrollment,
    ),
    Route(
        "trainings:enrollment_withdraw",
        everyone(302, bank_bri=403, petugas_pamulang=404, pimpinan=403),
        kwargs=_running_ciputat_enrollment,
        method="post",
        data={"reason": "Pindah domisili"},
        label="post",
    ),
    Route("trainings:attendance", CIPUTAT, kwargs=_ciputat_session),
    Route(
        "trainings:attendance",
        everyone(200, bank_bri=403, petugas_ciputat=404),
        kwargs=lambda w: {"pk": w.session_pamulang.pk},
        label="pamulang",
    ),
    Route(
        "trainings:attendance",
        everyone(302, bank_bri=403, petugas_pamulang=404, pimpinan=403),
        kwargs=_ciputat_session,
        method="post",
        label="post",
    ),
]
