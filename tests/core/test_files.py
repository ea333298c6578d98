"""/berkas/<name>: a stored file is served only to a user who may see the record holding it;
/media/ is never served at all."""

import importlib
import re

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.urls import clear_url_caches, reverse

from core.files import safe_filename
from reports.models import ExportJob, ImportJob
from tangsel_portal import files as served
from tests import factories
from tests.conftest import _persona
from tests.core import images

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def debug_urls(settings):
    """The URLconf as `make run` builds it, with DEBUG on: the attacks are tried where they worked."""
    import tangsel_portal.urls

    settings.DEBUG = True
    importlib.reload(tangsel_portal.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(tangsel_portal.urls)
    clear_url_caches()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def visit_ciputat():
    business = factories.BusinessFactory(kelurahan=factories.kelurahan_of("Ciputat"))
    return factories.InventoryVisitFactory(business=business, evidence_photo=images.upload(images.jpeg()))


@pytest.fixture
def product_ciputat():
    group = factories.BusinessGroupFactory(kecamatan=factories.kecamatan("Ciputat"))
    return factories.ProductFactory(group=group, photo=images.upload(images.png(), "produk.png"))


@pytest.fixture
def export_of_staf(staf):
    job = ExportJob.objects.create(kind="peserta", requested_by=staf, contains_personal_data=True)
    job.file.save("peserta Ciputat.xlsx", ContentFile(b"PK\x03\x04 pretend workbook"))
    return job


def test_a_stored_file_links_to_the_checked_view(visit_ciputat):
    assert visit_ciputat.evidence_photo.url == f"/berkas/{visit_ciputat.evidence_photo.name}"


def test_anonymous_is_sent_to_login_for_a_visit_photo(client, visit_ciputat):
    response = client.get(visit_ciputat.evidence_photo.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_officer_of_another_kecamatan_gets_404_for_a_visit_photo(client, petugas_pamulang, visit_ciputat):
    client.force_login(petugas_pamulang)
    assert client.get(visit_ciputat.evidence_photo.url).status_code == 404


def test_a_bank_liaison_gets_404_for_a_visit_photo(client, bank_bri, visit_ciputat):
    client.force_login(bank_bri)
    assert client.get(visit_ciputat.evidence_photo.url).status_code == 404


def test_the_officer_of_the_kecamatan_gets_the_photo_with_safe_headers(client, petugas_ciputat, visit_ciputat):
    client.force_login(petugas_ciputat)
    response = client.get(visit_ciputat.evidence_photo.url)
    assert response.status_code == 200
    with visit_ciputat.evidence_photo.open("rb") as f:
        assert body(response) == f.read()
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert re.fullmatch(r'inline; filename="[0-9a-f]{32}\.jpg"', response["Content-Disposition"])
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_head_is_answered_and_post_is_not_allowed(client, staf, visit_ciputat):
    client.force_login(staf)
    assert client.head(visit_ciputat.evidence_photo.url).status_code == 200
    assert client.post(visit_ciputat.evidence_photo.url).status_code == 405


def test_a_product_photo_needs_login_and_scope_while_the_product_is_not_public(
    client, petugas_pamulang, petugas_ciputat, product_ciputat
):
    url = product_ciputat.photo.url
    assert client.get(url).status_code == 302
    client.force_login(petugas_pamulang)
    assert client.get(url).status_code == 404
    client.force_login(petugas_ciputat)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_a_product_photo_is_served_to_anyone_once_the_public_check_says_so(client, monkeypatch, product_ciputat):
    entry = served.served_files_for(product_ciputat.photo.name)
    public = served.ServedFiles(entry.prefix, entry.model, entry.field, public=lambda product: product.pk > 0)
    monkeypatch.setattr(served, "SERVED_FILES", [public])
    response = client.get(product_ciputat.photo.url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


def test_the_requester_gets_their_export_as_a_download(client, staf, export_of_staf):
    client.force_login(staf)
    response = client.get(export_of_staf.file.url)
    assert response.status_code == 200
    assert body(response) == b"PK\x03\x04 pretend workbook"
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="peserta_Ciputat.xlsx"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_another_staff_member_cannot_fetch_someones_export(client, export_of_staf, pimpinan):
    other = _persona("staf.lain", "Staf Disperindag")
    client.force_login(other)
    assert client.get(export_of_staf.file.url).status_code == 404
    client.force_login(pimpinan)
    assert client.get(export_of_staf.file.url).status_code == 404


def test_an_administrator_may_fetch_any_export(client, admin_user, export_of_staf):
    client.force_login(admin_user)
    assert client.get(export_of_staf.file.url).status_code == 200


def test_only_the_uploader_and_administrators_fetch_an_import_file(client, staf, admin_user):
    job = ImportJob(kind="peserta", uploaded_by=staf)
    job.file.save("peserta.xlsx", ContentFile(b"PK"), save=True)
    other = _persona("staf.lain", "Staf Disperindag")
    client.force_login(other)
    assert client.get(job.file.url).status_code == 404
    for user in (staf, admin_user):
        client.force_login(user)
        assert client.get(job.file.url).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["visits/0123456789abcdef0123456789abcdef.jpg", "unknown/file.jpg", "visits/../../tangsel_portal/settings.py"],
)
def test_a_name_no_record_holds_is_404(client, staf, path, settings):
    (settings.MEDIA_ROOT / "unknown").mkdir(parents=True)
    (settings.MEDIA_ROOT / "unknown" / "file.jpg").write_bytes(images.jpeg())
    client.force_login(staf)
    assert client.get(f"/berkas/{path}").status_code == 404


def test_a_record_whose_file_is_gone_is_404_not_a_server_error(client, staf, visit_ciputat):
    visit_ciputat.evidence_photo.storage.delete(visit_ciputat.evidence_photo.name)
    client.force_login(staf)
    assert client.get(visit_ciputat.evidence_photo.url).status_code == 404


def test_media_is_not_served_even_with_debug_on(client, staf, visit_ciputat):
    client.force_login(staf)
    assert client.get(f"/media/{visit_ciputat.evidence_photo.name}").status_code == 404
    assert client.get(visit_ciputat.evidence_photo.url).status_code == 200


def test_every_file_field_of_the_project_is_served_by_the_registry():
    file_fields = [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]
    assert len(file_fields) >= 4
    for model, field in file_fields:
        entry = served.served_files_for(field.generate_filename(None, "x.jpg"))
        assert entry is not None, f"{model._meta.label}.{field.name}: add its folder to SERVED_FILES"
        own = (model._meta.label, field.name)
        assert (entry.model, entry.field) == served.MIRRORS.get(own, own)


def test_an_uploaded_file_of_an_unknown_type_is_only_ever_a_download(client, staf):
    job = ImportJob(kind="peserta", uploaded_by=staf)
    job.file.save("halaman.html", ContentFile(b"<script>alert(document.cookie)</script>"), save=True)
    client.force_login(staf)
    response = client.get(job.file.url)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_download_name_keeps_only_plain_characters():
    assert safe_filename('exports/Bu "Siti"\r\n; x=.xlsx') == "Bu-Siti-x-.xlsx"
    assert safe_filename("exports/...") == "berkas"
