"""Switching to English gives English pages throughout (the portal's own texts, Django's and
django-auditlog's), and switching back gives Indonesian again."""

import datetime as dt
import re

import pytest

from groups.models import Membership
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Words of the portal's Indonesian interface. The test data below avoids them, so any one
# left on an English page is an untranslated label. Proper names stay as they are:
# Kecamatan, Kelurahan, KUB, NIK, Disperindag, "Bahasa Indonesia" in the switcher.
INDONESIAN = re.compile(
    r"\b(Peserta|Pelatihan|Simpan|Keluar|Cari|Kembali|Tambah|Tambahkan|Angkatan|Anggota|Beranda|Ubah|Hapus|Batal"
    r"|Daftarkan|Jumlah|Tanggal|Nama|Jenis|Jadwal|Kehadiran|Sesi|Pemohon|Rujukan|Pinjaman|Usaha|Produk|Pameran"
    r"|Pembiayaan|Capaian|Inventaris|Jejak|Pengguna|Lulus|Hadir|Terlambat|Belum|Sudah|Tidak|Semua|Urutkan|Halaman"
    r"|Sebelumnya|Berikutnya|Terakhir|Pertama|Laporan|Administrasi|Masuk|Kerajinan|Pelatih|Tempat|Selesai|Mulai"
    r"|Terapkan|Lihat|Buka|Status terbaru|yang|dan|untuk|dari|dengan|belum|sudah|tidak|atau|oleh|sejak|sebagai)\b"
)
PROPER_NAMES = ("Bahasa Indonesia", "Tangsel Kreatif", "Disperindag Kota Tangerang Selatan")


@pytest.fixture
def program(staf):
    craft = factories.CraftTypeFactory(name="Kaligrafi")
    batch = factories.TrainingBatchFactory(
        name="Kaligrafi Ciputat 2026",
        craft_type=craft,
        start_date=dt.date(2026, 3, 2),
        end_date=dt.date(2026, 3, 27),
        trainer=factories.TrainerFactory(name="Ibu Siti Nurhaliza"),
        venue=factories.VenueFactory(name="Aula Ciputat"),
    )
    session = factories.TrainingSessionFactory(batch=batch, date=dt.date(2026, 3, 2), topic="Pola")
    people = [factories.ParticipantFactory(name=name) for name in ("Ani Suryani", "Budi Santoso", "Citra Kirana")]
    for person in people:
        enrollment = factories.EnrollmentFactory(batch=batch, participant=person, completed=True)
        factories.AttendanceFactory(session=session, enrollment=enrollment)
    group = factories.BusinessGroupFactory(name="KUB Mawar", craft_type=craft, source_batch=batch)
    for person, role in zip(
        people, (Membership.Role.KETUA, Membership.Role.SEKRETARIS, Membership.Role.BENDAHARA), strict=True
    ):
        factories.MembershipFactory(group=group, participant=person, role=role)
    factories.ProductFactory(group=group, name="Kaligrafi Mawar", price=250000)
    business = factories.BusinessFactory(name="Mawar Craft", group=group)
    factories.InventoryVisitFactory(business=business, visited_on=dt.date(2026, 11, 2), officer=staf)
    factories.LoanReferralFactory(participant=people[0], bank=factories.BankFactory(short_name="BRI"), purpose="Mesin")
    return batch, group, people[0], business


def pages(batch, group, participant, business) -> list[str]:
    return [
        "/",
        "/peserta/",
        f"/peserta/{participant.pk}/",
        "/pelatihan/",
        f"/pelatihan/angkatan/{batch.pk}/",
        "/kub/",
        f"/kub/{group.pk}/",
        "/laporan/capaian/",
        "/pembiayaan/",
        "/inventaris/",
        f"/inventaris/{business.pk}/",
        "/admin/",
    ]


def indonesian_words(page) -> list[str]:
    text = page.locator("body").inner_text() + "\n" + page.title()
    for name in PROPER_NAMES:
        text = text.replace(name, "")
    return sorted(set(INDONESIAN.findall(text)))


def switch_to(page, language: str) -> None:
    with page.expect_navigation():
        page.select_option("footer select[name=language]", language)


def test_english_pages_throughout_and_back_to_indonesian(page, staf, program):
    login(page, "staf")
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "id"

    switch_to(page, "en")

    assert page.locator("html").get_attribute("lang") == "en"
    left = {}
    for url in pages(*program):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "en", url
        if words := indonesian_words(page):
            left[url] = words
    assert not left, f"Indonesian left on English pages: {left}"
    # Django's own texts (the admin) and django-auditlog's, in English too.
    page.goto("/admin/")
    assert page.get_by_text("Recent actions").is_visible()
    assert page.get_by_role("link", name="Audit trail").first.is_visible()

    # Back to Indonesian from the admin's header, then the portal follows.
    with page.expect_navigation():
        page.locator(".language-form button", has_text="Bahasa Indonesia").click()

    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_text("Tindakan terbaru").is_visible()
    page.goto("/peserta/")
    assert page.get_by_role("link", name="Daftarkan peserta").is_visible()
    assert page.locator("footer select[name=language]").input_value() == "id"
