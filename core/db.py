"""Bounded work: a statement timeout per kind of process (issue 9, point 3).

A web request that the web server gives up on (gunicorn kills a worker after its `timeout`)
leaves its query running in PostgreSQL unless the database cancels it itself. So every
connection a web process opens gets `statement_timeout` = `TANGSEL_WEB_STATEMENT_TIMEOUT_MS`
(below gunicorn's 30 s), and every connection of a Celery worker the longer
`TANGSEL_JOB_STATEMENT_TIMEOUT_MS`. Management commands (migrate, seed_demo, the recompute
commands) run without a limit, as before: they are started by a person who is watching.

`tangsel_portal/wsgi.py` (gunicorn, runserver) declares the web role and
`tangsel_portal/celery.py` the job role. A cancelled query raises `OperationalError` with
SQLSTATE 57014; `StatementTimeoutMiddleware` answers it with the portal's own page.

SQLite (`make run`) has no statement timeout; there the limit is not applied.
"""

from django.conf import settings
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.utils import OperationalError

WEB = "web"
JOB = "job"

_role: str | None = None

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout


def timeout_ms(role: str | None) -> int:
    """The limit for a role, in milliseconds; 0 is no limit."""
    if role == WEB:
        return settings.TANGSEL_WEB_STATEMENT_TIMEOUT_MS
    if role == JOB:
        return settings.TANGSEL_JOB_STATEMENT_TIMEOUT_MS
    return 0


def serve_as(role: str | None) -> None:
    """Declare what this process is; connections already open get the new limit at once."""
    global _role
    _role = role
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _apply(connection)


def current_role() -> str | None:
    return _role


def _apply(connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # SET, not SET LOCAL: it holds for the session, across the requests a kept connection serves.
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{timeout_ms(_role)}ms"])


def _on_connection_created(sender, connection, **kwargs):
    if _role is not None:
        _apply(connection)


connection_created.connect(_on_connection_created, dispatch_uid="core.db.statement_timeout")


def is_statement_timeout(exception: BaseException) -> bool:
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    return getattr(cause, "pgcode", None) == QUERY_CANCELED
