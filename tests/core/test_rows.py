"""core.rows: the row filters give exactly what `{% url %}` and `|date:"d-m-Y"` give."""

import datetime as dt

import pytest
from django.template import engines
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from core.rows import dmy, pk_url


def _render(source: str, **context) -> str:
    return engines["django"].from_string("{% load rows %}" + source).render(context)


@pytest.mark.parametrize(
    "name", ["participants:detail", "trainings:batch_detail", "groups:detail", "inventory:detail", "inventory:visit"]
)
@pytest.mark.parametrize("pk", [0, 7, 123456, 98765432101])
def test_pk_url_is_the_url_tag(name, pk):
    assert pk_url(pk, name) == reverse(name, args=[pk])
    assert _render("{{ pk|pk_url:name }}", pk=pk, name=name) == _render("{% url name pk %}", pk=pk, name=name)


def test_pk_url_of_something_else_than_a_key_is_reverses_own_answer():
    assert pk_url("12", "participants:detail") == reverse("participants:detail", args=["12"])
    with pytest.raises(NoReverseMatch):
        pk_url(-1, "participants:detail")
    with pytest.raises(NoReverseMatch):
        pk_url(1, "participants:no-such-page")


def test_pk_url_follows_the_script_prefix():
    from django.urls import set_script_prefix

    try:
        set_script_prefix("/tangsel/")
        assert pk_url(5, "participants:detail") == reverse("participants:detail", args=[5])
        assert pk_url(5, "participants:detail").startswith("/tangsel/")
    finally:
        set_script_prefix("/")
    assert not pk_url(5, "participants:detail").startswith("/tangsel/")


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2026, 12, 2),
        dt.date(999, 1, 9),
        dt.datetime(2026, 12, 1, 17, 30, tzinfo=dt.UTC),  # 00:30 on the 2nd in Jakarta
        dt.datetime(2026, 3, 4, 5, 6),
        None,
        "",
        "2026-12-02",
        42,
    ],
)
@pytest.mark.parametrize("language", ["id", "en"])
def test_dmy_is_the_date_filter_with_d_m_Y(value, language):
    with translation.override(language), timezone.override("Asia/Jakarta"):
        assert _render("{{ v|dmy }}", v=value) == _render('{{ v|date:"d-m-Y" }}', v=value)
    assert dmy(dt.date(2026, 12, 2)) == "02-12-2026"
