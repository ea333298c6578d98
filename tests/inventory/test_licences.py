"""Licences and certificates: safe scans (PDF or image), and the list of those about to expire."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.uploads import clean_document_file
from inventory import selectors_profile
from inventory.models import BusinessLicence
from tests import factories
from tests.core import images

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _licence(business, valid_until, **kwargs):
    return BusinessLicence.objects.create(
        business=business, kind=kwargs.pop("kind", "halal"), number=kwargs.pop("number", "ID1"), valid_until=valid_until
    )


def test_a_pdf_scan_is_stored_under_a_random_name_and_sent_as_a_download(client, staf):
    licence = _licence(factories.BusinessFactory(), None)
    licence.scan.save("Sertifikat Halal Bu Ani.pdf", ContentFile(PDF))
    licence.refresh_from_db()
    assert licence.scan.name.startswith("licences/") and licence.scan.name.endswith(".pdf")
    assert "Ani" not in licence.scan.name
    client.force_login(staf)
    response = client.get(licence.scan.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF


def test_a_file_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError) as error:
        clean_document_file(SimpleUploadedFile("halal.pdf", b"<?php system($_GET['c']); ?>"))
    assert "bukan PDF" in " ".join(error.value.messages)


def test_a_pdf_header_on_something_else_is_refused():
    with pytest.raises(ValidationError):
        clean_document_file(SimpleUploadedFile("halal.pdf", b"%PDF-1.4\n<script>alert(1)</script>" + b"x" * 2000))


def test_a_photographed_certificate_is_reencoded_like_any_image():
    polyglot = images.jpeg() + b"<?php echo 1; ?>"
    cleaned = clean_document_file(SimpleUploadedFile("foto.jpg", polyglot))
    assert cleaned.name.endswith(".jpg")
    assert b"<?php" not in cleaned.read()


def test_a_scan_over_the_cap_is_refused(settings):
    settings.TANGSEL_DOCUMENT_MAX_MB = 1
    with pytest.raises(ValidationError) as error:
        clean_document_file(SimpleUploadedFile("besar.pdf", PDF + b"0" * (2 * 1024 * 1024)))
    assert error.value.code == "file_too_large"


def test_the_model_refuses_a_fake_pdf_whatever_writes_it():
    licence = BusinessLicence(business=factories.BusinessFactory(), kind="sni", number="SNI-1")
    licence.scan = SimpleUploadedFile("sni.pdf", b"not a pdf at all")
    with pytest.raises(ValidationError) as error:
        licence.save()
    assert "scan" in error.value.message_dict


def test_an_officer_uploads_a_scan_through_the_portal(client, petugas_ciputat):
    business = factories.BusinessFactory(kelurahan=factories.kelurahan_of("Ciputat"))
    client.force_login(petugas_ciputat)
    response = client.post(
        reverse("ikm:licence_add", args=[business.pk]),
        {
            "kind": "spp_irt",
            "number": "P-IRT 2063674010123-29",
            "issued_on": "2024-01-10",
            "valid_until": "2029-01-10",
            "scan": SimpleUploadedFile("pirt.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    licence = business.licences.get()
    assert licence.scan.name.endswith(".pdf") and licence.created_by == petugas_ciputat


def test_the_portal_form_refuses_a_fake_pdf_in_words(client, petugas_ciputat):
    business = factories.BusinessFactory(kelurahan=factories.kelurahan_of("Ciputat"))
    client.force_login(petugas_ciputat)
    response = client.post(
        reverse("ikm:licence_add", args=[business.pk]),
        {"kind": "halal", "number": "ID1", "scan": SimpleUploadedFile("halal.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert response.status_code == 200
    assert "bukan PDF" in response.content.decode()
    assert not business.licences.exists()


def test_expiry_must_not_precede_issue():
    licence = BusinessLicence(
        business=factories.BusinessFactory(),
        kind="bpom",
        number="MD 1",
        issued_on=dt.date(2025, 5, 1),
        valid_until=dt.date(2025, 4, 1),
    )
    with pytest.raises(ValidationError):
        licence.full_clean()


def test_expiring_licences_are_those_within_the_window_soonest_first(staf, settings):
    today = timezone.localdate()
    business = factories.BusinessFactory()
    later = _licence(business, today + dt.timedelta(days=60), number="last day")
    soon = _licence(business, today + dt.timedelta(days=3), number="soon")
    _licence(business, today + dt.timedelta(days=61), number="outside")
    _licence(business, None, number="no expiry")
    gone = _licence(business, today - dt.timedelta(days=1), number="expired")
    assert list(selectors_profile.licences_expiring(user=staf)) == [soon, later]
    assert list(selectors_profile.licences_expiring(user=staf, expired=True)) == [gone]
    settings.TANGSEL_LICENCE_EXPIRY_DAYS = 90
    assert selectors_profile.licences_expiring(user=staf).count() == 3


def test_an_officer_sees_only_the_expiring_licences_of_their_kecamatan(client, petugas_ciputat):
    soon = timezone.localdate() + dt.timedelta(days=10)
    mine = _licence(factories.BusinessFactory(kelurahan=factories.kelurahan_of("Ciputat")), soon, number="CIPUTAT-1")
    _licence(factories.BusinessFactory(kelurahan=factories.kelurahan_of("Pamulang")), soon, number="PAMULANG-1")
    client.force_login(petugas_ciputat)
    response = client.get(reverse("ikm:licences_expiring"))
    page = response.content.decode()
    assert f'data-licence="{mine.pk}"' in page
    assert "CIPUTAT-1" in page and "PAMULANG-1" not in page


def test_the_expiry_list_is_paginated(client, staf):
    soon = timezone.localdate() + dt.timedelta(days=5)
    business = factories.BusinessFactory()
    BusinessLicence.objects.bulk_create(
        [BusinessLicence(business=business, kind="sni", number=f"SNI-{i}", valid_until=soon) for i in range(30)]
    )
    client.force_login(staf)
    first = client.get(reverse("ikm:licences_expiring")).content.decode()
    second = client.get(reverse("ikm:licences_expiring"), {"page": 2}).content.decode()
    assert first.count("data-licence=") == 25 and second.count("data-licence=") == 5


def test_an_officer_records_a_renewal_and_the_old_scan_stays_when_none_is_sent(client, petugas_ciputat):
    business = factories.BusinessFactory(kelurahan=factories.kelurahan_of("Ciputat"))
    licence = _licence(business, dt.date(2026, 12, 31), kind="halal", number="ID-LAMA")
    licence.scan.save("halal.pdf", ContentFile(PDF))
    old_scan = licence.scan.name
    client.force_login(petugas_ciputat)
    url = reverse("ikm:licence_edit", args=[business.pk, licence.pk])
    response = client.post(url, {"kind": "halal", "number": "ID-BARU", "valid_until": "2030-12-31"})
    assert response.status_code == 302
    licence.refresh_from_db()
    assert (licence.number, licence.valid_until, licence.scan.name) == ("ID-BARU", dt.date(2030, 12, 31), old_scan)
