from tests.access.matrix import LOGIN, Route, everyone

# Rows: staff and admins every referral, the bank liaison their bank's (BRI). Leadership
# reads totals only (the list page shows them; one referral is 403). Field officers hold no
# financing permission.
LIST = everyone(200, petugas_ciputat=403, petugas_pamulang=403)
ROWS = everyone(200, petugas_ciputat=403, petugas_pamulang=403, pimpinan=403)
ROWS_OTHER_BANK = {**ROWS, "bank_bri": 404}
ROWS_POST = everyone(302, petugas_ciputat=403, petugas_pamulang=403, pimpinan=403)
# Making referrals and adding their documents: the department only.
DEPARTMENT = everyone(403, admin_user=200, staf=200)
DEPARTMENT_POST = everyone(403, admin_user=302, staf=302)


def _bri(w):
    return {"pk": w.referral_bri.pk}


def _kub(w):
    return {"pk": w.referral_kub_bri.pk}


def _other(w):
    return {"pk": w.referral_other.pk}


ROUTES = [
    Route("financing:list", LIST),
    Route("financing:list", ROWS_POST, method="post", data={"q": "Peserta"}, label="search"),
    # Nothing ticked: back to the list with the reason.
    Route("financing:list", ROWS_POST, method="post", data={"langkah": "closed"}, label="bulk-empty"),
    Route("financing:detail", ROWS, kwargs=_bri, label="bri"),
    Route("financing:detail", ROWS_OTHER_BANK, kwargs=_other, label="other-bank"),
    Route("financing:detail", everyone(405), kwargs=_bri, method="post", label="post"),
    Route("financing:transition", ROWS, kwargs=_bri, label="bri"),
    Route("financing:transition", ROWS_OTHER_BANK, kwargs=_other, label="other-bank"),
    # "Documents complete" is the department's step: the bank's form answers why not.
    Route(
        "financing:transition",
        {**ROWS_POST, "anonymous": LOGIN, "bank_bri": 200},
        kwargs=_bri,
        method="post",
        data={"to_status": "documents_complete"},
        label="post-department-step",
    ),
    Route(
        "financing:transition",
        {**ROWS_POST, "bank_bri": 404},
        kwargs=_other,
        method="post",
        data={"to_status": "documents_complete"},
        label="post-other-bank",
    ),
    Route("financing:board", ROWS),
    Route("financing:board", everyone(405), method="post", label="post"),
    Route("financing:new", DEPARTMENT),
    Route("financing:new", DEPARTMENT, method="post", data={"cari": "Peserta"}, label="search"),
    Route("financing:letter", ROWS, kwargs=_bri, label="bri"),
    Route("financing:letter", ROWS_OTHER_BANK, kwargs=_other, label="other-bank"),
    # Nothing attached: back to the referral with the reason.
    Route("financing:document_upload", DEPARTMENT_POST, kwargs=_bri, method="post", label="bri"),
    Route("financing:document_upload", DEPARTMENT_POST, kwargs=_other, method="post", label="other-bank"),
    Route("financing:document_upload", everyone(405), kwargs=_bri, label="get"),
    Route("financing:joint_liability", DEPARTMENT_POST, kwargs=_kub, method="post", label="kub"),
    Route("financing:joint_liability", everyone(405), kwargs=_kub, label="get"),
    Route("financing:group_letter", ROWS, kwargs=_kub, label="kub"),
    # A person's referral has no group letter.
    Route(
        "financing:group_letter", {**ROWS, "admin_user": 404, "staf": 404, "bank_bri": 404}, kwargs=_bri, label="person"
    ),
]
