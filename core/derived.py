"""Derived fields kept right whatever writes: pages, admin, a cascade, a plain ORM call.

A derived field (a business's latest visit, a KUB's status, an enrolment's completion)
follows from other rows, its sources. `Derived(parent, refresh).follow(Source, "fk")`
connects post_save and post_delete receivers on the source model: each finds the parent
rows a change touches, locks them, and hands them to the app's refresh service in the
same transaction. Refresh services write only when a value changes, so running one
again is cheap. Apps declare theirs in `signals.py`, connected from `AppConfig.ready`.

- Covered: `create()`, `save()`, `delete()`, `QuerySet.delete()` and cascades (Django sends
  per-object signals once a receiver is connected).
- Not covered, on purpose: `bulk_create`, `QuerySet.update()`, raw SQL and fixtures
  (`raw` saves). Code that uses them computes the derived fields itself.
- A save whose `update_fields` names none of the watched fields refreshes nothing.
- A source row moved to another parent (its foreign key changed) refreshes both parents.
- A parent deleted in the same cascade as its sources is not refreshed.
- `refresh_deferred()` gathers the refreshes of a block (a roster of attendance, a KUB
  formed with ten members) and refreshes each parent once when the block ends.
- The parent instance cached on the source (`visit.business`) gets the new values too.
"""

import threading
import weakref
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.db import models, transaction
from django.db.models.signals import post_delete, post_init, post_save, pre_delete

_local = threading.local()
_UNKNOWN = object()  # a foreign key not read when the row was loaded (deferred)

Refresh = Callable[[list[models.Model]], object]


class Derived:
    """Fields of `parent` that `refresh` recomputes from the rows it follows."""

    def __init__(self, parent: type[models.Model], refresh: Refresh, *, fields: Iterable[str] = ()):
        self.parent = parent
        self.refresh = refresh
        self.fields = tuple(fields)  # copied onto cached parent instances after a refresh
        _watch_deletions(parent)

    def __repr__(self):
        return f"<Derived {self.parent._meta.label}>"

    def follow(
        self,
        source: type[models.Model],
        via: str | Callable[[models.Model], Iterable[int | None]],
        *,
        watch: Iterable[str] = (),
        through: Callable[[list[int]], Iterable[int]] | None = None,
    ) -> "Derived":
        """Refresh the parents of `source` rows when one is created or deleted, moves to another
        parent, or is saved with any of `watch` (a save without update_fields counts as saving
        all of them). Without `watch`, only a row's existence and its parent matter.

        `via` is the name of the foreign key to the parent, or a function returning the
        primary keys of the parents a row touches (parents reached through other rows; a
        move between such parents is not noticed).

        `through` lets a foreign key `via` point at another model: it maps the keys the row
        points at (now, and before a move) to the parents' keys (a business's KUB to the KUB's
        active members), so that a move is noticed.
        """
        if through is not None and not isinstance(via, str):
            raise ValueError("through= needs a foreign key name as via")
        label = f"{self.parent._meta.label}:{source._meta.label}:{via if isinstance(via, str) else id(via)}"
        watched = set()
        for name in watch:
            field = source._meta.get_field(name)
            watched |= {field.name, field.attname}
        if isinstance(via, str):
            tracker = _ForeignKeyTracker(source, source._meta.get_field(via))
            if through is None and tracker.fk.related_model is not self.parent:
                raise ValueError(f"{source._meta.label}.{via} does not point at {self.parent._meta.label}")
            post_init.connect(tracker.remember, sender=source, weak=False, dispatch_uid=f"derived:{label}:init")
            pre_delete.connect(tracker.load, sender=source, weak=False, dispatch_uid=f"derived:{label}:load")
            parents_of, cached_of = tracker.parents, tracker.cached if through is None else lambda instance: None
        else:

            def parents_of(instance, saved_fields=None):
                return list(via(instance))

            def cached_of(instance):
                return None

        def spread(pks):
            if through is None:
                return pks
            pks = [pk for pk in pks if pk is not None]
            return list(through(pks)) if pks else []

        def saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
            if raw:
                return
            saved_fields = set(update_fields) if update_fields is not None else None
            pks = parents_of(instance, saved_fields)
            if created or len(pks) > 1 or (watched and (saved_fields is None or watched & saved_fields)):
                self.touch(spread(pks), cached_of(instance))

        def deleted(sender, instance, **kwargs):
            doomed = _doomed()
            pks = [pk for pk in spread(parents_of(instance)) if (self.parent, pk) not in doomed]
            self.touch(pks, cached_of(instance))

        post_save.connect(saved, sender=source, weak=False, dispatch_uid=f"derived:{label}:save")
        post_delete.connect(deleted, sender=source, weak=False, dispatch_uid=f"derived:{label}:delete")
        _watch_deletions(source)
        return self

    def touch(self, pks: Iterable[int | None], cached: models.Model | None = None) -> None:
        """Refresh these parents now, or at the end of the enclosing refresh_deferred() block."""
        pks = {pk for pk in pks if pk is not None}
        if not pks:
            return
        pending = getattr(_local, "pending", None)
        if pending is None:
            self.run({pk: [cached] if cached is not None and cached.pk == pk else [] for pk in pks})
            return
        waiting = pending.setdefault(self, {})
        for pk in pks:
            waiting.setdefault(pk, [])
        if cached is not None and cached.pk in waiting:
            waiting[cached.pk].append(cached)

    def run(self, parents: dict[int, list[models.Model]]) -> None:
        """Lock the parents that still exist, refresh them, and update their cached copies."""
        with transaction.atomic(savepoint=False):
            fresh = list(self.parent._default_manager.select_for_update().filter(pk__in=parents).order_by("pk"))
            if fresh:
                self.refresh(fresh)
        for row in fresh:
            for copy in parents[row.pk]:
                for name in self.fields:
                    setattr(copy, name, getattr(row, name))


