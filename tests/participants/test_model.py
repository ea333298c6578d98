"""One participant per NIK, and a NIK that agrees with the birth date and sex entered."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from participants.models import Participant
from tests.factories import ParticipantFactory, kelurahan_of

pytestmark = pytest.mark.django_db


def unsaved(**fields) -> Participant:
    values = {
        "nik": "3674011508900001",
        "name": "Budi Santoso",
        "sex": "L",
        "birth_date": dt.date(1990, 8, 15),
        "kelurahan": kelurahan_of("Ciputat"),
        "consent_given": True,
    }
    values.update(fields)
    return Participant(**values)


def test_the_database_refuses_a_second_participant_with_the_same_nik():
    ParticipantFactory(nik="3674011508900001", sex="L", birth_date=dt.date(1990, 8, 15))
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(nik="3674011508900001", sex="L", birth_date=dt.date(1990, 8, 15))
    assert Participant.objects.filter(nik="3674011508900001").count() == 1


def test_full_clean_reports_a_duplicate_nik_on_the_nik_field():
    ParticipantFactory(nik="3674011508900001", sex="L", birth_date=dt.date(1990, 8, 15))
    with pytest.raises(ValidationError) as caught:
        unsaved().full_clean()
    assert set(caught.value.message_dict) == {"nik"}


def test_a_participant_whose_nik_agrees_is_clean():
    unsaved().full_clean()
    unsaved(nik="3674015508900002", sex="P").full_clean()


def test_clean_refuses_a_nik_that_disagrees_with_the_sex():
    with pytest.raises(ValidationError) as caught:
        unsaved(sex="P").full_clean()
    assert set(caught.value.message_dict) == {"sex"}
    assert caught.value.error_dict["sex"][0].code == "nik_sex"


def test_clean_refuses_a_nik_that_disagrees_with_the_birth_date():
    with pytest.raises(ValidationError) as caught:
        unsaved(birth_date=dt.date(1990, 8, 16)).full_clean()
    assert set(caught.value.message_dict) == {"birth_date"}
    assert caught.value.error_dict["birth_date"][0].code == "nik_birth_date"


def test_a_malformed_nik_is_reported_once_on_the_nik_field():
    with pytest.raises(ValidationError) as caught:
        unsaved(nik="3674013102900001").full_clean()
    assert set(caught.value.message_dict) == {"nik"}
    assert [e.code for e in caught.value.error_dict["nik"]] == ["nik_date"]


def test_its_text_form_never_shows_the_nik():
    participant = ParticipantFactory(
        name="Siti Aminah", nik="3674015508900002", sex="P", birth_date=dt.date(1990, 8, 15)
    )
    assert str(participant) == "Siti Aminah"
    assert participant.nik_masked == "3674********0002"
