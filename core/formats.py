"""How the portal writes amounts of money (`Rp10.000.000`, the same on every page and in the
admin) and names a KUB in a sentence ("KUB Karya Ibu", with "KUB" once).

Rupiah are written in whole rupiah with dots between thousands, whatever the interface
language: it is how the currency is written, and one amount must read the same for every user.
Templates use it as `{% load formats %}{{ value|rupiah }}` (the library is registered in
settings TEMPLATES); the admin through `rupiah_column`.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import gettext as _

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
    from django.contrib import admin  # here, so that models may import this module

    @admin.display(description=description, ordering=field)
    def display(self, obj):
        value = getattr(obj, field)
        return None if value is None else rupiah(value)

    display.__name__ = f"{field}_rp"
    display.shows_field = field  # masked or left out with the field (accounts.admin_mixins)
    return display


@register.filter(name="kub")
def kub_name(name) -> str:
    """A KUB's name as a sentence says it, with "KUB" once: most names already begin with it
    ("KUB Karya Ibu"), others get it ("Karya Ibu" -> "KUB Karya Ibu"). Escaped by the template."""
    name = str(name or "").strip()
    if name[:3].upper() == "KUB" and (len(name) == 3 or not name[3].isalnum()):
        return name
    return _("KUB %(name)s") % {"name": name}
