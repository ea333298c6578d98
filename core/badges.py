"""The warnings every page shows (the nav badge of data-subject requests due, the banner of
incidents to notify), read in one query per request.

Each is a few ids read from its own index (never a COUNT of a table), for those who see it;
when one user sees both, both lists of ids come back in one UNION ALL instead of a query
each. Nothing is cached across requests: a request or incident that falls due shows at the
next page load.
"""

import datetime as dt

from django.db import connection
from django.utils import timezone

# A badge says "99" at most (privacy.selectors.DUE_BADGE_CAP).
CAP = 99
_MEMO = "_portal_badges"


def due(request) -> dict[str, int]:
    """{"rights": n, "incidents": n} for the kinds this request's user sees (others left out);
    one query, once per request."""
    memo = getattr(request, _MEMO, None)
    if memo is None:
        memo = _read(request.user)
        setattr(request, _MEMO, memo)
    return memo


def _querysets(user) -> dict:
    from privacy.selectors import rights_due_queryset
    from records.access import may_manage_incidents
    from records.models import Incident

    now = timezone.now()
    wanted = {}
    if user.has_perm("privacy.view_rightsrequest"):
        wanted["rights"] = rights_due_queryset(user=user, now=now)
    if may_manage_incidents(user):
        # Not yet notified, and the 3×24-hour deadline less than a day away or past.
        wanted["incidents"] = Incident.objects.filter(
            notified_at__isnull=True, deadline__lte=now + dt.timedelta(hours=24)
        )
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
