"""The portal's form renderer writes <select> and <input> in Python: the HTML must be exactly
what Django's own templates give, for the portal's forms and for awkward values."""

import datetime as dt

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from core.forms_renderer import PortalFormRenderer

pytestmark = pytest.mark.django_db

DJANGO = DjangoTemplates()
PORTAL = PortalFormRenderer()


class Awkward(forms.Form):
    text = forms.CharField(initial="<b>\"Tom\" & 'Jerry'</b>", widget=forms.TextInput(attrs={"data-x": "<&>"}))
    safe = forms.CharField(initial=mark_safe("<i>aman</i>"), required=False)
    empty = forms.CharField(required=False)
    number = forms.IntegerField(initial=1234567, widget=forms.NumberInput(attrs={"min": 0, "step": 1}))
    decimal = forms.DecimalField(initial="1234.5")
    day = forms.DateField(initial=dt.date(2026, 12, 2), widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(initial="rahasia", widget=forms.HiddenInput)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="x")
    email = forms.EmailField(initial="a@b.id", widget=forms.EmailInput(attrs={"autofocus": True, "disabled": False}))
    choice = forms.ChoiceField(
        choices=[("", "— semua —"), ("a&b", "A & B"), (3, 3), ("lazy", gettext_lazy("Kecamatan"))],
        initial="a&b",
        widget=forms.Select(attrs={"hx-get": "/x/?a=1&b=2", "class": "form-select"}),
    )
    grouped = forms.ChoiceField(
        choices=[("Buah", [("apel", "Apel"), ("jeruk", mark_safe("<em>Jeruk</em>"))]), ("lain", "Lain <x>")],
        initial="jeruk",
    )
    many = forms.MultipleChoiceField(choices=[(1, "satu"), (2, "dua"), (3, "tiga")], initial=[1, 3])
    yesno = forms.NullBooleanField(initial=True)
    radio = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect, initial="y")
    tick = forms.BooleanField(initial=True)
    note = forms.CharField(widget=forms.Textarea, initial="baris <1>")


def _both(make) -> tuple[str, str]:
    return str(make(DJANGO)), str(make(PORTAL))


@pytest.mark.parametrize("language", ["id", "en"])
def test_awkward_values_render_exactly_as_djangos_templates(language):
    with override(language):
        ours, django = _both(lambda renderer: Awkward(renderer=renderer))
        assert ours == django
        bound = {"text": "<x>", "choice": "3", "many": ["2"], "grouped": "lain", "number": "12"}
        ours, django = _both(lambda renderer: Awkward(bound, renderer=renderer))
        assert ours == django
    assert "<select" in ours and "<optgroup" in ours and "<input" in ours


def test_the_portal_filter_and_entry_forms_render_exactly_as_djangos_templates(staf, petugas_ciputat):
    from inventory.forms import BusinessFilterForm
    from participants.forms import ParticipantFilterForm, ParticipantForm
    from trainings.forms import BatchFilterForm

    selects = 0
    for user in (staf, petugas_ciputat):
        for make in (
            lambda r, u=user: ParticipantFilterForm({"sort": "kecamatan", "per_page": "50"}, user=u, renderer=r),
            lambda r, u=user: ParticipantForm(user=u, renderer=r),
            lambda r, u=user: BusinessFilterForm({}, user=u, renderer=r),
            lambda r, u=user: BatchFilterForm({}, user=u, renderer=r),
        ):
            django, ours = _both(make)
            assert ours == django
            selects += ours.count("<select")
    assert selects >= 10


def test_the_portal_uses_it_and_it_renders_a_select_without_a_template():
    assert settings.FORM_RENDERER == "core.forms_renderer.PortalFormRenderer"
    assert isinstance(get_default_renderer(), PortalFormRenderer)

    class NoTemplates(PortalFormRenderer):
        def get_template(self, template_name):
            raise AssertionError(f"rendered through {template_name}")

    field = forms.ChoiceField(choices=[(n, f"pilihan {n}") for n in range(50)])
    html = field.widget.render("pilihan", "7", renderer=NoTemplates())
    assert html.count("<option") == 50 and '<option value="7" selected>pilihan 7</option>' in html


def test_the_admins_row_checkbox_renders_exactly_as_djangos_template():
    from django.contrib.admin import helpers
    from django.utils.html import format_html

    for value in ("17", "<&>", ""):
        # As ModelAdmin.action_checkbox makes it: a label already escaped by format_html.
        attrs = {"class": "action-select", "aria-label": format_html("Pilih {}", f"<{value}>")}
        checkbox = forms.CheckboxInput(attrs, lambda value: False)
        django = checkbox.render(helpers.ACTION_CHECKBOX_NAME, value, renderer=DJANGO)
        ours = checkbox.render(helpers.ACTION_CHECKBOX_NAME, value, renderer=PORTAL)
        assert ours == django and 'type="checkbox"' in ours and "&lt;" in ours
    unticked = forms.CheckboxInput().render("x", False, renderer=PORTAL)
    assert unticked == forms.CheckboxInput().render("x", False, renderer=DJANGO) and "checked" not in unticked


def test_radio_buttons_and_checkboxes_one_by_one_render_exactly_as_djangos_templates():
    class Choices(forms.Form):
        status = forms.ChoiceField(
            choices=[("present", "Hadir"), ("late", "Terlambat <15"), ("absent", mark_safe("<b>Absen</b>"))],
            widget=forms.RadioSelect(attrs={"class": "btn-check"}),
            initial="late",
        )
        days = forms.MultipleChoiceField(
            choices=[(1, "Senin"), (2, "Selasa")], widget=forms.CheckboxSelectMultiple, initial=[2]
        )
        bare = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect(attrs={"id": ""}), required=False)

    for name in ("status", "days", "bare"):
        ours = Choices(renderer=PORTAL, auto_id="id_%s")[name]
        django = Choices(renderer=DJANGO, auto_id="id_%s")[name]
        for mine, theirs in zip(ours, django, strict=True):
            assert mine.tag() == theirs.tag() and str(mine) == str(theirs)
        assert str(ours) == str(django)
    assert "checked" in Choices(renderer=PORTAL)["status"][1].tag()
