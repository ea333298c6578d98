"""A participant's real-entrepreneur status follows the rows the definition reads, whatever
writes them (see core.derived and participants.real_status).

- their memberships (joining, leaving, moving to another KUB, deleted with their KUB);
- businesses they own (the latest visit, kept on the business by inventory.signals, so a
  visit recorded, edited or deleted arrives here as a save of the business; a change of
  owner; a business deleted);
- businesses of the KUBs they are active members of (the same, and a change of KUB).

Their kept training facts (participants.training_facts) follow their enrolments (created,
deleted, moved to another batch, completion changed) and the dates of those batches.
"""

from core.derived import Derived
from groups.models import Membership
from inventory.models import Business
from trainings.models import Enrollment, TrainingBatch

from .models import Participant
from .real_status import participants_refresh_real_until
from .training_facts import FIELDS as TRAINING_FACTS
from .training_facts import participants_refresh_training_facts

VISIT_FIELDS = ["last_visit_status", "last_visited_on"]


def _refresh(participants: list[Participant]) -> None:
    pks = [p.pk for p in participants]
    if participants_refresh_real_until(participant_ids=pks):
        kept = dict(Participant.objects.filter(pk__in=pks).values_list("pk", "real_until"))
        for participant in participants:
            participant.real_until = kept[participant.pk]


def _refresh_training(participants: list[Participant]) -> None:
    pks = [p.pk for p in participants]
    if participants_refresh_training_facts(participant_ids=pks):
        kept = {row[0]: row[1:] for row in Participant.objects.filter(pk__in=pks).values_list("pk", *TRAINING_FACTS)}
        for participant in participants:
            for name, value in zip(TRAINING_FACTS, kept[participant.pk], strict=True):
                setattr(participant, name, value)


def _batch_participants(batch: TrainingBatch) -> list[int]:
    return list(Enrollment.objects.filter(batch=batch).values_list("participant", flat=True))


def _active_members(group_ids: list[int]) -> list[int]:
    return list(
        Membership.objects.filter(group__in=group_ids, left_on__isnull=True).values_list("participant", flat=True)
    )


def connect() -> None:
    (
        Derived(Participant, _refresh, fields=["real_until"])
        .follow(Membership, "participant", watch=["left_on", "group"])
        .follow(Business, "owner_participant", watch=VISIT_FIELDS)
        .follow(Business, "group", watch=VISIT_FIELDS, through=_active_members)
    )
    (
        Derived(Participant, _refresh_training, fields=TRAINING_FACTS)
        .follow(Enrollment, "participant", watch=["completed", "batch"])
        .follow(TrainingBatch, _batch_participants, watch=["start_date", "end_date"])
    )
