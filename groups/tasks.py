"""Celery tasks for KUBs: thin wrappers that take ids and call a service; safe to run twice."""

from celery import shared_task
from django.db import transaction

from .models import BusinessGroup
from .services import group_refresh_status


@shared_task
def group_recompute_status(group_id: int) -> str | None:
    with transaction.atomic():
        group = BusinessGroup.objects.select_for_update().filter(pk=group_id).first()
        if group is None:
            return None
        return group_refresh_status(group=group).status


@shared_task
def groups_recompute_all() -> int:
    """Periodic sweep (beat): brings every KUB's status in line with its members and the size setting."""
    ids = list(BusinessGroup.objects.exclude(status=BusinessGroup.Status.DISSOLVED).values_list("pk", flat=True))
    for group_id in ids:
        group_recompute_status(group_id)
    return len(ids)


def enqueue_group_recompute(group_id: int) -> None:
    """Queue a recompute once the current transaction commits (never before: the worker would not see it)."""
    transaction.on_commit(lambda: group_recompute_status.delay(group_id))
