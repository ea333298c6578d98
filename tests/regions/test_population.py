"""Population figures: year and source on each, for a kecamatan or the whole city."""

import csv

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from regions import codes
from regions.models import Kecamatan, PopulationFigure

pytestmark = pytest.mark.django_db

TANGSEL = "36.74"


def city(year: int) -> PopulationFigure:
    return PopulationFigure.objects.get(kecamatan=None, city_code=TANGSEL, year=year)


def test_the_city_total_of_2025_is_the_kepmendagri_civil_registry_figure():
    figure = city(2025)
    assert (figure.population, figure.men, figure.women) == (1_463_607, 729_068, 734_539)
    assert "Kepmendagri No. 300.2.2-2138/2025" in figure.source
    assert str(figure) == "Kota Tangerang Selatan 2025: 1,463,607"


def test_the_city_total_agrees_with_the_shipped_population_list():
    with (codes.DATA_DIR / "penduduk-kemendagri-2025.csv").open(encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["kode"] == TANGSEL)
    figure = city(2025)
    assert (int(row["total"]), int(row["pria"]), int(row["wanita"])) == (figure.population, figure.men, figure.women)


def test_the_2023_kecamatan_figures_are_bps_and_add_up_to_the_bps_city_total():
    figures = {f.kecamatan.name: f for f in PopulationFigure.objects.filter(year=2023, kecamatan__isnull=False)}
    assert {name: f.population for name, f in figures.items() if name not in ("Serpong Utara", "Setu")} == {
        "Pamulang": 324_059,
        "Pondok Aren": 295_812,
        "Ciputat": 222_186,
        "Ciputat Timur": 169_555,
        "Serpong": 163_451,
    }
    assert figures["Serpong Utara"].population + figures["Setu"].population == 229_722
    assert sum(f.population for f in figures.values()) == city(2023).population == 1_404_785
    assert all(f.source.startswith("BPS") for name, f in figures.items() if name not in ("Serpong Utara", "Setu"))


def test_serpong_utara_and_setu_say_that_their_split_is_derived_and_how():
    for name in ("Serpong Utara", "Setu"):
        source = PopulationFigure.objects.get(year=2023, kecamatan__name=name).source
        assert "hanya memberi Serpong Utara dan Setu bersama-sama (229.722" in source
        assert "angka 2020" in source and "perkiraan" in source


def test_the_2020_estimate_stays_beside_them():
    assert PopulationFigure.objects.filter(year=2020, kecamatan__isnull=False).count() == 7


def test_the_latest_figure_of_a_place_comes_with_its_year_and_source():
    latest_city = PopulationFigure.objects.filter(city_code=TANGSEL, kecamatan=None).order_by("-year").first()
    assert (latest_city.year, latest_city.population) == (2025, 1_463_607)
    latest_setu = PopulationFigure.objects.filter(kecamatan__name="Setu").order_by("-year").first()
    assert latest_setu.year == 2023 and latest_setu.source


def _insert(**fields):
    with transaction.atomic():
        PopulationFigure.objects.create(**{"year": 2030, "population": 10, "source": "uji", **fields})


@pytest.mark.parametrize(
    "fields",
    [
        {"kecamatan": None, "city_code": ""},  # neither a kecamatan nor a city
        {"city_code": TANGSEL},  # both
        {"city_code": TANGSEL, "kecamatan": None, "year": 2025},  # a second city figure for 2025
        {"men": 4, "women": 5},  # 9, not 10
    ],
    ids=["no-place", "two-places", "second-city-figure", "men-women-sum"],
)
def test_the_database_refuses_a_figure_that_breaks_the_rules(fields):
    fields.setdefault("kecamatan", Kecamatan.objects.get(code="36.74.01"))
    with pytest.raises(IntegrityError):
        _insert(**fields)


def test_another_citys_figure_for_the_same_year_is_its_own():
    _insert(kecamatan=None, city_code="36.71", year=2025, population=1_957_349)
    assert PopulationFigure.objects.filter(kecamatan=None, year=2025).count() == 2


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"city_code": ""}, "kecamatan", "Pilih kecamatan, atau isi kode kabupaten/kota"),
        ({"city_code": "36.99"}, "city_code", "Kode kabupaten/kota 36.99 tidak ada"),
        ({"city_code": "36.74", "men": 4, "women": 5}, "population", "berjumlah 9, bukan 10"),
    ],
)
def test_the_admin_form_explains_a_wrong_figure(fields, field, message):
    figure = PopulationFigure(year=2030, population=10, source="uji", **fields)
    with pytest.raises(ValidationError) as caught:
        figure.full_clean()
    assert message in caught.value.message_dict[field][0]


@pytest.mark.django_db(transaction=True)
def test_the_figures_are_back_after_a_transactional_tests_flush():
    assert city(2025).population == 1_463_607
    assert PopulationFigure.objects.filter(year=2023).count() == 8
