"""Indonesian phone numbers are stored in one form: +62 and the national number."""

import pytest
from django.core.exceptions import ValidationError

from participants.phone import normalize_phone


@pytest.mark.parametrize(
    "entered",
    [
        "0812-3456-7890",
        "081234567890",
        "6281234567890",
        "+6281234567890",
        "+62 812 3456 7890",
        "+62 (812) 3456.7890",
        "+62 0812 3456 7890",
        "81234567890",
        " 0812 3456 7890 ",
    ],
)
def test_it_stores_every_way_of_writing_a_number_as_plus_62(entered):
    assert normalize_phone(entered) == "+6281234567890"


def test_a_blank_number_stays_blank():
    assert normalize_phone("") == ""
    assert normalize_phone("   ") == ""
    assert normalize_phone(None) == ""


@pytest.mark.parametrize("entered", ["+1 212 555 0100", "+60 12 345 6789", "+44 20 7946 0958"])
def test_it_refuses_a_foreign_number(entered):
    with pytest.raises(ValidationError) as caught:
        normalize_phone(entered)
    assert caught.value.code == "phone_country"
    assert "+62" in caught.value.message


@pytest.mark.parametrize("entered", ["0812", "0812-345", "+62 812 34"])
def test_it_refuses_a_number_that_is_too_short(entered):
    with pytest.raises(ValidationError) as caught:
        normalize_phone(entered)
    assert caught.value.code == "phone_length"
    assert "terlalu pendek" in caught.value.message


def test_it_refuses_a_number_that_is_too_long():
    with pytest.raises(ValidationError) as caught:
        normalize_phone("0812 3456 7890 1234")
    assert caught.value.code == "phone_length"


@pytest.mark.parametrize("entered", ["0812-3456-789O", "0812/3456/7890", "٠٨١٢٣٤٥٦٧٨٩٠"])
def test_it_refuses_anything_but_ascii_digits(entered):
    with pytest.raises(ValidationError) as caught:
        normalize_phone(entered)
    assert caught.value.code == "phone_chars"
