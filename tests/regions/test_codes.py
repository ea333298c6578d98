"""regions.codes: the Kemendagri code list shipped in regions/data/, read without the database."""

from pathlib import Path

import pytest
from django.conf import settings

from regions import codes


def test_it_knows_every_province_regency_and_district_but_keeps_no_village_in_memory():
    known = codes._upper_levels()
    assert len(known) == 38 + 514 + 7285
    assert {code.count(".") for code in known} == {0, 1, 2}
    assert codes.name_of("36") == "Banten"
    assert codes.name_of("36.74") == "Kota Tangerang Selatan"
    assert codes.name_of("36.74.04") == "Ciputat"
    assert codes.name_of("36.74.04.1001") is None  # a kelurahan: not part of the lookup


def test_it_reads_the_file_once_per_process():
    codes._upper_levels.cache_clear()
    for code in ("36", "99", "36.74", "36.74.99"):
        codes.exists(code)
    info = codes._upper_levels.cache_info()
    assert (info.misses, info.hits) == (1, 3)


@pytest.mark.parametrize(
    "typed, code",
    [("3674", "36.74"), ("36.74", "36.74"), (" 36 74 ", "36.74"), ("367401", "36.74.01"), ("36", "36")],
)
def test_it_reads_a_code_with_or_without_dots(typed, code):
    assert codes.normalize(typed) == code


@pytest.mark.parametrize("typed", ["36.7", "abc", "36.74.0x", "３６７４"])
def test_text_that_is_no_code_has_no_level(typed):
    assert codes.level(codes.normalize(typed)) is None


def test_the_regions_of_a_city_are_its_kecamatan_and_kelurahan_in_code_order():
    rows = codes.regions_of("36.71")  # Kota Tangerang
    assert [c for c, _ in rows if codes.level(c) == codes.KECAMATAN][:2] == ["36.71.01", "36.71.02"]
    assert sum(1 for c, _ in rows if codes.level(c) == codes.KECAMATAN) == 13
    assert sum(1 for c, _ in rows if codes.level(c) == codes.DESA) == 104
    assert [c for c, _ in rows] == sorted(c for c, _ in rows)
    assert all(c.startswith("36.71.") for c, _ in rows)


def test_a_name_with_a_comma_is_read_whole():
    assert ("12.07.28.1007", "Lubuk Pakam I,II") in codes.regions_of("12.07")


def test_the_data_and_its_licences_ship_inside_the_project():
    base = Path(settings.BASE_DIR).resolve()
    assert codes.WILAYAH_CSV.resolve().is_relative_to(base)
    for name in (
        "wilayah-kemendagri-2025.csv",
        "penduduk-kemendagri-2025.csv",
        "tangsel-boundaries.geojson",
        "LICENSE-wilayah",
        "LICENSE-wilayah_boundaries",
        "README.md",
    ):
        assert (codes.DATA_DIR / name).is_file(), name


def test_no_code_of_the_project_reads_the_shared_folder_it_was_copied_from():
    base = Path(settings.BASE_DIR).resolve()
    offenders = [
        str(path.relative_to(base))
        for path in base.rglob("*.py")
        if ".venv" not in path.parts
        and path.resolve() != Path(__file__).resolve()
        and "/work/shared" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
