"""Every change to a participant is in the audit trail with who made it, and the
trail never holds a full NIK (UU PDP: keep NIK out of logs)."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType

from core import audit
from core.privacy import WITHHELD
from financing.services import referral_create, referral_transition
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


# --- loan data: absent from the trail, not partly masked --------------------------------

APPROVED = Decimal("6543210")
APPROVED_TEXTS = ("6543210", "6.543.210", "6,543,210")
NOTE = "Disetujui Rp 6.543.210 untuk 24 bulan"


@pytest.fixture
def approved(staf, bri):
    participant = ParticipantFactory(nik=NIK, sex="L", birth_date=dt.date(1990, 8, 15), name="Budi")
    referral = referral_create(
        bank=bri, purpose="Modal", amount_requested=Decimal("7654321"), user=staf, participant=participant
    )
    for step in ("referred", "documents_complete", "under_review"):
        referral = referral_transition(referral=referral, to_status=step, user=staf)
    return referral_transition(referral=referral, to_status="approved", user=staf, amount_approved=APPROVED, note=NOTE)


def test_loan_amounts_are_written_to_the_trail_without_a_single_digit(approved):
    amounts = [
        value
        for entry in entries_for(approved)
        for name, values in entry.changes_dict.items()
        if name.startswith("amount_")
        for value in values
    ]
    assert amounts and set(amounts) == {WITHHELD}
    logged = everything_logged()
    for text in (*APPROVED_TEXTS, "7654321"):
        assert text not in logged
    assert not re.search(r"\b6\*+0\b|\b7\*+1\b", logged)  # the old mask kept the first and last digits


def test_a_steps_note_is_written_to_the_trail_withheld_and_its_decision_kept(approved):
    step = approved.events.get(to_status="approved")
    [entry] = entries_for(step, LogEntry.Action.CREATE)
    assert entry.changes_dict["note"][1] == WITHHELD
    assert entry.changes_dict["to_status"][1] == "approved"
    assert "Disetujui Rp" not in everything_logged()
    assert step.note == NOTE  # the step itself keeps it, for those who may read it


def test_each_model_is_registered_with_the_masks_the_privacy_registry_gives_it():
    for model in auditlog.get_models():
        expected = audit.options(model)
        registered = auditlog.get_model_fields(model)
        assert sorted(registered["mask_fields"]) == expected["mask_fields"], model
        assert registered["mask_callable"] == expected["mask_callable"], model
        assert set(expected["exclude_fields"]) <= set(registered["exclude_fields"]), model


@pytest.mark.parametrize("with_nulls", [False, True])
def test_the_bulk_audit_entry_holds_what_auditlog_s_own_diff_would(with_nulls, staf):
    """core.audit.created_changes (the imports' bulk path) against auditlog's model_instance_diff."""
    from auditlog.diff import model_instance_diff

    participant = ParticipantFactory(nik=NIK, phone="" if with_nulls else "+6281234567890", registered_by=staf)
    business = Business.objects.create(
        name="Usaha Audit",
        kelurahan=kelurahan_of("Ciputat"),
        owner_nik="" if with_nulls else NIK,
        workers_male=None if with_nulls else 3,
        channels=[] if with_nulls else ["marketplace"],
    )
    for obj in (participant, business):
        expected = {k: list(v) for k, v in model_instance_diff(None, obj).items()}
        assert audit.created_changes(type(obj))(obj) == expected
    assert audit.created_changes(Participant)(participant)["nik"] == ["None", NIK_MASKED]
