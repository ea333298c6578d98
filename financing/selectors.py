"""Reads for loan referrals: the list a bank liaison or the department works from, one
referral with its history, and leadership's totals.

Every queryset starts from `scope_queryset`: a bank liaison sees the referrals sent to
their bank (never the department's drafts), staff and admins all of them. Leadership
reads only totals: loan data is specific personal data (UU PDP), so no individual amount
or decision reaches them, not even as the sum of one referral.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.scoping import get_scoped_or_404, scope_queryset
from groups.selectors import group_memberships
from participants.selectors import may_see_loans

from .models import (
    Bank,
    DocumentKind,
    JointLiability,
    KurProgramme,
    LoanReferral,
    LoanReferralEvent,
    ReferralDocument,
    ReferralStatus,
)
from .services import BANK_STEPS

# The pipeline's order, for sorting by status.
_STATUS_ORDER = Case(
    *[When(status=s, then=Value(i)) for i, s in enumerate(ReferralStatus.values)],
    output_field=IntegerField(),
)

# Sort key in the URL -> order_by; the pk keeps pages stable.
SORTS = {
    "-dibuat": ("-created_at", "-pk"),
    "dibuat": ("created_at", "pk"),
    "-diubah": ("-status_changed_at", "-pk"),
    "diubah": ("status_changed_at", "pk"),
    "status": (_STATUS_ORDER.asc(), "-created_at", "-pk"),
    "-status": (_STATUS_ORDER.desc(), "-created_at", "-pk"),
}
DEFAULT_SORT = "-dibuat"

# Steps that need nothing typed (no amount, no reason) and so may be taken for several
# referrals at once, as the admin's list actions do; disbursing pays the approved amount.
BULK_STEPS = [
    ReferralStatus.REFERRED,
    ReferralStatus.DOCUMENTS_COMPLETE,
    ReferralStatus.UNDER_REVIEW,
    ReferralStatus.DISBURSED,
    ReferralStatus.CLOSED,
]

# A sum of fewer referrals than this is not shown to leadership: it would be (nearly) one
# person's loan.
MIN_CONTRIBUTORS = 3


def may_see_referrals(user) -> bool:
    """Individual referrals: staff and admins, and a bank liaison for their bank. Leadership
    holds the view permission for the totals only."""
    return may_see_loans(user)


def may_change_referrals(user) -> bool:
    return may_see_referrals(user) and user.has_perm("financing.change_loanreferral")


def referral_steps(*, user, referral: LoanReferral) -> list[ReferralStatus]:
    """The steps `user` may record for `referral` now: the bank its own, the department every step."""
    if not may_change_referrals(user):
        return []
    steps = [ReferralStatus(s) for s in referral.allowed_next()]
    if user.role == roles.BANK_LIAISON:
        steps = [s for s in steps if s in BANK_STEPS]
    return sorted(steps, key=ReferralStatus.values.index)


def bulk_steps(*, user) -> list[ReferralStatus]:
    if not may_change_referrals(user):
        return []
    if user.role == roles.BANK_LIAISON:
        return [s for s in BULK_STEPS if s in BANK_STEPS]
    return list(BULK_STEPS)


def applicant_withheld(*, user, referral: LoanReferral) -> bool:
    """A bank liaison does not see who a cancelled referral was about: it ended because the
    person withdrew their consent to share data with a bank. The bank sees that it ended (its
    number, status and history), not the applicant, the loan's details or the documents."""
    return (
        user is not None
        and getattr(user, "role", None) == roles.BANK_LIAISON
        and referral.status == ReferralStatus.CANCELLED
    )


def status_choices(*, user) -> list[tuple[str, str]]:
    """The statuses a user's list can hold: a bank never sees drafts."""
    statuses = ReferralStatus.choices
    if user.role == roles.BANK_LIAISON:
        statuses = [(v, label) for v, label in statuses if v != ReferralStatus.DRAFT]
    return statuses


