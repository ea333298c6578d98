"""The IKM profile (/inventaris/profil/) and curation (/inventaris/kurasi/) pages, and the
scans of licences (/berkas/licences/...)."""

from django.core.files.base import ContentFile

from inventory import curation
from inventory.models import BusinessLicence
from tests import factories
from tests.access.matrix import LOGIN, Route, everyone

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _ciputat(w):
    return {"pk": w.business_ciputat.pk}


def _pamulang(w):
    return {"pk": w.business_pamulang.pk}


def _curation_ciputat(w):
    staff = factories.UserFactory(username="kurator")
    return {"pk": curation.curation_nominate(user=staff, business=w.business_ciputat).pk}


def _licence_ciputat(w):
    licence = BusinessLicence.objects.create(business=w.business_ciputat, kind="sni", number="SNI 8000:2026")
    return {"pk": w.business_ciputat.pk, "licence_pk": licence.pk}


def _licence_of_pamulang_under_ciputat(w):
    # A licence of another business, asked for under a business the user may see: 404.
    licence = BusinessLicence.objects.create(business=w.business_pamulang, kind="sni", number="SNI 8001:2026")
    return {"pk": w.business_ciputat.pk, "licence_pk": licence.pk}


def _scan_ciputat(w):
    licence = BusinessLicence.objects.create(business=w.business_ciputat, kind="halal", number="ID3674000001")
    licence.scan.save("halal.pdf", ContentFile(PDF))
    return {"path": licence.scan.name}


# Who reads a business: everyone but the bank, officers only their own kecamatan.
READ_CIPUTAT = everyone(200, petugas_pamulang=404, bank_bri=403)
READ_PAMULANG = everyone(200, petugas_ciputat=404, bank_bri=403)
# Who changes a profile or adds a licence: staff, admins, the officer of the kecamatan.
EDIT = everyone(403, anonymous=LOGIN, admin_user=200, staf=200, petugas_ciputat=200, petugas_pamulang=404)
EDIT_POST = everyone(403, anonymous=LOGIN, admin_user=302, staf=302, petugas_ciputat=302, petugas_pamulang=404)
# Curation moves: staff and admins only.
CURATE = everyone(403, anonymous=LOGIN, admin_user=200, staf=200)
CURATE_POST = everyone(403, anonymous=LOGIN, admin_user=302, staf=302)

ROUTES = [
    Route("ikm:licences_expiring", everyone(200, bank_bri=403)),
    Route("ikm:licences_expiring", everyone(200, bank_bri=403), data={"status": "expired"}, label="expired"),
    Route("ikm:profile", READ_CIPUTAT, kwargs=_ciputat, label="ciputat"),
    Route("ikm:profile", READ_PAMULANG, kwargs=_pamulang, label="pamulang"),
    Route("ikm:profile_edit", EDIT, kwargs=_ciputat),
    Route("ikm:profile_edit", EDIT_POST, kwargs=_ciputat, method="post", data={"legal_form": "cv"}, label="post"),
    Route("ikm:licence_add", EDIT, kwargs=_ciputat),
    Route(
        "ikm:licence_add",
        EDIT_POST,
        kwargs=_ciputat,
        method="post",
        data={"kind": "halal", "number": "ID3674000002"},
        label="post",
    ),
    Route("ikm:licence_edit", EDIT, kwargs=_licence_ciputat),
    Route(
        "ikm:licence_edit",
        EDIT_POST,
        kwargs=_licence_ciputat,
        method="post",
        data={"kind": "sni", "number": "SNI 8000:2026", "valid_until": "2030-01-01"},
        label="post",
    ),
    Route(
        "ikm:licence_edit",
        everyone(403, anonymous=LOGIN, admin_user=404, staf=404, petugas_ciputat=404, petugas_pamulang=404),
        kwargs=_licence_of_pamulang_under_ciputat,
        label="other-business",
    ),
    Route("curation:queue", everyone(200, bank_bri=403)),
    Route("curation:queue", everyone(200, bank_bri=403), data={"status": "selected"}, label="selected"),
    Route("curation:nominate", everyone(405), label="get"),
    # No such business: those who may nominate get 404, the others 403 before anything is looked up.
    Route(
        "curation:nominate",
        everyone(403, anonymous=LOGIN, admin_user=404, staf=404),
        method="post",
        data={"business": "999999999"},
        label="post",
    ),
    Route("curation:move", everyone(405), kwargs=_curation_ciputat, label="get"),
    Route(
        "curation:move",
        CURATE_POST,
        kwargs=_curation_ciputat,
        method="post",
        data={"to_status": "curated"},
        label="post",
    ),
    Route("curation:reject", CURATE, kwargs=_curation_ciputat),
    Route(
        "curation:reject",
        CURATE_POST,
        kwargs=_curation_ciputat,
        method="post",
        data={"reason": "Kemasan belum layak."},
        label="post",
    ),
    Route("file", everyone(200, petugas_pamulang=404, bank_bri=404), kwargs=_scan_ciputat, label="licence"),
]
