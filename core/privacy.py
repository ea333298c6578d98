"""The one declaration of what is personal data, and what a role that may not see it gets.

UU No. 27/2022 (Pelindungan Data Pribadi): NIK, phone, address and birth date are personal
data; loan data (amounts, decisions, the notes beside them) is *specific* personal data.
`REGISTRY` names every such field of every model and how it is shown to a user who may not
see it. Every display path reads it: the admin (`accounts.admin_mixins`), the portal's pages
(the `personal` template tags, `accounts/templatetags/personal.py`), the audit trail (how
changes are stored, `core.audit`, and how they read, `accounts.audit_trail`), and exports
(`columns`). `tests/test_privacy_registry.py` fails when a model has a field named like
personal data that the registry does not declare.

Who may see which kind is the user's own answer (`user.sees_personal_data`,
`user.sees_loan_data`, from the roles in `accounts.roles`): this module imports no app.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Kind(StrEnum):
    PERSONAL = "personal"  # NIK, phone, address, birth date, a home's position
    LOAN = "loan"  # specific personal data: loan amounts, decisions, the notes beside them


# The attribute of a user that says whether they may see a kind.
ACCESS = {Kind.PERSONAL: "sees_personal_data", Kind.LOAN: "sees_loan_data"}


class Show(StrEnum):
    """How a field reaches a user."""

    FULL = "full"  # as it is (the user may see it, or it is not personal)
    MASKED = "masked"  # `3674********0001`, `+6*********90`
    AGE = "age"  # an age ("34 tahun") instead of the date
    HIDDEN = "hidden"  # left out; where a place must be filled (the audit trail): "(disembunyikan)"
    ABSENT = "absent"  # left out everywhere, not even that it exists or changed

    @property
    def leaves_out(self) -> bool:
        return self in (Show.HIDDEN, Show.ABSENT)


class Stored(StrEnum):
    """How the audit trail stores the field's values (for every reader)."""

    MASKED = "masked"  # by `mask_value`, as AUDITLOG_MASK_CALLABLE
    WITHHELD = "withheld"  # no character of it: `WITHHELD` (amounts, free text that may hold them)
    KEPT = "kept"  # as it is; shown to each reader by `Show`


@dataclass(frozen=True)
class Personal:
    kind: Kind
    show: Show  # for a user who may not see `kind`
    stored: Stored


@dataclass(frozen=True)
class NotPersonal:
    """A field named like personal data that is not, and why: it reaches everyone who sees the record."""

    reason: str


NIK = Personal(Kind.PERSONAL, Show.MASKED, Stored.MASKED)
PHONE = Personal(Kind.PERSONAL, Show.MASKED, Stored.MASKED)
ADDRESS = Personal(Kind.PERSONAL, Show.HIDDEN, Stored.MASKED)
# With the kelurahan, a birth date rebuilds the masked digits of a NIK; an age does not.
BIRTH_DATE = Personal(Kind.PERSONAL, Show.AGE, Stored.KEPT)
# Where a business was visited is, for a business run from home, the owner's address.
POSITION = Personal(Kind.PERSONAL, Show.HIDDEN, Stored.MASKED)
LOAN_AMOUNT = Personal(Kind.LOAN, Show.ABSENT, Stored.WITHHELD)
LOAN_DECISION = Personal(Kind.LOAN, Show.ABSENT, Stored.KEPT)
# Free text beside a decision ("Disetujui Rp 6.500.000"): treated as the amount it may hold.
LOAN_NOTE = Personal(Kind.LOAN, Show.ABSENT, Stored.WITHHELD)

