"""A business's latest visit follows its visits, whatever writes them (see core.derived)."""

from core.derived import Derived

from .models import Business, InventoryVisit
from .services import business_refresh_last_visit


def _refresh(businesses: list[Business]) -> None:
    for business in businesses:
        business_refresh_last_visit(business=business)


def connect() -> None:
    Derived(Business, _refresh, fields=["last_visit_status", "last_visited_on"]).follow(
        InventoryVisit, "business", watch=["visited_on", "status"]
    )
