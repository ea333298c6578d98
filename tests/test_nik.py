"""The NIK rules of DESIGN.md: 16 digits, region, birth date (+40 for women), serial."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.privacy import mask_nik
from participants.nik import FEMALE, MALE, check_nik_matches, parse_nik, validate_nik

MALE_NIK = "3674011508900001"  # 15-08-1990, man
FEMALE_NIK = "3674015508900002"  # 55 = 15 + 40: 15-08-1990, woman


def refusal(value: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_nik(value)
    return caught.value


def test_it_reads_a_mans_nik():
    parts = parse_nik(MALE_NIK)
    assert parts.region == "367401"
    assert (parts.day, parts.month, parts.yy) == (15, 8, 90)
    assert parts.sex == MALE
    assert parts.serial == "0001"


def test_it_reads_a_womans_nik_with_forty_added_to_the_day():
    parts = parse_nik(FEMALE_NIK)
    assert (parts.day, parts.month, parts.yy) == (15, 8, 90)
    assert parts.sex == FEMALE


def test_it_reads_the_first_and_last_day_a_woman_can_have():
    assert parse_nik("3674014101900001").day == 1
    assert parse_nik("3674017101900001").day == 31


@pytest.mark.parametrize("value", ["3674012902920001", "3674016902000001", "3674012902000001"])
def test_it_accepts_29_february_of_a_leap_year(value):
    # 1992; 2000 (a woman); and 00 also reads as 1900, which was not a leap year, but 2000 was.
    assert (parse_nik(value).day, parse_nik(value).month) == (29, 2)


def test_it_names_the_impossible_date():
    assert "(31-02)" in refusal("3674013102900001").messages[0]
    assert "29-02-91" in refusal("3674012902910001").messages[0]


def test_it_accepts_a_nik_from_outside_tangsel():
    # People who moved in keep their old NIK: Jakarta Selatan, Kota Bandung.
    assert parse_nik("3174011508900001").region == "317401"
    assert parse_nik("3273011508900001").region == "327301"


def test_it_ignores_surrounding_whitespace():
    assert parse_nik(f"  {MALE_NIK} ").serial == "0001"


def test_it_requires_a_value():
    assert refusal("").code == "required"


@pytest.mark.parametrize("value", [MALE_NIK[:15], MALE_NIK + "1"])
def test_it_refuses_a_nik_of_the_wrong_length(value):
    error = refusal(value)
    assert error.code == "nik_length"
    assert "16 digit" in error.message
    assert f"{len(value)} digit" in error.messages[0]


@pytest.mark.parametrize(
    "value",
    [
        "36740115089A0001",  # a letter
        "3674 0115 0890 0001",  # spaces inside
        "3674-0115-0890-001",  # dashes
        "367401150890000٣",  # Arabic-Indic digit three: isdigit() says yes, the NIK says no
        "３６７４０１１５０８９００００１",  # full-width digits
    ],
)
def test_it_refuses_anything_but_ascii_digits(value):
    error = refusal(value)
    assert error.code == "nik_digits"
    assert "angka 0–9" in error.message


@pytest.mark.parametrize(
    "value, code, names",
    [
        ("3674013102900001", "nik_date", "tanggal lahir yang tidak ada"),  # 31 February
        ("3674017102900001", "nik_date", "tanggal lahir yang tidak ada"),  # 31 February, woman
        ("3674013104900001", "nik_date", "tanggal lahir yang tidak ada"),  # 31 April
        ("3674012902910001", "nik_date", "bukan tahun kabisat"),  # 29 February 1991 or 2091
        ("3674016902910001", "nik_date", "bukan tahun kabisat"),  # the same, woman
        ("3674011513900001", "nik_month", "bulan lahir"),  # month 13
        ("3674011500900001", "nik_month", "bulan lahir"),  # month 00
        ("3674010008900001", "nik_day", "tanggal lahir"),  # day 00
        ("3674013508900001", "nik_day", "tanggal lahir"),  # day 35: neither a man's nor a woman's
        ("3674014008900001", "nik_day", "tanggal lahir"),  # day 40: a woman's day 0
        ("3674017208900001", "nik_day", "tanggal lahir"),  # day 72: a woman's day 32
    ],
)
def test_it_refuses_a_birth_date_that_cannot_exist(value, code, names):
    error = refusal(value)
    assert error.code == code
    assert names in error.messages[0]


def test_it_names_the_day_digits_it_refuses():
    assert "72" in refusal("3674017208900001").messages[0]


@pytest.mark.parametrize("value", ["0074011508900001", "3600011508900001", "3674001508900001"])
def test_it_refuses_a_region_part_of_zeros(value):
    error = refusal(value)
    assert error.code == "nik_region"
    assert "kode provinsi" in error.message


def test_it_refuses_serial_zero():
    error = refusal("3674011508900000")
    assert error.code == "nik_serial"
    assert "nomor urut" in error.message


def test_the_field_validator_raises_the_same_error():
    with pytest.raises(ValidationError) as caught:
        validate_nik("3674011508900000")
    assert caught.value.code == "nik_serial"


def test_a_nik_that_agrees_with_birth_date_and_sex_has_no_errors():
    assert check_nik_matches(MALE_NIK, birth_date=dt.date(1990, 8, 15), sex=MALE) == {}
    assert check_nik_matches(FEMALE_NIK, birth_date=dt.date(1990, 8, 15), sex=FEMALE) == {}


def test_it_accepts_a_birth_year_from_another_century():
    assert check_nik_matches(MALE_NIK, birth_date=dt.date(1890, 8, 15), sex=MALE) == {}


def test_it_reports_a_womans_nik_entered_as_a_man():
    errors = check_nik_matches(FEMALE_NIK, birth_date=dt.date(1990, 8, 15), sex=MALE)
    assert set(errors) == {"sex"}
    assert errors["sex"].code == "nik_sex"
    assert "perempuan" in errors["sex"].message


def test_it_reports_a_mans_nik_entered_as_a_woman():
    errors = check_nik_matches(MALE_NIK, birth_date=dt.date(1990, 8, 15), sex=FEMALE)
    assert set(errors) == {"sex"}
    assert "laki-laki" in errors["sex"].message


@pytest.mark.parametrize("birth_date", [dt.date(1990, 8, 16), dt.date(1990, 9, 15), dt.date(1991, 8, 15)])
def test_it_reports_a_birth_date_the_nik_does_not_show(birth_date):
    errors = check_nik_matches(MALE_NIK, birth_date=birth_date, sex=MALE)
    assert set(errors) == {"birth_date"}
    assert errors["birth_date"].code == "nik_birth_date"
    message = errors["birth_date"].messages[0]
    assert "Tanggal lahir tidak cocok dengan NIK" in message
    assert "15-08-..90" in message
    assert birth_date.strftime("%d-%m-%Y") in message


def test_it_reports_both_a_wrong_sex_and_a_wrong_birth_date():
    errors = check_nik_matches(FEMALE_NIK, birth_date=dt.date(1990, 8, 16), sex=MALE)
    assert set(errors) == {"sex", "birth_date"}


def test_a_structurally_wrong_nik_is_reported_on_the_nik_field():
    errors = check_nik_matches("123", birth_date=dt.date(1990, 8, 15), sex=MALE)
    assert set(errors) == {"nik"}
    assert errors["nik"].code == "nik_length"


def test_missing_birth_date_and_sex_are_not_reported_as_mismatches():
    assert check_nik_matches(MALE_NIK, birth_date=None, sex=None) == {}


def test_it_masks_all_but_the_first_four_and_last_four_digits():
    assert mask_nik("3674011508900001") == "3674********0001"
    assert mask_nik("") == ""
