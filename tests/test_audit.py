"""Every change to a participant is in the audit trail with who made it, and the
trail never holds a full NIK (UU PDP: keep NIK out of logs)."""

import datetime as dt
import json

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from inventory.models import Business
from participants.models import Participant
from participants.services import participant_register, participant_update
from tests.factories import ParticipantFactory, kelurahan_of

pytestmark = pytest.mark.django_db

NIK = "3674011508900001"
NIK_MASKED = "3674********0001"
CORRECTED_NIK = "3674011508900002"


def entries_for(obj, action=None):
    qs = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_pk=str(obj.pk)
    ).order_by("timestamp", "pk")
    if action is not None:
        qs = qs.filter(action=action)
    return list(qs)


def everything_logged() -> str:
    """All the text the audit trail holds, to search for leaks."""
    return json.dumps(
        list(
            LogEntry.objects.values(
                "object_repr", "serialized_data", "changes_text", "changes", "additional_data", "actor_email"
            )
        ),
        default=str,
    )


@pytest.fixture
def registered(petugas_ciputat):
    return participant_register(
        user=petugas_ciputat,
        nik=NIK,
        name="Budi Santoso",
        sex="L",
        birth_date=dt.date(1990, 8, 15),
        kelurahan=kelurahan_of("Ciputat"),
        consent_given=True,
        phone="0812-3456-7890",
        address="Jl. Kenanga No. 7, Serua",
    )


def test_registering_through_the_service_is_logged_with_the_officer_and_a_masked_nik(registered, petugas_ciputat):
    [entry] = entries_for(registered, LogEntry.Action.CREATE)
    assert entry.actor == petugas_ciputat
    assert entry.object_repr == "Budi Santoso"
    assert entry.changes_dict["nik"][1] == NIK_MASKED
    assert entry.changes_dict["name"][1] == "Budi Santoso"
    assert NIK not in everything_logged()


def test_phone_and_address_are_masked_too(registered):
    [entry] = entries_for(registered, LogEntry.Action.CREATE)
    logged = everything_logged()
    assert "+6281234567890" not in logged
    assert "Kenanga" not in logged
    assert entry.changes_dict["phone"][1] != "+6281234567890"


def test_correcting_the_nik_through_the_service_logs_both_values_masked(registered, staf):
    participant_update(
        user=staf,
        participant=registered,
        nik=CORRECTED_NIK,
        name="Budi Santoso",
        sex="L",
        birth_date=dt.date(1990, 8, 15),
        kelurahan=registered.kelurahan,
        consent_given=True,
        phone="0812-3456-7890",
        address="Jl. Kenanga No. 7, Serua",
    )
    [entry] = entries_for(registered, LogEntry.Action.UPDATE)
    assert entry.actor == staf
    assert entry.changes_dict["nik"] == [NIK_MASKED, "3674********0002"]
    logged = everything_logged()
    assert NIK not in logged
    assert CORRECTED_NIK not in logged


def test_a_change_under_set_actor_is_logged_with_that_actor(staf):
    with set_actor(staf):
        participant = ParticipantFactory(nik=NIK, sex="L", birth_date=dt.date(1990, 8, 15), name="Siti")
        participant.name = "Siti Aminah"
        participant.save()

    create, update = entries_for(participant)
    assert (create.action, create.actor) == (LogEntry.Action.CREATE, staf)
    assert (update.action, update.actor) == (LogEntry.Action.UPDATE, staf)
    assert update.changes_dict["name"] == ["Siti", "Siti Aminah"]
    assert "nik" not in update.changes_dict
    assert create.changes_dict["nik"][1] == NIK_MASKED
    assert NIK not in everything_logged()


def test_deleting_a_participant_is_logged_with_the_actor_and_a_masked_nik(admin_user):
    participant = ParticipantFactory(nik=NIK, sex="L", birth_date=dt.date(1990, 8, 15), name="Ahmad")
    pk = participant.pk
    with set_actor(admin_user):
        participant.delete()

    [entry] = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Participant), object_pk=str(pk), action=LogEntry.Action.DELETE
    )
    assert entry.actor == admin_user
    assert entry.object_repr == "Ahmad"
    assert entry.changes_dict["nik"][0] == NIK_MASKED
    assert NIK not in everything_logged()


def test_a_business_owners_nik_is_masked_in_the_trail(petugas_ciputat):
    with set_actor(petugas_ciputat):
        business = Business.objects.create(
            name="Bunga Handuk Bu Rina", owner_name="Rina", owner_nik=NIK, kelurahan=kelurahan_of("Ciputat")
        )
    [entry] = entries_for(business, LogEntry.Action.CREATE)
    assert entry.actor == petugas_ciputat
    assert entry.changes_dict["owner_nik"][1] == NIK_MASKED
    assert NIK not in everything_logged()
