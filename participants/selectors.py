"""Reads for participants: the list with its search, filters and sorting, and the profile.

Every queryset starts from `scope_queryset`, so a field officer sees their kecamatan and
a bank liaison the participants referred to their bank.
"""

from dataclasses import dataclass, field

from django.db import connections
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from accounts.scoping import get_scoped_or_404, scope_queryset
from core import privacy
from exhibitions.models import ExhibitionEntry
from financing.models import LoanReferral
from groups.models import BusinessGroup, Membership, Product
from inventory.models import Business
from regions.models import Kecamatan
from trainings.models import Enrollment, TrainingBatch

from .entrepreneurs import known_participant_q
from .models import Participant
from .outcomes import Outcome, participant_outcome, real_entrepreneur_q

STATUS_REGISTERED = "terdaftar"
STATUS_COMPLETED = "lulus"
STATUS_KUB = "kub"
STATUS_REAL = "usaha-nyata"
# For the dashboard's drill-downs (reports.dashboard): each is the set one figure counts.
STATUS_TRAINED = "dilatih"
STATUS_COMPLETED_REAL = "lulus-usaha-nyata"
STATUS_KNOWN = "pelaku-usaha"
STATUS_CHOICES = [
    (STATUS_REGISTERED, _("Terdaftar, belum lulus pelatihan")),
    (STATUS_TRAINED, _("Ikut pelatihan")),
    (STATUS_COMPLETED, _("Lulus pelatihan")),
    (STATUS_KUB, _("Anggota KUB aktif")),
    (STATUS_REAL, _("Pelaku usaha nyata")),
    (STATUS_COMPLETED_REAL, _("Lulus dan pelaku usaha nyata")),
    (STATUS_KNOWN, _("Menjalankan usaha (indikator 2%)")),
]

# Sort key in the URL -> order_by; the pk keeps pages stable when names repeat.
SORTS = {
    "nama": ("name", "pk"),
    "-nama": ("-name", "-pk"),
    "terdaftar": ("created_at", "pk"),
    "-terdaftar": ("-created_at", "-pk"),
    "kecamatan": ("kelurahan__kecamatan__code", "name", "pk"),
    "-kecamatan": ("-kelurahan__kecamatan__code", "name", "pk"),
}
DEFAULT_SORT = "nama"


def _completed():
    return Exists(Enrollment.objects.filter(participant=OuterRef("pk"), completed=True))


def _in_kub():
    return Exists(Membership.objects.filter(participant=OuterRef("pk"), left_on__isnull=True))


def is_nik_query(q: str) -> bool:
    return q.isascii() and q.isdigit()


def participant_list(
    *,
    user,
    q: str = "",
    kecamatan=None,
    kelurahan=None,
    craft=None,
    batch=None,
    year: int | None = None,
    status: str = "",
    sort: str = DEFAULT_SORT,
) -> QuerySet[Participant]:
    """Participants the user may see, searched, filtered and sorted; rows carry their
    kelurahan and kecamatan. The status flags of the rows shown come from
    `participant_flags`, for one page only, never for the rows an OFFSET skips."""
    qs = scope_queryset(user, Participant.objects.select_related("kelurahan__kecamatan"))
    q = (q or "").strip()
    if q:
        digits = q.replace(" ", "")
        if is_nik_query(digits):
            # A prefix search would let a role that sees only masked NIKs read a full NIK
            # digit by digit; they may only look up a NIK they already know in full.
            qs = qs.filter(nik__startswith=digits) if privacy.sees(user, Participant, "nik") else qs.filter(nik=digits)
        else:
            for word in q.split():
                qs = qs.filter(name__icontains=word)
    if kelurahan is not None:
        qs = qs.filter(kelurahan=kelurahan)
    elif kecamatan is not None:
        qs = qs.filter(kelurahan__kecamatan=kecamatan)
    # Craft, batch and year narrow one enrollment: "completed" with a craft is a completed
    # batch of that craft, as the dashboard counts it.
    enrolled = Enrollment.objects.filter(participant=OuterRef("pk"))
    if craft is not None:
        enrolled = enrolled.filter(batch__craft_type=craft)
    if batch is not None:
        enrolled = enrolled.filter(batch=batch)
    if year is not None:
        enrolled = enrolled.filter(batch__start_date__year=year)
    if status in (STATUS_COMPLETED, STATUS_COMPLETED_REAL):
        qs = qs.filter(Exists(enrolled.filter(completed=True)))
    elif status == STATUS_TRAINED or craft is not None or batch is not None or year is not None:
        qs = qs.filter(Exists(enrolled))
    if status == STATUS_REGISTERED:
        qs = qs.filter(~_completed())
    elif status == STATUS_KUB:
        qs = qs.filter(_in_kub())
    elif status in (STATUS_REAL, STATUS_COMPLETED_REAL):
        qs = qs.filter(real_entrepreneur_q())
    elif status == STATUS_KNOWN:
        qs = qs.filter(known_participant_q())
    return qs.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def sorts_matches_by_name(q: str, sort: str) -> bool:
    """Whether `matches_by_name` applies: a name search whose every word has the three
    letters a trigram needs, in a name order."""
    q = (q or "").strip()
    return (
        bool(q)
        and not is_nik_query(q.replace(" ", ""))
        and all(len(word) >= 3 for word in q.split())
        and SORTS.get(sort, SORTS[DEFAULT_SORT])[0].lstrip("-") == "name"
    )


