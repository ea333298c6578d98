import pytest
from django.contrib.auth.models import Group

from accounts import roles
from regions.models import Kecamatan, Kelurahan, PopulationFigure


@pytest.mark.django_db
def test_the_seven_kecamatan_and_54_kelurahan_are_loaded_with_kemendagri_codes():
    assert list(Kecamatan.objects.values_list("code", "name")) == [
        ("36.74.01", "Serpong"),
        ("36.74.02", "Serpong Utara"),
        ("36.74.03", "Pondok Aren"),
        ("36.74.04", "Ciputat"),
        ("36.74.05", "Ciputat Timur"),
        ("36.74.06", "Pamulang"),
        ("36.74.07", "Setu"),
    ]
    assert Kelurahan.objects.count() == 54
    assert Kelurahan.objects.get(code="36.74.01.1001").name == "Ciater"
    assert Kelurahan.objects.get(code="36.74.03.1011").name == "Jurangmangu Timur"
    assert Kelurahan.objects.get(code="36.74.07.1006").kecamatan.name == "Setu"


@pytest.mark.django_db
def test_population_figures_sum_to_the_2020_census_and_carry_a_source():
    figures = PopulationFigure.objects.filter(year=2020)
    assert figures.count() == 7
    assert sum(f.population for f in figures) == 1_354_350
    assert all(f.source for f in figures)


@pytest.mark.django_db
def test_every_role_exists_as_a_group_with_permissions():
    for role in roles.ALL_ROLES:
        assert Group.objects.get(name=role).permissions.exists()
    leadership = {p.codename for p in Group.objects.get(name=roles.LEADERSHIP).permissions.all()}
    assert leadership and all(code.startswith("view_") for code in leadership)
