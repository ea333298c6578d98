"""The audit trail as its readers see it: in the portal's language and local time, people and
records by name, personal data as the privacy registry (`core.privacy`) says for the reader.

django-auditlog stores what changed as text: a foreign key as its pk ("2"), a choice as its
value ("running"), a boolean as "True", a time in UTC with microseconds. `read_entries`
turns a page of log entries into what a person reads: "Kelurahan: Ciputat → Serua",
"Status: Berjalan", "ya", "05-03-2026 14:07" (Asia/Jakarta). Every page that shows the trail
(a record's *Jejak audit*, the admin's list and page of log entries) goes through it.

- Foreign keys are named with one query per related model, and only records the reader may
  open (their view permission and `scope_queryset`); any other is "(tidak tersedia)", as a
  deleted one is. People (whoever acted, registered or recorded) are always named.
- A personal field the reader may not see is masked, turned into an age, "(disembunyikan)",
  or left out with no trace that it changed (loan amounts, decisions and their notes).
  Loan amounts and the notes beside them are never shown from the trail, whoever reads it:
  entries written before they were withheld kept a first and a last digit.
"""

import datetime as dt
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.forms.utils import pretty_name
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import privacy

from .scoping import scope_queryset

ACTIONS = {
    LogEntry.Action.CREATE: gettext_lazy("dibuat"),
    LogEntry.Action.UPDATE: gettext_lazy("diubah"),
    LogEntry.Action.DELETE: gettext_lazy("dihapus"),
    LogEntry.Action.ACCESS: gettext_lazy("dibuka"),
}
EMPTY = "—"
# What auditlog writes for no value.
_NO_VALUE = {"None", ""}
# Longest free text shown from one change.
MAX_TEXT = 300
# Models whose name (`__str__`, the log entry's object_repr) holds data of a kind: a status
# step is named "Dirujuk → Disetujui", a decision.
NAMES_HOLD = {"financing.LoanReferralEvent": privacy.Kind.LOAN}


@dataclass
class Change:
    label: str
    old: str | None  # None: not shown (a record created)
    new: str | None  # None: not shown (a record deleted)


@dataclass
class Row:
    entry: LogEntry
    when: dt.datetime  # aware; templates write it "d-m-Y H:i" in the current time zone
    action: str
    actor: str
    model_name: str
    record: str
    changes: list[Change] = field(default_factory=list)

    @property
    def deleted(self) -> bool:
        return self.entry.action == LogEntry.Action.DELETE


def person_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else _("sistem")


def action_label(action: int) -> str:
    return str(ACTIONS.get(action, action))


def local_time(value: dt.datetime) -> str:
    """`05-03-2026 14:07`: the portal's time zone, to the minute."""
    return date_format(timezone.localtime(value), "d-m-Y H:i")


def record_name(reader, entry: LogEntry) -> str:
    model = entry.content_type.model_class()
    kind = NAMES_HOLD.get(model._meta.label) if model else None
    if kind is not None and not privacy.may_see(reader, kind):
        return f"{capfirst(model._meta.verbose_name)} #{entry.object_pk}"
    return entry.object_repr


def model_name(entry: LogEntry) -> str:
    model = entry.content_type.model_class()
    return capfirst(model._meta.verbose_name) if model else entry.content_type.model


def changed_labels(reader, entry: LogEntry) -> list[str]:
    """The labels of the fields an entry changed that the reader may know changed."""
    model = entry.content_type.model_class()
    if model is None:
        return []
    return [label for _name, label, _field in _fields(reader, model, entry.changes_dict or {})]


def read_entries(reader, entries) -> list[Row]:
    """Log entries (with content_type and actor joined) as `reader` may read them."""
    entries = list(entries)
    wanted: dict[type[models.Model], set] = {}
    for entry in entries:
        model = entry.content_type.model_class()
        if model is None:
            continue
        for name, _label, model_field in _fields(reader, model, entry.changes_dict or {}):
            if _is_relation(model_field) and privacy.show(reader, model, name) is privacy.Show.FULL:
                related = model_field.related_model
                for raw in entry.changes_dict[name]:
                    pk = _pk(related, raw)
                    if pk is not None:
                        wanted.setdefault(related, set()).add(pk)
    names = _names(reader, wanted)
    return [_row(reader, entry, names) for entry in entries]


