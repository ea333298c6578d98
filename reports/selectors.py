"""Read-side figures for the home page and, later, the dashboard."""

from django.db.models import Count

from accounts.scoping import scope_queryset
from groups.models import BusinessGroup
from inventory.models import Business
from participants.models import Participant
from regions.models import Kecamatan
from trainings.models import TrainingBatch


def _counts(queryset, path: str) -> dict[int, int]:
    rows = queryset.order_by().values(path).annotate(n=Count("pk")).values_list(path, "n")
    return dict(rows)


def kecamatan_counts(*, user) -> list[dict]:
    """Participants, batches, active KUBs and businesses per kecamatan, in five grouped queries."""
    kecamatan = list(scope_queryset(user, Kecamatan.objects.all()))
    participants = _counts(scope_queryset(user, Participant.objects.all()), "kelurahan__kecamatan")
    batches = _counts(scope_queryset(user, TrainingBatch.objects.all()), "kecamatan")
    groups = _counts(
        scope_queryset(user, BusinessGroup.objects.filter(status=BusinessGroup.Status.ACTIVE)), "kecamatan"
    )
    businesses = _counts(scope_queryset(user, Business.objects.all()), "kelurahan__kecamatan")
    return [
        {
            "kecamatan": k,
            "participants": participants.get(k.pk, 0),
            "batches": batches.get(k.pk, 0),
            "active_groups": groups.get(k.pk, 0),
            "businesses": businesses.get(k.pk, 0),
        }
        for k in kecamatan
    ]
