from tests.access.matrix import Route, everyone

# The recycle bin: administrators only. The record of processing: the department and its
# leadership; the incident register: the department. The privacy notice: everyone, no login.
ADMIN_ONLY = everyone(403, admin_user=200)
RECORDS = everyone(403, admin_user=200, staf=200, pimpinan=200)
INCIDENTS = everyone(403, admin_user=200, staf=200)


def _item(w):
    return {"pk": w.recycled.pk}


def _incident(w):
    return {"pk": w.incident.pk}


ROUTES = [
    Route("recycle:list", ADMIN_ONLY),
    Route("recycle:list", everyone(403, admin_user=302), method="post", data={"q": "peserta"}, label="search"),
    Route("recycle:restore", ADMIN_ONLY, kwargs=_item),
    Route("recycle:purge", ADMIN_ONLY, kwargs=_item),
    Route("records:notice", {**everyone(200), "anonymous": 200}),
    Route("records:notice", {**everyone(405), "anonymous": 405}, method="post", label="post"),
    Route("records:ropa", RECORDS),
    Route("records:ropa_xlsx", RECORDS),
    Route("records:incident_list", INCIDENTS),
    Route("records:incident_new", INCIDENTS),
    Route("records:incident_detail", INCIDENTS, kwargs=_incident),
    Route("records:incident_letter_people", INCIDENTS, kwargs=_incident),
    Route("records:incident_letter_authority", INCIDENTS, kwargs=_incident),
]
