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
