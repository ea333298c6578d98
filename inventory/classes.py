"""Size class and industry class of a business, derived from its numbers (DOMAIN.md §1).

Never typed: `Business.save()` stores what these return. Amounts are rupiah.

- Size, PP 7/2021 Pasal 35: a business with a known annual turnover (an existing business)
  is classed by it — mikro ≤ Rp2 M, kecil > Rp2–15 M, menengah > Rp15–50 M, besar above;
  otherwise by its capital excluding land and buildings (what a new business declares) —
  mikro ≤ Rp1 M, kecil > Rp1–5 M, menengah > Rp5–10 M, besar above.
- Industry, Permenperin 64/2016: industri kecil ≤ 19 workers and investment < Rp1 M;
  menengah ≤ 19 workers and investment ≥ Rp1 M, or ≥ 20 workers and investment ≤ Rp15 M;
  besar ≥ 20 workers and investment > Rp15 M. Investment excludes land and buildings.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

M = Decimal(1_000_000_000)  # one miliar rupiah


class SizeClass(models.TextChoices):
    MIKRO = "mikro", _("Mikro")
    KECIL = "kecil", _("Kecil")
    MENENGAH = "menengah", _("Menengah")
    BESAR = "besar", _("Besar")


class IndustryClass(models.TextChoices):
    KECIL = "kecil", _("Industri kecil")
    MENENGAH = "menengah", _("Industri menengah")
    BESAR = "besar", _("Industri besar")


# (upper bound inclusive, class), checked in order.
TURNOVER_BANDS = [(2 * M, SizeClass.MIKRO), (15 * M, SizeClass.KECIL), (50 * M, SizeClass.MENENGAH)]
CAPITAL_BANDS = [(1 * M, SizeClass.MIKRO), (5 * M, SizeClass.KECIL), (10 * M, SizeClass.MENENGAH)]
SMALL_WORKFORCE = 19  # "tenaga kerja paling banyak 19 orang"


def size_class(*, capital, turnover) -> str:
    """'' when neither number is known."""
    if turnover is not None:
        value, bands = Decimal(turnover), TURNOVER_BANDS
    elif capital is not None:
        value, bands = Decimal(capital), CAPITAL_BANDS
    else:
        return ""
    for upper, klass in bands:
        if value <= upper:
            return klass
    return SizeClass.BESAR


def industry_class(*, workers, investment) -> str:
    """'' when the workers or the investment are not known."""
    if workers is None or investment is None:
        return ""
    investment = Decimal(investment)
    if workers <= SMALL_WORKFORCE:
        return IndustryClass.KECIL if investment < 1 * M else IndustryClass.MENENGAH
    return IndustryClass.MENENGAH if investment <= 15 * M else IndustryClass.BESAR
