"""`manage.py load_region`: any kabupaten/kota's kecamatan and kelurahan from the shipped list."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from participants import services
from regions.models import Kecamatan, Kelurahan
from tests.factories import make_nik

pytestmark = pytest.mark.django_db


def load(code: str) -> str:
    out = StringIO()
    call_command("load_region", code, stdout=out)
    return out.getvalue()


def test_it_loads_the_kecamatan_and_kelurahan_of_another_city():
    output = load("36.71")
    assert "Kota Tangerang (36.71): 13 kecamatan, 104 desa/kelurahan dalam daftar." in output
    assert "Ditambahkan: 13 kecamatan, 104 desa/kelurahan." in output
    assert Kecamatan.objects.filter(code__startswith="36.71.").count() == 13
    assert Kelurahan.objects.filter(code__startswith="36.71.").count() == 104
    cipondoh = Kecamatan.objects.get(code="36.71.05")
    assert cipondoh.name == "Cipondoh"
    assert cipondoh.kelurahan.count() > 0
    assert all(k.code.startswith("36.71.05.") for k in cipondoh.kelurahan.all())
    assert Kecamatan.objects.filter(code__startswith="36.74.").count() == 7  # Tangsel untouched


def test_running_it_again_changes_nothing_and_says_so():
    load("36.71")
    before = list(Kelurahan.objects.values_list("pk", "code", "name", "kecamatan_id"))
    output = load("3671")  # without the dot: the same city
    assert "Tidak ada perubahan" in output
    assert "Ditambahkan" not in output
    assert list(Kelurahan.objects.values_list("pk", "code", "name", "kecamatan_id")) == before


def test_it_brings_a_changed_name_back_to_the_list_and_reports_it():
    load("36.71")
    kel = Kelurahan.objects.filter(code__startswith="36.71.01.").order_by("code").first()
    listed = kel.name
    Kelurahan.objects.filter(pk=kel.pk).update(name="Nama Lama")
    output = load("36.71")
    assert f"Nama diganti: {kel.code} Nama Lama → {listed}" in output
    kel.refresh_from_db()
    assert kel.name == listed


def test_the_tangsel_of_the_migration_is_the_tangsel_of_the_list():
    assert "Tidak ada perubahan" in load("36.74")


def test_it_keeps_and_names_what_the_list_no_longer_has():
    load("36.71")
    gone = Kelurahan.objects.create(
        code="36.71.01.1999", name="Dihapus", kecamatan=Kecamatan.objects.get(code="36.71.01")
    )
    output = load("36.71")
    assert "Tidak ada dalam daftar, dibiarkan: 36.71.01.1999 Dihapus" in output
    assert Kelurahan.objects.filter(pk=gone.pk).exists()


@pytest.mark.parametrize(
    "code, message",
    [
        ("36", "36 adalah kode provinsi (Banten), bukan kabupaten/kota"),
        ("36.74.01", "36.74.01 adalah kode kecamatan (Serpong), bukan kabupaten/kota"),
        ("3674011001", "36.74.01.1001 adalah kode desa/kelurahan, bukan kabupaten/kota"),
        ("36.99", "Tidak ada kabupaten/kota dengan kode 36.99"),
        ("tangsel", "tangsel bukan kode wilayah Kemendagri"),
    ],
)
def test_it_refuses_a_code_that_is_no_kabupaten_kota_and_loads_nothing(code, message):
    with pytest.raises(CommandError) as caught:
        load(code)
    assert message in str(caught.value)
    assert Kecamatan.objects.count() == 7


def test_a_participant_can_be_registered_in_the_other_city(staf):
    load("36.71")
    kelurahan = Kelurahan.objects.filter(code__startswith="36.71.05.").first()
    birth = dt.date(1991, 3, 4)
    participant = services.participant_register(
        user=staf,
        nik=make_nik(birth_date=birth, sex="L", serial=3, region="367105"),
        name="Budi Santoso",
        sex="L",
        birth_date=birth,
        kelurahan=kelurahan,
        consent_given=True,
    )
    assert participant.kelurahan.kecamatan.name == "Cipondoh"
