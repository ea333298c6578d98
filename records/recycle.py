"""The recycle bin: deleting a participant, KUB, business, training batch or referral moves it
here, with everything its deletion cascades to, instead of destroying it.

Why not a "deleted" flag: every query of the project (lists, figures, exports, the scoping
function, constraints) would have to honour it. Here the rows are deleted for real, so they
are gone from everything at once; what was deleted is kept as one `RecycledItem`:

- `recycle_move` collects what Django's deletion Collector would remove (every cascaded row,
  and the foreign keys it would set to NULL), serializes the rows (django.core.serializers
  JSON), moves their files aside into `recycle/<item>/` of the private storage (not served by
  /berkas/), and deletes — all in one transaction (the original files are removed when it
  commits).
- `recycle_restore` puts the rows back with their own primary keys (so the audit trail of
  django-auditlog, kept by object pk, is attached again), the NULLed keys back where they
  still are NULL, the files back; refused with a message when a rule would break (the NIK
  taken meanwhile, a member active in another KUB, a row it points at gone).
- `recycle_purge` destroys an item and its files; `recycle_purge_expired` (Celery beat) does so
  after `settings.RECYCLE_BIN_DAYS`; `purge_for_participant` does so for every item that holds
  a participant's rows, for a deletion request (the anonymisation of issue 13 point 2).

The payload is personal data: only admins see the bin, and it is never logged.
"""

import datetime as dt
import json
import logging

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.derived import refresh_deferred

from .models import RecycledItem

log = logging.getLogger(__name__)

RECYCLABLE = {
    "participants.Participant",
    "groups.BusinessGroup",
    "inventory.Business",
    "trainings.TrainingBatch",
    "financing.LoanReferral",
}
PARTICIPANT = "participants.Participant"
FOLDER = "recycle"


class _EveryRow(Collector):
    """A Collector that keeps every row it would delete as an instance (none fast-deleted):
    all of them are serialized before the deletion."""

    def can_fast_delete(self, *args, **kwargs):
        return False


def collect(obj: models.Model) -> _EveryRow:
    collector = _EveryRow(using=router.db_for_write(type(obj)), origin=obj)
    collector.collect([obj])
    collector.sort()
    return collector


def summary_of(collector: Collector) -> dict[str, int]:
    """Verbose name (plural) -> rows, the record itself first."""
    counts = {}
    for model, instances in reversed(list(collector.data.items())):
        if instances:
            name = str(model._meta.verbose_name_plural)
            counts[name] = counts.get(name, 0) + len(instances)
    return counts


def label_for(obj: models.Model) -> str:
    """What the bin calls a record: its kind, number and non-personal details, never a name,
    NIK or phone of a person (a business is often named after its owner)."""
    label = f"{capfirst(obj._meta.verbose_name)} #{obj.pk}"
    match obj._meta.label:
        case "participants.Participant" | "inventory.Business":
            return f"{label} · {obj.kelurahan}"
        case "groups.BusinessGroup":
            return f"{label} · {obj.name} · {obj.kecamatan}"
        case "trainings.TrainingBatch":
            return f"{label} · {obj.craft_type} · {obj.kecamatan}"
        case "financing.LoanReferral":
            return f"{label} · {obj.bank}"
    return label


def _participants_in(collector: Collector) -> list[int]:
    found = set()
    for model, instances in collector.data.items():
        links = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model._meta.label == PARTICIPANT]
        for instance in instances:
            if model._meta.label == PARTICIPANT:
                found.add(instance.pk)
            found |= {getattr(instance, f.attname) for f in links} - {None}
    return sorted(found)


def _field_updates(collector: Collector) -> list[dict]:
    """The foreign keys the deletion sets to NULL: model, field, and each row's current value."""
    out = []
    for (field, value), batches in collector.field_updates.items():
        if value is not None:  # SET(...) / SET_DEFAULT: not used by the recyclable models
            continue
        rows = []
        for batch in batches:
            if isinstance(batch, models.QuerySet):
                rows += [list(row) for row in batch.values_list("pk", field.attname)]
            else:
                rows += [[o.pk, getattr(o, field.attname)] for o in batch]
        if rows:
            out.append({"model": field.model._meta.label, "field": field.attname, "rows": rows})
    return out


