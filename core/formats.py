"""How the portal writes amounts of money: `Rp10.000.000`, the same on every page and in the admin.

Rupiah are written in whole rupiah with dots between thousands, whatever the interface
language: it is how the currency is written, and one amount must read the same for every user.
Templates use it as `{% load formats %}{{ value|rupiah }}` (the library is registered in
settings TEMPLATES); the admin through `rupiah_column`.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.contrib import admin

EMPTY = "—"

register = template.Library()


@register.filter(is_safe=True)
def rupiah(value) -> str:
    """`Rp10.000.000` for 10000000; "—" for no amount. Rounded to whole rupiah."""
    if value is None or value == "":
        return EMPTY
    try:
        amount = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except (ArithmeticError, TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(int(amount)):,}".replace(",", ".")


def rupiah_column(field: str, description):
    """An admin display (list column or read-only field) of the money field `field`, sortable by it.

    Use as a ModelAdmin attribute: `price_rp = rupiah_column("price", _("harga"))`, then name
    `price_rp` in list_display or readonly_fields. No amount shows as the admin's empty value.
    """

    @admin.display(description=description, ordering=field)
    def display(self, obj):
        value = getattr(obj, field)
        return None if value is None else rupiah(value)

    display.__name__ = f"{field}_rp"
    return display
