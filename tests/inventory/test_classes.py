"""Size class (PP 7/2021) and industry class (Permenperin 64/2016), at each boundary, and
kept on the business whatever saves it."""

from decimal import Decimal

import pytest

from inventory.classes import IndustryClass, SizeClass, industry_class, size_class
from inventory.models import Business
from tests.factories import BusinessFactory

M = Decimal(1_000_000_000)


@pytest.mark.parametrize(
    ("turnover", "expected"),
    [
        (0, SizeClass.MIKRO),
        (2 * M, SizeClass.MIKRO),
        (2 * M + 1, SizeClass.KECIL),
        (15 * M, SizeClass.KECIL),
        (15 * M + 1, SizeClass.MENENGAH),
        (50 * M, SizeClass.MENENGAH),
        (50 * M + 1, SizeClass.BESAR),
    ],
)
def test_an_existing_business_is_sized_by_its_annual_turnover(turnover, expected):
    # The capital would say otherwise: turnover wins when it is known.
    assert size_class(capital=20 * M, turnover=turnover) == expected


@pytest.mark.parametrize(
    ("capital", "expected"),
    [
        (1 * M, SizeClass.MIKRO),
        (1 * M + 1, SizeClass.KECIL),
        (5 * M, SizeClass.KECIL),
        (5 * M + 1, SizeClass.MENENGAH),
        (10 * M, SizeClass.MENENGAH),
        (10 * M + 1, SizeClass.BESAR),
    ],
)
def test_a_business_without_turnover_is_sized_by_its_capital(capital, expected):
    assert size_class(capital=capital, turnover=None) == expected


def test_no_numbers_no_size():
    assert size_class(capital=None, turnover=None) == ""


@pytest.mark.parametrize(
    ("workers", "investment", "expected"),
    [
        (19, 1 * M - 1, IndustryClass.KECIL),
        (19, 1 * M, IndustryClass.MENENGAH),
        (20, 1 * M - 1, IndustryClass.MENENGAH),
        (20, 15 * M, IndustryClass.MENENGAH),
        (20, 15 * M + 1, IndustryClass.BESAR),
        (19, 50 * M, IndustryClass.MENENGAH),
        (0, 0, IndustryClass.KECIL),
    ],
)
def test_industry_class_follows_workers_and_investment(workers, investment, expected):
    assert industry_class(workers=workers, investment=investment) == expected


def test_no_industry_class_without_both_numbers():
    assert industry_class(workers=None, investment=M) == ""
    assert industry_class(workers=5, investment=None) == ""


@pytest.mark.django_db
def test_the_business_keeps_its_classes_recomputed_on_save():
    business = BusinessFactory(workers_male=3, workers_female=9, investment=Decimal(50_000_000), capital=None)
    business.refresh_from_db()
    assert business.industry_class == IndustryClass.KECIL
    assert business.size_class == ""

    business.turnover_per_year = 3 * M
    business.workers_female = 20
    business.save(update_fields=["turnover_per_year", "workers_female"])
    business.refresh_from_db()
    assert (business.size_class, business.industry_class) == (SizeClass.KECIL, IndustryClass.MENENGAH)


@pytest.mark.django_db
def test_the_classes_cannot_be_typed():
    business = BusinessFactory(turnover_per_year=M)
    Business.objects.filter(pk=business.pk).update(size_class=SizeClass.BESAR)  # a raw write
    business.refresh_from_db()
    business.name = "Nama baru"
    business.save()
    business.refresh_from_db()
    assert business.size_class == SizeClass.MIKRO
    assert "size_class" not in {f.name for f in Business._meta.fields if f.editable}
