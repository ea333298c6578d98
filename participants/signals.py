"""A participant's real-entrepreneur status follows the rows the definition reads, whatever
writes them (see core.derived and participants.real_status).

- their memberships (joining, leaving, moving to another KUB, deleted with their KUB);
- businesses they own (the latest visit, kept on the business by inventory.signals, so a
  visit recorded, edited or deleted arrives here as a save of the business; a change of
  owner; a business deleted);
- businesses of the KUBs they are active members of (the same, and a change of KUB).
"""

from core.derived import Derived
from groups.models import Membership
from inventory.models import Business

from .models import Participant
from .real_status import participants_refresh_real_until

VISIT_FIELDS = ["last_visit_status", "last_visited_on"]


def _refresh(participants: list[Participant]) -> None:
    pks = [p.pk for p in participants]
    if participants_refresh_real_until(participant_ids=pks):
        kept = dict(Participant.objects.filter(pk__in=pks).values_list("pk", "real_until"))
        for participant in participants:
            participant.real_until = kept[participant.pk]


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
