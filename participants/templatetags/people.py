"""Showing people on the portal's pages, as the privacy registry (`core.privacy`) says for the
user who reads the page:

- `{{ p.birth_date|age }}` → "34 tahun".
- `{% personal p "nik" %}` → the field in full, masked or as an age; "" when left out.
- `{% personal_field p "birth_date" as f %}` → `f.label`, `f.text`, `f.dom_id` (None when the
  field is left out), for a row of a description list (`partials/personal_row.html`).
- `{% personal_note p "nik" "birth_date" "phone" "address" %}` → what of those the user does
  not see in full, in a sentence ("" when they see everything).
"""

import datetime as dt
from dataclasses import dataclass

from django import template
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core import privacy

register = template.Library()


@register.filter
def age(birth_date) -> str:
    return privacy.age_text(birth_date)


@dataclass(frozen=True)
class PersonalField:
    label: str
    text: str
    how: privacy.Show
    dom_id: str


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return date_format(value, "d-m-Y")
    return str(value)


def personal_field_of(user, obj, field: str) -> PersonalField | None:
    how = privacy.show(user, type(obj), field)
    if how.leaves_out:
        return None
    model_field = obj._meta.get_field(field)
    if how is privacy.Show.AGE:
        return PersonalField(capfirst(_("umur")), privacy.age_text(getattr(obj, field)), how, "age")
    value = privacy.present(user, type(obj), field, getattr(obj, field))
    return PersonalField(capfirst(model_field.verbose_name), _text(value), how, field.replace("_", "-"))


@register.simple_tag(takes_context=True)
def personal(context, obj, field: str) -> str:
    found = personal_field_of(_user(context), obj, field)
    return found.text if found else ""


@register.simple_tag(takes_context=True)
def personal_field(context, obj, field: str) -> PersonalField | None:
    return personal_field_of(_user(context), obj, field)


@register.simple_tag(takes_context=True)
def personal_note(context, obj, *fields: str) -> str:
    user = _user(context)
    parts = []
    for field in fields:
        how = privacy.show(user, type(obj), field)
        name = obj._meta.get_field(field).verbose_name
        if how is privacy.Show.MASKED:
            parts.append(_("%(field)s tersamar") % {"field": name})
        elif how is privacy.Show.AGE:
            parts.append(_("umur menggantikan %(field)s") % {"field": name})
        elif how.leaves_out:
            parts.append(_("%(field)s tidak ditampilkan") % {"field": name})
    if not parts:
        return ""
    return _("Untuk peran Anda: %(parts)s.") % {"parts": "; ".join(parts)}
