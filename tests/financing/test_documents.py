"""A referral's document scans: checked on upload, served only through /berkas/ to staff and the
referral's bank, and every view logged."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.uploads import clean_document_file
from financing.models import DocumentKind, DocumentView, ReferralDocument
from financing.services import document_add
from tests import factories
from tests.core import images

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="ktp.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_pdf_is_kept_under_a_random_name():
    clean = clean_document_file(pdf("KTP Siti 3674.pdf"))
    assert clean.name.endswith(".pdf") and "Siti" not in clean.name
    assert clean.read() == PDF


def test_a_fake_pdf_is_refused():
    with pytest.raises(ValidationError) as caught:
        clean_document_file(pdf("ktp.pdf", b"<html><script>alert(1)</script></html>"))
    assert caught.value.code == "invalid_document"


def test_a_pdf_above_the_cap_is_refused(settings):
    settings.TANGSEL_DOCUMENT_MAX_MB = 1
    with pytest.raises(ValidationError) as caught:
        clean_document_file(pdf(content=PDF + b"0" * (1024 * 1024)))
    assert caught.value.code == "file_too_large"


def test_a_photo_of_the_paper_is_reencoded_without_exif():
    upload = images.upload(images.jpeg(exif=images.phone_exif()), name="kk.png")
    clean = clean_document_file(upload)
    assert clean.name.endswith(".jpg")
    assert b"Galaxy" not in clean.read()


@pytest.fixture
def referral(bri):
    return factories.LoanReferralFactory(bank=bri, participant=factories.ParticipantFactory(name="Siti Dokumen"))


@pytest.fixture
def ktp():
    return DocumentKind.objects.get(code="ektp")


def upload(client, referral, kind, file):
    return client.post(reverse("financing:document_upload", args=[referral.pk]), {"kind": kind.pk, "file": file})


def test_staff_upload_a_pdf_from_the_detail_page(client, staf, referral, ktp):
    client.force_login(staf)
    response = upload(client, referral, ktp, pdf())
    assert response.status_code == 302
    document = ReferralDocument.objects.get(referral=referral)
    assert (document.kind, document.uploaded_by) == (ktp, staf)
    assert document.file.name.startswith("referral-docs/") and document.file.name.endswith(".pdf")
    page = client.get(reverse("financing:detail", args=[referral.pk])).content.decode()
    assert document.file.url in page


def test_a_fake_pdf_upload_is_refused_with_a_message(client, staf, referral, ktp):
    client.force_login(staf)
    response = upload(client, referral, ktp, pdf(content=b"MZ\x90\x00 not a pdf"))
    assert not ReferralDocument.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "bukan PDF atau gambar" in page


def test_a_bank_liaison_cannot_upload(client, bank_bri, referral, ktp):
    client.force_login(bank_bri)
    assert upload(client, referral, ktp, pdf()).status_code == 403


def test_the_service_refuses_a_bank_liaison(bank_bri, referral, ktp):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        document_add(referral=referral, kind=ktp, file=pdf(), user=bank_bri)


@pytest.fixture
def document(staf, referral, ktp):
    return document_add(referral=referral, kind=ktp, file=pdf(), user=staf)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("staf", 200),
        ("admin_user", 200),
        ("bank_bri", 200),
        ("pimpinan", 404),
        ("petugas_ciputat", 404),
    ],
)
def test_documents_are_served_only_to_staff_and_the_bank(client, request, document, persona, status):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(document.file.url)
    assert response.status_code == status
    if status == 200:
        assert response["Cache-Control"].count("no-store") == 1
        assert b"".join(response.streaming_content) == PDF
        assert DocumentView.objects.filter(document=document, by=user).count() == 1
    else:
        assert not DocumentView.objects.exists()


def test_another_banks_liaison_gets_404(client, document):
    from accounts import roles
    from tests.conftest import _persona

    bni = factories.BankFactory(short_name="BNI")
    client.force_login(_persona("bank.bni", roles.BANK_LIAISON, bank=bni))
    assert client.get(document.file.url).status_code == 404
    assert not DocumentView.objects.exists()


def test_anonymous_goes_to_login(client, document):
    response = client.get(document.file.url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_every_view_is_logged(client, staf, document):
    client.force_login(staf)
    for _ in range(3):
        assert client.get(document.file.url).status_code == 200
    assert DocumentView.objects.filter(document=document, by=staf).count() == 3


def test_an_image_document_is_not_cached(client, staf, referral, ktp):
    document = document_add(referral=referral, kind=ktp, file=images.upload(images.jpeg()), user=staf)
    client.force_login(staf)
    response = client.get(document.file.url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_view_log_is_read_only_in_the_admin(client, admin_user, staf, document):
    client.force_login(staf)
    client.get(document.file.url)
    client.force_login(admin_user)
    listing = client.get(reverse("admin:financing_documentview_changelist"))
    assert listing.status_code == 200 and "staf" in listing.content.decode()
    view = DocumentView.objects.get()
    assert client.get(reverse("admin:financing_documentview_add")).status_code == 403
    assert (
        client.post(reverse("admin:financing_documentview_delete", args=[view.pk]), {"post": "yes"}).status_code == 403
    )
    client.force_login(staf)
    assert client.get(reverse("admin:financing_documentview_changelist")).status_code == 403