def matches_by_name(queryset: QuerySet[Participant], sort: str) -> QuerySet[Participant]:
    """A name search's rows in the name order, as an expression no B-tree serves
    (`name || ''`: the same order), for a search that matches at most the count cap.

    With ORDER BY name LIMIT 25 PostgreSQL walks the name index and filters each row,
    betting the matches are spread evenly; a name's matches are not (one first name sits
    in one stretch of the index), so the walk read 37,609 rows for "Heru" at a million
    (150–365 ms). Ordered by an expression, it reads the 6,176 matches from the trigram
    index and sorts them (20–35 ms). A search that matches more than the cap ("ani":
    160,000) keeps the walk, which finds a page at once where sorting every match took
    530 ms; so does a first name just over the cap ("Siti": 11,830 matches, a walk of
    275,000 rows, ~400 ms under load), which this does not solve."""
    order = SORTS.get(sort, SORTS[DEFAULT_SORT])
    expression = Concat(F("name"), Value(""), output_field=CharField())
    first = expression.desc() if order[0].startswith("-") else expression.asc()
    return queryset.order_by(first, *order[1:])


# How deep the kecamatan sort is read kecamatan by kecamatan (page_by_kecamatan): the first
# 20 pages of 25; each part then reads at most ~4,000 rows of the name index at 1M.
KECAMATAN_UNION_DEPTH = 500


def page_by_kecamatan(queryset: QuerySet[Participant], sort: str, bottom: int, top: int) -> list[Participant]:
    """Rows `bottom:top` of `queryset` in a kecamatan sort, read kecamatan by kecamatan.

    One ORDER BY kecamatan code, name made PostgreSQL fetch and sort every participant of
    the first kecamatan for any page (1.7 s at a million: the name index cannot serve an
    order that starts with a joined column). Each kecamatan's first `top` by name is a walk
    of the name index that stops early (1 ms for the first page); the union of those, in
    kecamatan order, holds the page. Three short queries: the kecamatan order, the page's
    ids, their rows.

    Each part walks the name index until it has `top` rows of its kecamatan: cheap near the
    top, but a part for a deep page reads most of the index (2.2 s for `top` 10,000 at 1M).
    Deeper than `KECAMATAN_UNION_DEPTH` rows the page is read in the one ORDER BY (1.7 s at 1M,
    whatever the depth), as it is on SQLite (`make run`), which cannot limit the parts of a
    UNION."""
    if top > KECAMATAN_UNION_DEPTH or not connections[queryset.db].features.supports_slicing_ordering_in_compound:
        return list(queryset[bottom:top])  # already in the list's order (participant_list)
    if top <= bottom:
        return []
    codes = "-code" if sort.startswith("-") else "code"
    kecamatan_ids = list(Kecamatan.objects.order_by(codes).values_list("pk", flat=True))
    if not kecamatan_ids:
        return []
    base = queryset.order_by()
    branches = [
        base.filter(kelurahan__kecamatan_id=kecamatan_id)
        .annotate(kecamatan_rank=Value(rank, output_field=IntegerField()))
        .order_by("name", "pk")
        .values_list("kecamatan_rank", "name", "pk")[:top]
        for rank, kecamatan_id in enumerate(kecamatan_ids)
    ]
    combined = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    pks = [pk for _rank, _name, pk in combined.order_by("kecamatan_rank", "name", "pk")[bottom:top]]
    rows = base.in_bulk(pks)
    return [rows[pk] for pk in pks]


def participant_flags(participants: list[Participant]) -> list[Participant]:
    """Set `completed`, `in_kub` and `is_real` on the participants of one page, in one query."""
    flags = {
        row["pk"]: row
        for row in Participant.objects.filter(pk__in=[p.pk for p in participants])
        .annotate(
            completed=_completed(),
            in_kub=_in_kub(),
            is_real=ExpressionWrapper(real_entrepreneur_q(), output_field=BooleanField()),
        )
        .values("pk", "completed", "in_kub", "is_real")
        .order_by()
    }
    for participant in participants:
        row = flags[participant.pk]
        participant.completed, participant.in_kub, participant.is_real = row["completed"], row["in_kub"], row["is_real"]
    return participants


