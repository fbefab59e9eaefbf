"""Pagination that stays fast on a million rows."""

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """Counts at most `cap` rows: knowing a queue holds "1,000+" claims is enough to act on,
    and counting a million exactly would cost a full scan on every page view."""

    cap = 1_000

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap
