"""/berkas/<name>: a file answers like the record that holds it; export files only to their requester and admins."""

from django.core.files.base import ContentFile

from reports.models import ExportJob
from tests import factories
from tests.access.matrix import Route, everyone
from tests.core import images


def _visit_photo_ciputat(w):
    visit = factories.InventoryVisitFactory(business=w.business_ciputat, evidence_photo=images.upload(images.jpeg()))
    return {"path": visit.evidence_photo.name}


def _product_photo_pamulang(w):
    w.product_pamulang.photo.save("produk.jpg", ContentFile(images.jpeg()))
    return {"path": w.product_pamulang.photo.name}


def _export_of_staf(w):
    job = ExportJob.objects.create(kind="peserta", requested_by=factories.UserFactory(username="staf"))
    job.file.save("peserta.xlsx", ContentFile(b"PK"))
    return {"path": job.file.name}


def _referral_document(referral):
    from financing.models import DocumentKind
    from financing.services import document_add

    document = document_add(
        referral=referral,
        kind=DocumentKind.objects.get(code="ektp"),
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="ktp.pdf"),
        user=_department_user(),
    )
    return {"path": document.file.name}


def _department_user():
    from django.contrib.auth.models import Group

    from accounts import roles

    user = factories.UserFactory(username="dokumen.staf")
    user.groups.add(Group.objects.get(name=roles.STAFF))
    return user


# Out of scope, without the right to see the record, or not the requester: the file does not exist (404).
ROUTES = [
    Route("file", everyone(200, petugas_pamulang=404, bank_bri=404), kwargs=_visit_photo_ciputat, label="visit"),
    Route("file", everyone(200, petugas_ciputat=404, bank_bri=404), kwargs=_product_photo_pamulang, label="product"),
    Route("file", everyone(404, admin_user=200, staf=200), kwargs=_export_of_staf, label="export"),
    Route("file", everyone(404), kwargs=lambda w: {"path": "visits/tidak-ada.jpg"}, label="unknown"),
    # A referral's scans: staff and the referral's bank; never leadership or field officers.
    Route(
        "file",
        everyone(404, admin_user=200, staf=200, bank_bri=200),
        kwargs=lambda w: _referral_document(w.referral_bri),
        label="referral-document",
    ),
    Route(
        "file",
        everyone(404, admin_user=200, staf=200),
        kwargs=lambda w: _referral_document(w.referral_other),
        label="referral-document-other-bank",
    ),
    Route("file", everyone(405, anonymous=405), kwargs=_visit_photo_ciputat, method="post", label="post"),
]
