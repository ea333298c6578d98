"""core.formats: one way to write rupiah, for the pages and the admin alike."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.formats import kub_name, rupiah


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (10_000_000, "Rp10.000.000"),
        (Decimal("75000"), "Rp75.000"),
        (0, "Rp0"),
        (999, "Rp999"),
        (Decimal("1234.5"), "Rp1.235"),
        (-5000, "-Rp5.000"),
        ("2500000", "Rp2.500.000"),
        (None, "—"),
    ],
)
def test_it_writes_whole_rupiah_with_dots_between_thousands(value, written):
    assert rupiah(value) == written


def test_it_writes_the_same_in_english():
    with translation.override("en"):
        assert rupiah(10_000_000) == "Rp10.000.000"


def test_templates_use_the_same_helper_as_a_filter():
    html = Template("{% load formats %}{{ price|rupiah }} {{ none|rupiah }}").render(
        Context({"price": Decimal("150000"), "none": None})
    )
    assert html == "Rp150.000 —"


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("KUB Karya Ibu", "KUB Karya Ibu"),
        ("Karya Ibu", "KUB Karya Ibu"),
        ("kub melati", "kub melati"),
        ("KUB-Melati", "KUB-Melati"),
        ("Kubah Emas", "KUB Kubah Emas"),
    ],
)
def test_a_kub_is_named_with_kub_once(name, said):
    assert kub_name(name) == said


def test_the_kub_filter_escapes_the_name():
    html = Template("{% load formats %}{{ name|kub }}").render(Context({"name": "<b>Melati</b>"}))
    assert html == "KUB &lt;b&gt;Melati&lt;/b&gt;"
