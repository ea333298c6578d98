"""Pagination that costs the same at ten thousand rows and at a million.

`CappedPaginator` counts at most `cap` rows (`SELECT COUNT(*) FROM (… LIMIT cap + 1)`), so a
list of a million participants is never counted in full on every page; above the cap the
page says "lebih dari 10.000" and offers the pages up to it. Deeper rows are reached by
narrowing the search or the filters, which is what a clerk looking for someone does anyway.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap if cap is not None else settings.TANGSEL_LIST_COUNT_CAP

    @cached_property
    def _counted(self) -> int:
        # Unordered: the order only matters for the rows shown, and sorting the whole
        # capped set by name would read ten thousand rows in index order for a number.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """More rows match than were counted."""
        return self._counted > self.cap