def referral_list(
    *,
    user,
    q: str = "",
    status: str = "",
    bank: Bank | None = None,
    kecamatan=None,
    sort: str = DEFAULT_SORT,
) -> QuerySet[LoanReferral]:
    """The referrals the user may see, searched by the applicant's name (a participant or a
    KUB), filtered and sorted; each row carries what the list shows, so a page costs one query."""
    qs = scope_queryset(
        user,
        LoanReferral.objects.select_related(
            "participant__kelurahan__kecamatan", "group__kecamatan", "bank", "kecamatan"
        ),
    )
    # A bank's search does not find a cancelled referral by the name it no longer shows.
    named = ~Q(status=ReferralStatus.CANCELLED) if user.role == roles.BANK_LIAISON else Q()
    for word in (q or "").split():
        qs = qs.filter((Q(participant__name__icontains=word) & named) | Q(group__name__icontains=word))
    if status:
        qs = qs.filter(status=status)
    if bank is not None:
        qs = qs.filter(bank=bank)
    if kecamatan is not None:
        qs = qs.filter(kecamatan=kecamatan)
    return qs.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def referral_get(*, user, pk: int) -> LoanReferral:
    """One referral the user may see, or 404."""
    return get_scoped_or_404(
        user,
        LoanReferral.objects.select_related(
            "participant__kelurahan__kecamatan",
            "group__kecamatan",
            "group__kelurahan",
            "bank",
            "created_by",
            "programme__bank",
        ),
        pk=pk,
    )


def may_make_referrals(user) -> bool:
    """The department makes referrals; a bank only records its steps."""
    return may_see_referrals(user) and user.role != roles.BANK_LIAISON and user.has_perm("financing.add_loanreferral")


def may_add_documents(user) -> bool:
    return may_make_referrals(user) and user.has_perm("financing.add_referraldocument")


def programmes_for(*, user, bank: Bank | None = None) -> QuerySet[KurProgramme]:
    """Active programmes: the KUR schemes every KUR bank offers, and the bank's own."""
    qs = scope_queryset(user, KurProgramme.objects.filter(active=True).select_related("bank"))
    if bank is not None:
        qs = qs.filter(Q(bank__isnull=True) | Q(bank=bank))
    return qs.order_by("bank__short_name", "loan_min", "name")


# --- the board ------------------------------------------------------------------------

BOARD_CARDS = 30  # cards per column; the list has the rest


@dataclass
class BoardColumn:
    status: ReferralStatus
    count: int
    referrals: list

    @property
    def more(self) -> int:
        return self.count - len(self.referrals)


def referral_board(*, user) -> list[BoardColumn]:
    """The referrals the user sees, by status in the pipeline's order (a bank: no drafts)."""
    qs = referral_list(user=user, sort="-diubah")
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    columns = []
    for value, _label in status_choices(user=user):
        status = ReferralStatus(value)
        count = counts.get(value, 0)
        cards = list(qs.filter(status=value)[:BOARD_CARDS]) if count else []
        columns.append(BoardColumn(status=status, count=count, referrals=cards))
    return columns


# --- documents ------------------------------------------------------------------------


@dataclass
class ChecklistItem:
    kind: DocumentKind
    required: bool  # False: asked for only when it applies (`kind.condition`), or an extra
    document: ReferralDocument | None = None
    earlier: int = 0  # older scans of the same kind, kept for the record


def referral_documents(*, user, referral: LoanReferral) -> QuerySet[ReferralDocument]:
    return scope_queryset(
        user, ReferralDocument.objects.filter(referral=referral).select_related("kind", "uploaded_by")
    ).order_by("kind__order", "-uploaded_at", "-pk")


def document_checklist(*, user, referral: LoanReferral) -> list[ChecklistItem]:
    """The programme's documents for the amount requested (every active kind that applies when
    no programme is named), each with its newest scan; then scans of other kinds."""
    amount = referral.amount_requested
    if referral.programme_id:
        kinds = referral.programme.required_documents(amount)
    else:
        kinds = [k for k in DocumentKind.objects.filter(active=True) if k.applies_to(amount)]
    items = {k.pk: ChecklistItem(kind=k, required=not k.condition) for k in kinds}
    for document in referral_documents(user=user, referral=referral):
        item = items.get(document.kind_id)
        if item is None:
            item = items[document.kind_id] = ChecklistItem(kind=document.kind, required=False)
        if item.document is None:
            item.document = document
        else:
            item.earlier += 1
    return list(items.values())


def checklist_missing(items: list[ChecklistItem]) -> list[ChecklistItem]:
    return [i for i in items if i.required and i.document is None]


def referral_events(*, user, referral: LoanReferral) -> list[LoanReferralEvent]:
    """The status history, oldest first, with who recorded each step."""
    return list(
        scope_queryset(user, LoanReferralEvent.objects.filter(referral=referral).select_related("by")).order_by(
            "at", "pk"
        )
    )


def referral_group_members(*, referral: LoanReferral) -> list:
    """The active members of the KUB a referral is for (the KUB's page shows them the same way)."""
    if referral.group is None:
        return []
    return [m for m in group_memberships(group=referral.group) if m.left_on is None]


# --- leadership's totals ----------------------------------------------------------------