def _file_fields(instance):
    return [f for f in instance._meta.concrete_fields if isinstance(f, models.FileField)]


def _move_file(storage, source: str, target: str) -> str:
    """Copy now, delete the source once the transaction commits: a move that is rolled back
    leaves the original where its row (also rolled back) expects it."""
    with storage.open(source, "rb") as handle:
        saved = storage.save(target, handle)
    transaction.on_commit(lambda: storage.delete(source))
    return saved


@transaction.atomic
def recycle_move(*, obj: models.Model, user) -> RecycledItem:
    """Delete `obj` and what cascades from it, keeping all of it in the bin."""
    if obj._meta.label not in RECYCLABLE:
        raise ValueError(f"{obj._meta.label} is not kept in the recycle bin")
    collector = collect(obj)
    now = timezone.now()
    item = RecycledItem.objects.create(
        model_label=obj._meta.label,
        object_pk=str(obj.pk),
        label=label_for(obj)[:200],
        summary=summary_of(collector),
        participant_ids=_participants_in(collector),
        deleted_by=user,
        deleted_at=now,
        purge_after=now + dt.timedelta(days=settings.RECYCLE_BIN_DAYS),
    )
    files, objects = [], []
    # A stored name shared by two rows (a product's cover and its first gallery photo) is kept
    # once, so the rows share it again when they come back.
    copied = {}
    # Insertion order: parents before the rows that point at them (the reverse of deletion).
    for model, instances in reversed(list(collector.data.items())):
        instances = sorted(instances, key=lambda o: o.pk)
        for instance in instances:
            for field in _file_fields(instance):
                name = getattr(instance, field.attname).name
                if name and (name in copied or field.storage.exists(name)):
                    if name not in copied:
                        copied[name] = _move_file(field.storage, name, f"{FOLDER}/{item.pk}/{name}")
                    kept = copied[name]
                    files.append(
                        {
                            "model": model._meta.label,
                            "pk": instance.pk,
                            "field": field.attname,
                            "name": name,
                            "kept": kept,
                        }
                    )
        objects += serializers.serialize("python", instances)
    item.payload = {
        "objects": [_jsonable(o) for o in objects],
        "field_updates": _field_updates(collector),
        "files": files,
    }
    item.save(update_fields=["payload"])
    collector.delete()  # sets obj.pk to None
    log.info("recycle: %s %s moved to the bin as item %s", item.model_label, item.object_pk, item.pk)
    return item


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (it cuts them to milliseconds), so a
    restored row equals the deleted one."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _jsonable(serialized: dict) -> dict:
    """A row of the "python" serializer as JSON-safe values (dates, decimals, UUIDs as text)."""
    return json.loads(json.dumps(serialized, cls=_ExactEncoder))


class RestoreRefused(ValidationError):
    pass


def _deserialized(item: RecycledItem) -> list:
    return list(serializers.deserialize("python", item.payload["objects"], ignorenonexistent=True))


def _check(item: RecycledItem, rows: list) -> None:
    """Every rule the rows must keep where they go back: every row they point at still there
    (or coming back with them), unique values and constraints. A user account removed
    meanwhile is no reason to refuse: "who recorded it" is left empty, as its own deletion
    would have left it."""
    coming = {(type(r.object)._meta.label, r.object.pk) for r in rows}
    user_model = get_user_model()
    problems = []
    for row in rows:
        obj = row.object
        for field in obj._meta.concrete_fields:
            if not field.is_relation:
                continue
            value = getattr(obj, field.attname)
            target = field.related_model
            if value is None or (target._meta.label, value) in coming:
                continue
            if target._base_manager.filter(**{field.target_field.attname: value}).exists():
                continue
            if field.null and target is user_model:
                setattr(obj, field.attname, None)
                continue
            problems.append(
                _(
                    "%(row)s: %(target)s #%(pk)s yang dirujuknya sudah tidak ada "
                    "(mungkin di tempat sampah; pulihkan itu dulu)."
                )
                % {"row": label_for(obj), "target": target._meta.verbose_name, "pk": value}
            )
        try:
            obj.validate_unique()
            obj.validate_constraints()
        except ValidationError as error:
            problems.append(f"{label_for(obj)}: {' '.join(error.messages)}")
    if problems:
        raise RestoreRefused([_("Tidak dapat dipulihkan:"), *dict.fromkeys(problems)])