def _row(reader, entry: LogEntry, names: dict) -> Row:
    model = entry.content_type.model_class()
    row = Row(
        entry=entry,
        when=entry.timestamp,
        action=action_label(entry.action),
        actor=person_name(entry.actor),
        model_name=model_name(entry),
        record=record_name(reader, entry),
    )
    if model is None:
        return row
    changes = entry.changes_dict or {}
    for name, label, model_field in _fields(reader, model, changes):
        change = changes[name]
        if isinstance(change, dict) and change.get("type") == "m2m":
            objects = ", ".join(str(o) for o in change.get("objects", []))
            verb = _("ditambah") if change.get("operation") == "add" else _("dilepas")
            row.changes.append(Change(label, None, f"{verb}: {objects}"))
            continue
        old, new = (_value(reader, model, name, model_field, raw, names) for raw in change)
        if entry.action == LogEntry.Action.CREATE:
            old = None
        elif entry.action == LogEntry.Action.DELETE:
            new = None
        row.changes.append(Change(label, old, new))
    return row


def _fields(reader, model, changes: dict):
    """(name, label, model field or None) of the changes worth reading, in the model's order."""
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())}
    out = []
    for name in sorted(changes, key=lambda n: order.get(n, len(order))):
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            out.append((name, pretty_name(name), None))
            continue
        if model_field.auto_created and not model_field.concrete:
            continue  # a reverse relation: auditlog stored "inventory.Business.None"
        if getattr(model_field, "primary_key", False):
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            continue  # the entry's own time says it
        if privacy.show(reader, model, name) is privacy.Show.ABSENT:
            continue
        out.append((name, capfirst(model_field.verbose_name), model_field))
    return out


def _value(reader, model, name: str, model_field, raw, names: dict) -> str:
    if raw is None or str(raw) in _NO_VALUE:
        return EMPTY
    raw = str(raw)
    rule = privacy.rule(model, name)
    how = privacy.show(reader, model, name)
    if (rule is not None and rule.stored is privacy.Stored.WITHHELD) or how is privacy.Show.HIDDEN:
        return str(privacy.WITHHELD_LABEL)
    if how is privacy.Show.MASKED:
        return privacy.mask_value(raw)
    if how is privacy.Show.AGE:
        return privacy.age_text(raw) or EMPTY
    if model_field is None:
        return _short(raw)
    if _is_relation(model_field):
        pk = _pk(model_field.related_model, raw)
        return names.get((model_field.related_model, pk), _("(tidak tersedia)"))
    return _formatted(model_field, raw)


def _formatted(model_field, raw: str) -> str:
    if model_field.choices:
        labels = {str(value): label for value, label in model_field.flatchoices}
        return str(labels.get(raw, raw))
    kind = model_field.get_internal_type()
    if kind in ("BooleanField", "NullBooleanField"):
        return {"True": _("ya"), "False": _("tidak")}.get(raw, raw)
    try:
        if kind == "DateTimeField":
            value = dt.datetime.fromisoformat(raw)
            if timezone.is_naive(value):
                value = value.replace(tzinfo=dt.UTC)  # auditlog stores UTC without the zone
            return local_time(value)
        if kind == "DateField":
            return date_format(dt.date.fromisoformat(raw[:10]), "d-m-Y")
        if kind == "TimeField":
            return raw[:5]
    except ValueError:
        return _short(raw)
    return _short(raw)


def _short(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def _is_relation(model_field) -> bool:
    return model_field is not None and model_field.is_relation and (model_field.many_to_one or model_field.one_to_one)


def _pk(model, raw):
    if raw is None or str(raw) in _NO_VALUE:
        return None
    try:
        return model._meta.pk.to_python(raw)
    except ValidationError:
        return None


def _names(reader, wanted: dict) -> dict:
    """{(model, pk): name} of the related records the reader may open; one query per model."""
    user_model = get_user_model()
    names = {}
    for model, pks in wanted.items():
        queryset = model._default_manager.filter(pk__in=pks)
        if model is user_model:
            names.update({(model, u.pk): person_name(u) for u in queryset})
            continue
        opts = model._meta
        if not reader.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        names.update({(model, obj.pk): str(obj) for obj in scope_queryset(reader, queryset)})
    return names
