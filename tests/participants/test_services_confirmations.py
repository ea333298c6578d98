"""participant_register / participant_update ask before writing what may be a mistake: an
unknown regency or district code in the NIK, or a second person of the same name and birth date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from participants import services
from participants.models import Participant
from tests.factories import ParticipantFactory, kelurahan_of, make_nik

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1990, 5, 12)
# Another person born the same day (the factory's own serials could meet the one registered).
OTHER_NIK = make_nik(birth_date=BIRTH, sex="P", serial=9)


def register(user, **overrides):
    fields = {
        "nik": make_nik(birth_date=BIRTH, sex="P", serial=7),
        "name": "Siti Aminah",
        "sex": "P",
        "birth_date": BIRTH,
        "kelurahan": kelurahan_of("Ciputat"),
        "consent_given": True,
    }
    fields.update(overrides)
    return services.participant_register(user=user, **fields)


def refusal(call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_it_asks_to_confirm_a_nik_whose_district_is_unknown_and_saves_nothing(staf):
    error = refusal(register, staf, nik=make_nik(birth_date=BIRTH, sex="P", serial=7, region="367499"))
    assert isinstance(error, services.ConfirmationNeeded)
    assert set(error.error_dict) == {"nik_confirmed"}
    assert "36.74.99" in error.error_dict["nik_confirmed"][0].messages[0]
    assert not Participant.objects.exists()


def test_a_confirmed_nik_of_an_unknown_regency_is_registered(staf):
    nik = make_nik(birth_date=BIRTH, sex="P", serial=7, region="369901")
    participant = register(staf, nik=nik, nik_confirmed=True)
    assert Participant.objects.get(pk=participant.pk).nik == nik


def test_an_unknown_province_is_refused_even_when_confirmed(staf):
    error = refusal(
        register, staf, nik=make_nik(birth_date=BIRTH, sex="P", serial=7, region="997401"), nik_confirmed=True
    )
    assert not isinstance(error, services.ConfirmationNeeded)
    assert "kode provinsi) 99" in error.error_dict["nik"][0].messages[0]
    assert not Participant.objects.exists()


@pytest.mark.parametrize("name", ["Siti Aminah", "  siti   AMINAH ", "SitiAminah"])
def test_it_asks_whether_a_person_of_the_same_name_and_birth_date_is_someone_else(staf, name):
    existing = ParticipantFactory(
        nik=OTHER_NIK, name="Siti Aminah", sex="P", birth_date=BIRTH, kelurahan=kelurahan_of("Pamulang")
    )
    error = refusal(register, staf, name=name)
    assert isinstance(error, services.ConfirmationNeeded)
    assert set(error.error_dict) == {"different_person"}
    assert error.similar == [existing]
    assert Participant.objects.count() == 1


def test_a_person_confirmed_as_someone_else_is_registered(staf):
    ParticipantFactory(nik=OTHER_NIK, name="Siti Aminah", sex="P", birth_date=BIRTH)
    register(staf, different_person=True)
    assert Participant.objects.filter(name="Siti Aminah").count() == 2


def test_the_same_name_with_another_birth_date_is_not_asked_about(staf):
    next_day = BIRTH + dt.timedelta(days=1)
    ParticipantFactory(
        nik=make_nik(birth_date=next_day, sex="P", serial=9), name="Siti Aminah", sex="P", birth_date=next_day
    )
    register(staf)
    assert Participant.objects.count() == 2


def test_both_questions_come_at_once(staf):
    ParticipantFactory(nik=OTHER_NIK, name="Siti Aminah", sex="P", birth_date=BIRTH)
    error = refusal(register, staf, nik=make_nik(birth_date=BIRTH, sex="P", serial=7, region="367499"))
    assert set(error.error_dict) == {"nik_confirmed", "different_person"}


def test_a_duplicate_nik_stays_refused_whatever_is_confirmed(staf):
    existing = ParticipantFactory(nik=make_nik(birth_date=BIRTH, sex="P", serial=7), sex="P", birth_date=BIRTH)
    error = refusal(register, staf, nik_confirmed=True, different_person=True)
    assert isinstance(error, services.DuplicateNikError)
    assert error.existing == existing


def update(user, participant, **overrides):
    fields = {
        "nik": participant.nik,
        "name": participant.name,
        "sex": participant.sex,
        "birth_date": participant.birth_date,
        "kelurahan": participant.kelurahan,
        "consent_given": True,
        "phone": "",
    }
    fields.update(overrides)
    return services.participant_update(user=user, participant=participant, **fields)


def test_a_correction_does_not_ask_again_about_what_it_leaves_unchanged(staf):
    old_code = make_nik(birth_date=BIRTH, sex="P", serial=7, region="369901")
    participant = register(staf, nik=old_code, nik_confirmed=True)
    ParticipantFactory(nik=OTHER_NIK, name="Siti Aminah", sex="P", birth_date=BIRTH)  # a namesake, registered later
    update(staf, participant, phone="081234567890")
    assert Participant.objects.get(pk=participant.pk).phone == "+6281234567890"


def test_a_correction_to_a_nik_of_an_unknown_district_is_asked_about(staf):
    participant = register(staf)
    error = refusal(update, staf, participant, nik=make_nik(birth_date=BIRTH, sex="P", serial=7, region="367499"))
    assert set(error.error_dict) == {"nik_confirmed"}


def test_a_correction_that_makes_two_people_alike_is_asked_about_but_not_against_itself(staf):
    other = ParticipantFactory(nik=OTHER_NIK, name="Dewi Lestari", sex="P", birth_date=BIRTH)
    participant = register(staf)
    update(staf, participant, name="siti aminah")  # itself only
    error = refusal(update, staf, participant, name="Dewi  Lestari")
    assert error.similar == [other]
    update(staf, participant, name="Dewi Lestari", different_person=True)
    assert Participant.objects.get(pk=participant.pk).name == "Dewi Lestari"