AMOUNTS = {"requested": "amount_requested", "approved": "amount_approved", "disbursed": "amount_disbursed"}
AMOUNT_LABELS = {"requested": _("Diajukan"), "approved": _("Disetujui"), "disbursed": _("Dicairkan")}


@dataclass
class TotalRow:
    key: str
    label: str
    count: int
    # Sums by amount name ("requested", ...); None when no referral has that amount.
    sums: dict = field(default_factory=dict)
    # How many referrals make up each sum.
    contributors: dict = field(default_factory=dict)
    # Amount names whose sum is withheld (too few referrals behind it).
    hidden: set = field(default_factory=set)

    def cells(self) -> list[tuple[str, object, bool]]:
        """(label, sum, hidden) per amount, in the order of AMOUNTS, for the template."""
        return [(AMOUNT_LABELS[name], self.sums.get(name), name in self.hidden) for name in AMOUNTS]


@dataclass
class Totals:
    by_status: list[TotalRow]
    by_bank: list[TotalRow]
    total: TotalRow
    min_contributors: int = MIN_CONTRIBUTORS


def _aggregates() -> dict:
    out = {"n": Count("pk")}
    for name, column in AMOUNTS.items():
        out[f"sum_{name}"] = Sum(column)
        out[f"n_{name}"] = Count(column)  # counts the referrals that have this amount
    return out


def _row(key, label, values: dict) -> TotalRow:
    return TotalRow(
        key=str(key),
        label=str(label),
        count=values["n"],
        sums={name: values[f"sum_{name}"] for name in AMOUNTS},
        contributors={name: values[f"n_{name}"] for name in AMOUNTS},
    )


def _withhold_small_sums(rows: list[TotalRow]) -> None:
    """Withhold every sum made of fewer than MIN_CONTRIBUTORS referrals; then, while the
    withheld sums of a column together come from fewer than that, withhold the next
    smallest too. The grand total is shown (and each table adds up to it), so one withheld
    cell alone would be the difference of the others."""
    for name in AMOUNTS:
        withheld = [r for r in rows if 0 < r.contributors[name] < MIN_CONTRIBUTORS]
        behind = sum(r.contributors[name] for r in withheld)
        shown = [r for r in rows if r.contributors[name] >= MIN_CONTRIBUTORS]
        shown.sort(key=lambda r: r.contributors[name])
        while 0 < behind < MIN_CONTRIBUTORS and shown:
            row = shown.pop(0)
            withheld.append(row)
            behind += row.contributors[name]
        for row in withheld:
            row.hidden.add(name)


def referral_totals(*, user) -> Totals:
    """Counts and sums per status and per bank, aggregated in the database (two grouped
    queries and a total), with small sums withheld."""
    qs = scope_queryset(user, LoanReferral.objects.all()).order_by()
    labels = dict(ReferralStatus.choices)
    found = {r["status"]: r for r in qs.values("status").annotate(**_aggregates())}
    by_status = [_row(s, labels[s], found[s]) for s in ReferralStatus.values if s in found]
    by_bank = [
        _row(r["bank__short_name"], r["bank__short_name"], r)
        for r in qs.values("bank__short_name").annotate(**_aggregates()).order_by("bank__short_name")
    ]
    total = _row("total", "", qs.aggregate(**_aggregates()))
    for rows in (by_status, by_bank, [total]):
        _withhold_small_sums(rows)
    return Totals(by_status=by_status, by_bank=by_bank, total=total)


# --- group KUR ------------------------------------------------------------------------


@dataclass
class GroupMember:
    membership: object
    eligibility: object
    agreement: object = None  # JointLiability, once recorded


@dataclass
class GroupKur:
    ketua: object
    members: list

    @property
    def agreed(self) -> int:
        return sum(1 for m in self.members if m.agreement is not None)

    @property
    def all_agreed(self) -> bool:
        return bool(self.members) and self.agreed == len(self.members)

    @property
    def all_eligible(self) -> bool:
        return all(m.eligibility.ok for m in self.members)


def group_kur(*, user, referral: LoanReferral) -> GroupKur:
    """A KUB referral's members, each with their own check and their agreement to joint liability."""
    from . import eligibility

    agreements = {
        a.participant_id: a
        for a in scope_queryset(user, JointLiability.objects.filter(referral=referral).select_related("recorded_by"))
    }
    members = [
        GroupMember(membership=m, eligibility=result, agreement=agreements.get(m.participant_id))
        for m, result in eligibility.check_members(referral.group)
    ]
    return GroupKur(ketua=referral.ketua or eligibility.group_ketua(referral.group), members=members)