class _ForeignKeyTracker:
    """Which parent a source row points at now, and pointed at when it was loaded or last saved."""

    def __init__(self, source: type[models.Model], fk):
        self.source, self.fk = source, fk
        self.names = {fk.name, fk.attname}
        self.key = f"_derived_was_{fk.attname}"

    def remember(self, sender, instance, **kwargs):
        # A deferred foreign key is absent from __dict__; reading it here would cost a query.
        if self.fk.attname in instance.__dict__:
            instance.__dict__[self.key] = instance.__dict__[self.fk.attname]

    def load(self, sender, instance, **kwargs):
        # pre_delete: after the delete the row is gone, so a deferred key is read now.
        if self.fk.attname not in instance.__dict__:
            instance.refresh_from_db(fields=[self.fk.attname])
            self.remember(sender, instance)

    def parents(self, instance, saved_fields: set[str] | None = None) -> list:
        was = instance.__dict__.get(self.key, _UNKNOWN)
        if saved_fields is not None and not self.names & saved_fields:
            # The key was not written: the row stays where it was.
            if was is _UNKNOWN:
                rows = self.source._default_manager.filter(pk=instance.pk)
                was = rows.values_list(self.fk.attname, flat=True).first()
            return [was]
        if self.fk.attname not in instance.__dict__:
            instance.refresh_from_db(fields=[self.fk.attname])
        now = instance.__dict__[self.fk.attname]
        instance.__dict__[self.key] = now
        # A move from no parent (None) counts as a move too: [now, None].
        return [now] if was is _UNKNOWN or was == now else [now, was]

    def cached(self, instance):
        return self.fk.get_cached_value(instance, default=None)


@contextmanager
def refresh_deferred():
    """Refresh each touched parent once, when the outermost such block ends without an error."""
    outer = getattr(_local, "pending", None) is None
    if outer:
        _local.pending = {}
    try:
        yield
    except BaseException:
        if outer:
            _local.pending = None
        raise
    if outer:
        pending, _local.pending = _local.pending, None
        for derived, parents in pending.items():
            derived.run(parents)


def _watch_deletions(model: type[models.Model]) -> None:
    pre_delete.connect(_note_deletion, sender=model, weak=False, dispatch_uid=f"derived:doomed:{model._meta.label}")


def _note_deletion(sender, instance, origin=None, **kwargs):
    """pre_delete: remember the rows a deletion is about to remove. Every deletion that reaches
    a followed model passes here first, so a new deletion starts with a clean list."""
    current = getattr(_local, "deletion", None)
    if current is None or current[0]() is not origin:
        try:
            ref = weakref.ref(origin)
        except TypeError:  # None, or an origin that cannot be weakly referenced: a deletion of its own
            ref = object  # calling it gives a fresh object, never the origin
        current = (ref, set())
        _local.deletion = current
    current[1].add((sender, instance.pk))


def _doomed() -> set:
    current = getattr(_local, "deletion", None)
    return current[1] if current is not None else set()
