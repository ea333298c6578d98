"""The field inventory: officers see and change their kecamatan only; leadership reads; a bank
liaison has no business here."""

import datetime as dt

from tests.access.matrix import Route, everyone
from tests.core import images


def _ciputat(w):
    return {"pk": w.business_ciputat.pk}


def _pamulang(w):
    return {"pk": w.business_pamulang.pk}


def _visit_thumbnail_ciputat(w):
    from inventory.services import visit_record

    visit = visit_record(
        business=w.business_ciputat,
        officer=None,
        visited_on=dt.date(2026, 6, 1),
        status="running",
        evidence_photo=images.upload(images.jpeg()),
    )
    return {"path": visit.evidence_thumbnail.name}


READS = everyone(200, bank_bri=403)
WRITES = everyone(200, bank_bri=403, pimpinan=403)

ROUTES = [
    Route("inventory:start", everyone(302)),
    Route("inventory:list", READS),
    Route("inventory:list", everyone(302, bank_bri=403), method="post", data={"q": "Usaha"}, label="search"),
    Route("inventory:create", WRITES),
    Route("inventory:create", WRITES, method="post", data={"name": ""}, label="post-invalid"),
    Route("inventory:detail", {**READS, "petugas_pamulang": 404}, kwargs=_ciputat, label="ciputat"),
    Route("inventory:detail", {**READS, "petugas_ciputat": 404}, kwargs=_pamulang, label="pamulang"),
    Route("inventory:visit", {**WRITES, "petugas_pamulang": 404}, kwargs=_ciputat, label="ciputat"),
    Route("inventory:visit", {**WRITES, "petugas_ciputat": 404}, kwargs=_pamulang, label="pamulang"),
    Route(
        "inventory:visit",
        {**WRITES, "petugas_ciputat": 404},
        kwargs=_pamulang,
        method="post",
        data={"status": ""},
        label="pamulang-post-invalid",
    ),
    # The thumbnail answers like the photo it was made from.
    Route(
        "file",
        everyone(200, petugas_pamulang=404, bank_bri=404),
        kwargs=_visit_thumbnail_ciputat,
        label="visit-thumbnail",
    ),
]
