"""The region digits of a NIK against the Kemendagri code list: an unknown province is an
error, an unknown regency or district a warning (an old NIK keeps its old code)."""

import pytest
from django.core.exceptions import ValidationError

from inventory.models import Business
from participants.models import Participant
from participants.nik import nik_region_warning, parse_nik

UNKNOWN_PROVINCE = "9974011508900001"  # 99 is no province
UNKNOWN_REGENCY = "3699011508900001"  # Banten has no 36.99
UNKNOWN_DISTRICT = "3674991508900001"  # Tangsel has no 36.74.99


def test_it_refuses_a_province_that_does_not_exist_and_names_the_code():
    with pytest.raises(ValidationError) as caught:
        parse_nik(UNKNOWN_PROVINCE)
    assert caught.value.code == "nik_province"
    assert caught.value.messages == [
        "Digit 1–2 NIK (kode provinsi) 99 tidak ada: tidak ada provinsi dengan kode itu dalam daftar wilayah "
        "Kemendagri. Periksa kembali NIK pada KTP."
    ]


@pytest.mark.parametrize("province", ["11", "36", "51", "96"])  # Aceh, Banten, Bali, Papua Barat Daya
def test_it_accepts_every_province_of_the_list(province):
    assert parse_nik(f"{province}01011508900001").region.startswith(province)


@pytest.mark.parametrize("province", ["10", "20", "37", "90", "97"])
def test_it_refuses_the_gaps_between_province_codes(province):
    with pytest.raises(ValidationError) as caught:
        parse_nik(f"{province}01011508900001")
    assert caught.value.code == "nik_province"


def test_a_nik_of_known_regions_needs_no_warning():
    assert nik_region_warning("3674011508900001") is None
    assert nik_region_warning("3174011508900001") is None  # Jakarta Selatan, Kebayoran Baru


def test_an_unknown_regency_is_a_warning_that_names_the_code_and_the_reason():
    warning = nik_region_warning(UNKNOWN_REGENCY)
    assert warning.code == "nik_region_unknown"
    message = warning.messages[0]
    assert "Digit 3–4 NIK: kode kabupaten/kota 36.99" in message
    assert "(provinsi Banten)" in message
    assert "sebelum pemekaran" in message
    assert "“NIK sudah dicocokkan dengan KTP”" in message


def test_an_unknown_district_is_a_warning_that_names_the_code_and_its_regency():
    message = nik_region_warning(UNKNOWN_DISTRICT).messages[0]
    assert "Digit 5–6 NIK: kode kecamatan 36.74.99" in message
    assert "(Kota Tangerang Selatan)" in message
    assert "sebelum pemekaran" in message


def test_the_warning_is_not_an_error_of_the_structure():
    parse_nik(UNKNOWN_REGENCY)
    parse_nik(UNKNOWN_DISTRICT)


@pytest.mark.parametrize("field", [Participant._meta.get_field("nik"), Business._meta.get_field("owner_nik")])
def test_the_shared_field_validator_refuses_an_unknown_province(field):
    with pytest.raises(ValidationError) as caught:
        field.run_validators(UNKNOWN_PROVINCE)
    assert "kode provinsi) 99" in caught.value.messages[0]
    field.run_validators(UNKNOWN_DISTRICT)  # a warning only: the field accepts it