def participant_get(*, user, pk: int) -> Participant:
    """One participant the user may see, or 404."""
    return get_scoped_or_404(user, Participant.objects.select_related("kelurahan__kecamatan", "registered_by"), pk=pk)


def may_see_loans(user) -> bool:
    """Loan data is specific personal data (core.privacy, Kind.LOAN): staff and admins see it,
    a bank liaison their bank's referrals (scoping cuts the rest); leadership none of it."""
    return user.has_perm("financing.view_loanreferral") and privacy.may_see(user, privacy.Kind.LOAN)


@dataclass
class Profile:
    participant: Participant
    # None means the user may not see that part; an empty list means there is nothing.
    enrollments: list | None
    memberships: list | None
    current_membership: Membership | None
    products: list | None
    businesses: list | None
    exhibition_entries: list | None
    referrals: list | None
    referral_count: int | None
    outcome: Outcome | None
    # The batch and KUB pages (by pk) the user may open, so the profile links only those.
    # Products link to their KUB's page; exhibitions have no page of their own yet.
    batch_pages: frozenset = field(default_factory=frozenset)
    group_pages: frozenset = field(default_factory=frozenset)


def _openable(user, perm: str, queryset: QuerySet, pks: set) -> frozenset:
    """Which of `pks` the user may open a page of: the page's permission and its scope."""
    if not pks or not user.has_perm(perm):
        return frozenset()
    return frozenset(scope_queryset(user, queryset.filter(pk__in=pks)).values_list("pk", flat=True))


def participant_profile(*, user, participant: Participant) -> Profile:
    """The participant's whole journey, one query per part whatever its length."""
    p = participant

    def scoped(perm: str, queryset: QuerySet) -> list | None:
        return list(scope_queryset(user, queryset)) if user.has_perm(perm) else None

    enrollments = scoped(
        "trainings.view_enrollment",
        Enrollment.objects.filter(participant=p)
        .select_related("batch__craft_type", "batch__kecamatan")
        .order_by("-batch__start_date", "-pk"),
    )
    memberships = scoped(
        "groups.view_membership",
        Membership.objects.filter(participant=p)
        .select_related("group__kecamatan", "group__craft_type")
        .order_by(F("left_on").desc(nulls_first=True), "-joined_on", "-pk"),
    )
    current = next((m for m in memberships or [] if m.left_on is None), None)
    group_ids = {m.group_id for m in memberships or []}

    products = None
    if user.has_perm("groups.view_product"):
        products = (
            list(scope_queryset(user, Product.objects.filter(group=current.group).select_related("craft_type")))
            if current
            else []
        )
    owned = Q(owner_participant=p)
    if current:
        owned |= Q(group=current.group)
    businesses = scoped(
        "inventory.view_business",
        Business.objects.filter(owned).select_related("group", "craft_type", "kelurahan").order_by("name", "pk"),
    )
    entries = None
    if user.has_perm("exhibitions.view_exhibitionentry"):
        entries = (
            list(
                scope_queryset(
                    user,
                    ExhibitionEntry.objects.filter(group_id__in=group_ids)
                    .select_related("exhibition", "group")
                    .order_by("-exhibition__start_date", "pk"),
                )
            )
            if group_ids
            else []
        )

    referrals = referral_count = None
    referral_qs = scope_queryset(user, LoanReferral.objects.filter(participant=p))
    if may_see_loans(user):
        referrals = list(referral_qs.select_related("bank").order_by("-created_at", "-pk"))
    elif user.has_perm("financing.view_loanreferral"):
        referral_count = referral_qs.count()

    outcome = participant_outcome(p) if user.has_perm("reports.view_outcomes") else None
    shown_groups = group_ids | {b.group_id for b in businesses or [] if b.group_id}
    return Profile(
        participant=p,
        enrollments=enrollments,
        memberships=memberships,
        current_membership=current,
        products=products,
        businesses=businesses,
        exhibition_entries=entries,
        referrals=referrals,
        referral_count=referral_count,
        outcome=outcome,
        batch_pages=_openable(
            user,
            "trainings.view_trainingbatch",
            TrainingBatch.objects.all(),
            {e.batch_id for e in enrollments or []},
        ),
        group_pages=_openable(user, "groups.view_businessgroup", BusinessGroup.objects.all(), shown_groups),
    )


def participant_consents(*, user, participant: Participant) -> list | None:
    """Each purpose's latest consent (or None), for the roles that take consents; None for others."""
    from .models import Consent

    if not user.has_perm("participants.view_consent") or not user.has_perm("participants.add_consent"):
        return None
    latest = {}
    for consent in Consent.objects.filter(participant=participant).order_by("purpose", "-granted_at", "-pk"):
        latest.setdefault(consent.purpose, consent)
    return [(value, label, latest.get(value)) for value, label in Consent.Purpose.choices]
