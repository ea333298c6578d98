"""A KUB's status and active member count follow its memberships, whatever writes them (see core.derived)."""

from core.derived import Derived

from .models import BusinessGroup, Membership
from .services import group_refresh_status


def _refresh(groups: list[BusinessGroup]) -> None:
    for group in groups:
        group_refresh_status(group=group)


def connect() -> None:
    Derived(BusinessGroup, _refresh, fields=["active_member_count", "status", "formed_on"]).follow(
        Membership, "group", watch=["left_on"]
    )
