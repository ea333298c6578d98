"""The warnings every page shows (the nav badge of data-subject requests due, the banner of
incidents to notify), read in one query per request.

Each is a few ids read from its own index (never a COUNT of a table), for those who see it;
when one user sees both, both lists of ids come back in one UNION ALL instead of a query
each. Nothing is cached across requests: a request or incident that falls due shows at the
next page load.
"""

from collections.abc import Callable

from django.db import connection
from django.utils import timezone

# A badge says "99" at most: reading a few ids is cheaper than a COUNT on every page, and
# keeps a list page's one COUNT its own (tests/participants/test_views_list.py).
CAP = 99
_MEMO = "_portal_badges"
_SOURCES: dict[str, Callable] = {}


def due(request) -> dict[str, int]:
    """{kind: n} for the kinds registered that this request's user sees (privacy's "rights",
    records' "incidents"); one query, once per request."""
    memo = getattr(request, _MEMO, None)
    if memo is None:
        memo = _read(request.user)
        setattr(request, _MEMO, memo)
    return memo


def register(kind: str, source: Callable) -> None:
    """`source(user, now)`: the queryset of what `kind` warns `user` about, or None when the
    user does not see that warning. Apps register theirs in AppConfig.ready."""
    _SOURCES[kind] = source


def _querysets(user) -> dict:
    now = timezone.now()
    wanted = {}
    for kind, source in _SOURCES.items():
        queryset = source(user, now)
        if queryset is not None:
            wanted[kind] = queryset
    return wanted


def _read(user) -> dict[str, int]:
    if user is None or not user.is_authenticated:
        return {}
    wanted = _querysets(user)
    if not wanted:
        return {}
    parts, params = [], []
    for kind, queryset in wanted.items():
        sql, sql_params = queryset.order_by().values("pk")[:CAP].query.sql_with_params()
        parts.append(f"SELECT %s, q.* FROM ({sql}) q")
        params += [kind, *sql_params]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    counts = dict.fromkeys(wanted, 0)
    for kind, _pk in rows:
        counts[kind] += 1
    return counts