@transaction.atomic
def recycle_restore(*, item: RecycledItem, user) -> models.Model:
    """Put the item's rows back as they were; RestoreRefused when a rule would break."""
    item = RecycledItem.objects.select_for_update().filter(pk=item.pk).first()
    if item is None:  # restored or purged by someone else meanwhile
        raise RestoreRefused(_("Data ini sudah dipulihkan atau dimusnahkan."))
    rows = _deserialized(item)
    _check(item, rows)
    files = {(f["model"], f["pk"], f["field"]): f for f in item.payload.get("files", [])}
    db = router.db_for_write(RecycledItem)
    restored, moved_back = [], {}
    for row in rows:
        obj = row.object
        model = type(obj)
        for field in _file_fields(obj):
            kept = files.get((model._meta.label, obj.pk, field.attname))
            if kept and kept["kept"] in moved_back:
                setattr(obj, field.attname, moved_back[kept["kept"]])
            elif kept and field.storage.exists(kept["kept"]):
                moved_back[kept["kept"]] = _move_file(field.storage, kept["kept"], kept["name"])
                setattr(obj, field.attname, moved_back[kept["kept"]])
        # A raw insert keeps every value as it was (created_at included, which a save would
        # set anew) and sends no signal; post_save goes out below, once all rows are back.
        fields = [f for f in model._meta.local_concrete_fields if not f.generated]
        model._base_manager.using(db)._insert([obj], fields=fields, raw=True, using=db)
        obj._state.adding, obj._state.db = False, db
        restored.append(obj)
    with refresh_deferred():
        # As a creation: the audit trail gets an entry per row, derived fields (a KUB's status,
        # a batch's completion figures) are recomputed.
        for obj in restored:
            post_save.send(sender=type(obj), instance=obj, created=True, update_fields=None, raw=False, using=db)
        # The keys the deletion set to NULL point back, where nobody has set them since; saved
        # one by one so that what derives from them (a participant's real-entrepreneur status
        # from the business they own) follows, and the audit trail says so.
        for update in item.payload.get("field_updates", []):
            model, name = apps.get_model(update["model"]), update["field"]
            values = dict(update["rows"])
            for row in model._base_manager.filter(pk__in=list(values), **{name: None}):
                setattr(row, name, values[row.pk])
                row.save(update_fields=[name])
    root = next(o for o in restored if o._meta.label == item.model_label and str(o.pk) == item.object_pk)
    pk = item.pk
    item.delete()
    log.info("recycle: item %s restored by user %s", pk, getattr(user, "pk", None))
    return root


def _delete_files(kept_files: list[dict]) -> None:
    for kept in kept_files:
        default_storage.delete(kept["kept"])


@transaction.atomic
def recycle_purge(*, item: RecycledItem, user=None) -> None:
    """Destroy the item: its rows and files are gone for good."""
    pk = item.pk
    # Read now: once the row is gone, a payload left deferred (purge_for_participant reads only
    # the ids) can no longer be loaded when the files are deleted after the commit.
    kept_files = item.payload.get("files", [])
    transaction.on_commit(lambda: _delete_files(kept_files))
    item.delete()
    log.info("recycle: item %s purged by user %s", pk, getattr(user, "pk", None))


def recycle_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Purge every item whose period in the bin has ended; how many were purged."""
    purged = 0
    for item in RecycledItem.objects.filter(purge_after__lte=now or timezone.now()):
        recycle_purge(item=item)
        purged += 1
    return purged


def purge_for_participant(participant_id: int) -> int:
    """Destroy every item of the bin holding a participant's rows or rows that point at them
    (their enrolments, referrals, a business they own…): for a deletion request, so nothing of
    them can be brought back. Call it from the anonymisation. Returns how many were purged.

    The bin is small (deleted records, for RECYCLE_BIN_DAYS), so it is read through here
    rather than indexed by participant.
    """
    purged = 0
    for item in RecycledItem.objects.only("pk", "participant_ids").iterator():
        if participant_id in item.participant_ids:
            recycle_purge(item=item)
            purged += 1
    return purged
