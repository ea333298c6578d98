"""Django's form renderer, with the most frequent widgets written in Python (FORM_RENDERER).

Every `<select>` Django renders goes through three templates per option (select.html, then
select_option.html and attrs.html for each option, each an `{% include %}`), every text,
number or date input through three more, and every radio button of an attendance roster
(`{{ radio.tag }}`) through four. A list page's filter form (kecamatan, kelurahan,
crafts, batches, sorting, page size) and an admin form spend milliseconds there on every
request. Here those templates are written out in Python with the same escaping and
localisation, byte for byte the same HTML (tests/core/test_forms_renderer.py compares them
with Django's own rendering); any other template, and any option with a template of its own,
goes to Django's renderer as before.
"""

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import escape
from django.utils.safestring import SafeData

# What `{{ value }}` does in a template of the forms engine (autoescape on, the active
# language's formats, the current time zone).
_CONTEXT = Context()

_OPTION = "django/forms/widgets/select_option.html"
_INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)


def _value(value) -> str:
    """`{{ value }}`"""
    return render_value_in_context(value, _CONTEXT)


def _string(value) -> str:
    """`{{ value|stringformat:'s' }}` (a safe string stays unescaped: the filter is is_safe)."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = str(value)
    except (ValueError, TypeError):  # what the filter answers to a value it cannot format
        return ""
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html"""
    out = []
    for name, value in attrs.items():
        if value is not False:
            out.append(" " + _value(name))
            if value is not True:
                out.append('="' + _string(value) + '"')
    return "".join(out)


def _select(widget: dict) -> str | None:
    """django/forms/widgets/select.html with its options; None when an option has a template of its own."""
    out = ['<select name="', _value(widget["name"]), '"', _attrs(widget["attrs"]), ">"]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append('\n  <optgroup label="' + _value(group_name) + '">')
        for option in group_choices:
            if option.get("template_name") != _OPTION:
                return None
            out.append(
                '\n  <option value="'
                + _string(option["value"])
                + '"'
                + _attrs(option["attrs"])
                + ">"
                + _value(option["label"])
                + "</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html (and the templates that only include it)."""
    value = widget["value"]
    shown = ' value="' + _string(value) + '"' if value != None else ""  # noqa: E711 (the template's test)
    return (
        '<input type="'
        + _value(widget["type"])
        + '" name="'
        + _value(widget["name"])
        + '"'
        + shown
        + _attrs(widget["attrs"])
        + ">"
    )


_INPUT_OPTIONS = frozenset(
    f"django/forms/widgets/{name}.html" for name in ("input_option", "radio_option", "checkbox_option")
)


def _input_option(widget: dict) -> str:
    """django/forms/widgets/input_option.html: one radio button or checkbox of a group, as
    `{{ radio.tag }}` (bare) or `{{ radio }}` (inside its label) render it."""
    html = _input(widget)
    if not widget.get("wrap_label"):
        return html
    dom_id = widget["attrs"].get("id")
    start = '<label for="' + _value(dom_id) + '">' if dom_id else "<label>"
    # input.html ends in a newline, kept inside the label.
    return start + html + "\n " + _value(widget["label"]) + "</label>"


class PortalFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            html = None
            if template_name == "django/forms/widgets/select.html":
                html = _select(widget)
            elif template_name in _INPUTS and "type" in widget:
                html = _input(widget)
            elif template_name in _INPUT_OPTIONS and "type" in widget:
                html = _input_option(widget)
            if html is not None:
                return html
        return super().render(template_name, context, request)
