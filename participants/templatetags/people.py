"""Template filters for showing people: `{{ p.birth_date|age }}` → "34 tahun"."""

from django import template
from django.utils.translation import gettext as _

from core import privacy

register = template.Library()


@register.filter
def age(birth_date) -> str:
    years = privacy.age(birth_date)
    return "" if years is None else _("%(years)d tahun") % {"years": years}