# model label -> field -> rule. Models and fields not named here are not personal data.
REGISTRY: dict[str, dict[str, Personal | NotPersonal]] = {
    "accounts.User": {"phone": PHONE},
    "participants.Participant": {"nik": NIK, "phone": PHONE, "address": ADDRESS, "birth_date": BIRTH_DATE},
    "trainings.Trainer": {"phone": PHONE},
    "trainings.Venue": {"address": NotPersonal("where a training is held: a public hall or office")},
    "inventory.Business": {"owner_nik": NIK, "phone": PHONE, "address": ADDRESS},
    "inventory.InventoryVisit": {"latitude": POSITION, "longitude": POSITION},
    "exhibitions.ExhibitionSale": {
        "amount": NotPersonal("what a KUB sold at an exhibition: the programme's results, not a person's loan")
    },
    # A visitor's phone, WhatsApp or e-mail, kept with their consent (exhibitions.BuyerLead).
    "exhibitions.BuyerLead": {"buyer_contact": PHONE},
    "financing.Bank": {"contact_phone": PHONE},
    "financing.LoanReferral": {
        "amount_requested": LOAN_AMOUNT,
        "amount_approved": LOAN_AMOUNT,
        "amount_disbursed": LOAN_AMOUNT,
        "status": LOAN_DECISION,
        "status_changed_at": LOAN_DECISION,
        "disbursed_on": LOAN_DECISION,
        "override_reason": LOAN_NOTE,
    },
    "financing.LoanReferralEvent": {"from_status": LOAN_DECISION, "to_status": LOAN_DECISION, "note": LOAN_NOTE},
}

# What the audit trail stores instead of a withheld value: no digit, no letter of it.
WITHHELD = "(disembunyikan)"
WITHHELD_LABEL = gettext_lazy("(disembunyikan)")


def _label(model) -> str:
    return model if isinstance(model, str) else model._meta.label


def rules(model) -> dict[str, Personal]:
    """The personal fields of `model` (a class or its label) and their rules."""
    return {name: rule for name, rule in REGISTRY.get(_label(model), {}).items() if isinstance(rule, Personal)}


def rule(model, field: str) -> Personal | None:
    return rules(model).get(field)


def may_see(user, kind: Kind) -> bool:
    return bool(getattr(user, ACCESS[kind], False))


def show(user, model, field: str) -> Show:
    """How `field` of `model` reaches `user`."""
    found = rule(model, field)
    if found is None or may_see(user, found.kind):
        return Show.FULL
    return found.show


def sees(user, model, field: str) -> bool:
    """Whether `field` of `model` reaches `user` as it is."""
    return show(user, model, field) is Show.FULL


def columns(user, model) -> dict[str, Show]:
    """Every concrete field of `model`, in order, with how it reaches `user`: what an export
    writes (the value, masked, an age) and which columns it leaves out (`Show.leaves_out`)."""
    return {f.name: show(user, model, f.name) for f in model._meta.concrete_fields}


def present(user, model, field: str, value):
    """`value` of `field` as `user` may see it: as it is, masked, an age, or None (left out)."""
    how = show(user, model, field)
    if how is Show.FULL:
        return value
    if how is Show.MASKED:
        return mask_value(value) if value else value
    if how is Show.AGE:
        return age_text(value)
    return None


def mask_nik(nik: str) -> str:
    """`3674012345670001` -> `3674********0001`."""
    if not nik:
        return ""
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


def mask_value(value) -> str:
    """Masks a NIK, phone or address (and is auditlog's mask for them): NIK as `mask_nik`,
    anything else keeps its first and last two characters. A value already masked, or the
    "None" auditlog writes for an empty field, comes back as it is."""
    text = str(value or "")
    if "*" in text or text == "None":
        return text
    if len(text) == 16 and text.isdigit():
        return mask_nik(text)
    if len(text) <= 4:
        return "*" * len(text)
    return text[:2] + "*" * (len(text) - 4) + text[-2:]


def mask_withheld(value) -> str:
    """Auditlog's mask for loan amounts and the notes beside them: no character of the value."""
    return WITHHELD


def age(birth_date: dt.date | None, *, on: dt.date | None = None) -> int | None:
    """Full years of age on `on` (by default today in the portal's time zone)."""
    if birth_date is None:
        return None
    on = on or timezone.localdate()
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def age_text(birth_date) -> str:
    """ "34 tahun" for a date (or its ISO text, as the audit trail stores it); "" for none."""
    if isinstance(birth_date, str):
        try:
            birth_date = dt.date.fromisoformat(birth_date[:10])
        except ValueError:
            return ""
    if isinstance(birth_date, dt.datetime):
        birth_date = birth_date.date()
    years = age(birth_date) if isinstance(birth_date, dt.date) else None
    return "" if years is None else _("%(years)d tahun") % {"years": years}
