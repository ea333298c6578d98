"""Cached figures that are never older than the data: a version of everything the dashboard and
outcomes figures read, bumped after each commit that writes one of their inputs.

The figures of `/` and `/laporan/capaian/` go over every participant in the user's scope:
seconds at a million. They are kept in Django's cache under a key holding this version, so
a second load reuses them and the first load after any write (a visit recorded, an
enrolment completed, a membership ended, a target set) computes them anew: a change shows
at the next load, never minutes later. The bump runs on commit, so figures computed while
a write is still uncommitted are stored under the old version, which nobody reads again.
The key also holds the day (the real-entrepreneur window moves with it) and the database's
name (two databases may share one Redis).

Writes that send no model signal (`QuerySet.update`, raw SQL) do not bump it; the portal's
services do not write the inputs that way (participants.real_status's refresh follows a
saved membership or business, which has bumped it), and a cached entry lives at most
`SECONDS` anyway.
"""

import hashlib
import time

from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

SECONDS = 10 * 60
INPUTS = [
    "participants.Participant",
    "trainings.TrainingBatch",
    "trainings.Enrollment",
    "trainings.CraftType",
    "groups.BusinessGroup",
    "groups.Membership",
    "groups.Product",
    "inventory.Business",
    "inventory.InventoryVisit",
    "exhibitions.ExhibitionEntry",
    "exhibitions.ExhibitionSale",
    "financing.LoanReferral",
    "regions.Kecamatan",
    "regions.Kelurahan",
    "regions.PopulationFigure",
    "reports.Target",
]


def _version_key() -> str:
    return f"reports:figures-version:{connection.settings_dict['NAME']}"


def _fresh_start() -> int:
    # A start above any count reached before (the key was evicted, or Redis emptied): never
    # the version of figures stored earlier.
    return time.time_ns() // 1000


def version() -> int:
    return cache.get_or_set(_version_key(), _fresh_start, None)


def _bump() -> None:
    key = _version_key()
    try:
        cache.incr(key)
    except ValueError:  # not there: a fresh start will do
        cache.set(key, _fresh_start(), None)


def bump(**kwargs) -> None:
    """Now, for the rest of this transaction and a single connection's next read, and again on
    commit: a request that computed figures from the data before the commit has stored them
    under a version that is no longer read."""
    _bump()
    transaction.on_commit(_bump)


def reset() -> None:
    """A new version, whatever was written (the tests start each test with one)."""
    cache.set(_version_key(), _fresh_start(), None)


def viewer(user) -> tuple:
    """What of a user the figures depend on: who they are and what they may see (a change of
    role, kecamatan or bank gives another key)."""
    from accounts.scoping import scope_queryset
    from regions.models import Kecamatan

    kecamatan = tuple(scope_queryset(user, Kecamatan.objects.order_by("pk")).values_list("pk", flat=True))
    return (user.pk, user.role, kecamatan, getattr(user, "bank_id", None), user.sees_loan_data)


def cached(name: str, parts, compute, *, refresh: bool = False):
    """`compute()`, or what it gave for the same `name` and `parts` (`viewer(user)`, the
    filters) since the last write of the figures' inputs, today; with `refresh`, computed
    anew whatever is kept."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:24]
    key = f"reports:figures:{connection.settings_dict['NAME']}:{name}:{digest}:{timezone.localdate()}:{version()}"
    if refresh:
        value = compute()
        cache.set(key, value, SECONDS)
        return value
    return cache.get_or_set(key, compute, SECONDS)


def connect() -> None:
    for label in INPUTS:
        model = apps.get_model(label)
        uid = f"reports.freshness.{label}"
        post_save.connect(bump, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(bump, sender=model, dispatch_uid=f"{uid}.delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(bump, sender=field.remote_field.through, dispatch_uid=f"{uid}.{field.name}")
