"""How each model joins the audit trail (django-auditlog): every app registers through
`register`, so what is stored follows the privacy registry (`core.privacy.REGISTRY`).

- Personal fields stored masked (NIK, phone, address) go through `mask_value`; loan amounts
  and the notes beside them are stored as "(disembunyikan)", without a digit of them.
- Reverse relations are left out: auditlog would otherwise store the text of a related
  manager ("inventory.Business.None") for every one of them on create and delete.
"""

from auditlog.registry import auditlog

from . import privacy

MASK_CALLABLE = "core.privacy.mask_value"
WITHHOLD_CALLABLE = "core.privacy.mask_withheld"


def options(model) -> dict:
    """The auditlog registration options the privacy registry gives `model`."""
    rules = privacy.rules(model).items()
    stored = {name: rule.stored for name, rule in rules if rule.stored is not privacy.Stored.KEPT}
    # auditlog takes one mask per model; a model that withholds any field withholds every
    # field it masks (no model mixes the two today).
    withholds = privacy.Stored.WITHHELD in stored.values()
    reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
    return {
        "mask_fields": sorted(stored),
        "mask_callable": WITHHOLD_CALLABLE if withholds else MASK_CALLABLE,
        "exclude_fields": reverse,
    }


def register(model, *, exclude_fields=(), **kwargs) -> None:
    found = options(model)
    found["exclude_fields"] = sorted({*found["exclude_fields"], *exclude_fields})
    auditlog.register(model, **found, **kwargs)


def created_changes(model):
    """A function giving, for a saved instance of `model`, the `changes` auditlog's own diff
    (`auditlog.diff.model_instance_diff(None, instance)`) stores for its creation, masks
    included, computed in a fraction of the time: the field list and the masks are looked up
    once. tests/test_audit.py holds it equal to auditlog's."""
    from auditlog.diff import get_field_value, get_fields_in_model, get_mask_function
    from auditlog.registry import auditlog
    from django.conf import settings
    from django.db.models import DateTimeField, JSONField
    from django.utils.encoding import smart_str

    registered = auditlog.get_model_fields(model)
    fields = get_fields_in_model(model())
    if registered["include_fields"]:
        fields = [f for f in fields if f.name in registered["include_fields"]]
    fields = [f for f in fields if f.name not in registered["exclude_fields"]]
    mask = get_mask_function(registered.get("mask_callable"))
    plain, special = [], []
    for field in fields:
        simple = getattr(field, "concrete", False) and not isinstance(field, DateTimeField | JSONField)
        if simple and (field.many_to_one or field.one_to_one):
            simple = not settings.AUDITLOG_USE_FK_STRING_REPRESENTATION
        (plain if simple else special).append((field, field.name in registered["mask_fields"]))

    def changes(instance) -> dict:
        diff = {}
        for field, masked in plain:
            value = getattr(instance, field.attname)
            # auditlog leaves a foreign key's id unconverted and a missing text as "None".
            if value is None and not (field.many_to_one or field.one_to_one):
                continue
            text = smart_str(value)
            diff[field.name] = ["None", mask(text)] if masked else ["None", text]
        for field, masked in special:
            value = get_field_value(instance, field)
            if value == "None":
                continue
            text = smart_str(value)
            diff[field.name] = ["None", mask(text)] if masked else ["None", text]
        return diff

    return changes


def log_created_bulk(objects, *, actor, batch_size: int = 1000) -> int:
    """The audit entries `save()` would have written for rows made with `bulk_create` (which
    sends no signals): one "created" entry per row, its changes masked by the same registry,
    written with `bulk_create` too. `objects` must hold their primary keys. Returns the count."""
    from auditlog.cid import get_cid
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from django.utils.encoding import smart_str

    objects = list(objects)
    if not objects:
        return 0
    model = type(objects[0])
    content_type = ContentType.objects.get_for_model(model)
    changes = created_changes(model)
    now, cid = timezone.now(), get_cid()
    email = getattr(actor, "email", "") or None
    entries = [
        LogEntry(
            content_type=content_type,
            object_pk=str(obj.pk),
            object_id=obj.pk,
            object_repr=smart_str(obj),
            action=LogEntry.Action.CREATE,
            changes=changes(obj),
            actor=actor,
            actor_email=email,
            cid=cid,
            timestamp=now,
        )
        for obj in objects
    ]
    LogEntry.objects.bulk_create(entries, batch_size=batch_size)
    return len(entries)
