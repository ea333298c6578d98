"""Reads for KUB pages. Every queryset goes through `scope_queryset`."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from accounts.scoping import get_scoped_or_404, scope_queryset
from participants.models import Participant
from trainings.models import Enrollment, TrainingBatch

from .models import BusinessGroup, Membership

# How many candidates the formation and add-member pages list at once; staff narrow with a name search.
CANDIDATE_LIMIT = 200
SEARCH_LIMIT = 20
RECENT_BATCHES = 10  # whose completers the add-member form suggests before any search

SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "kecamatan": ("kecamatan__code", "name", "pk"),
    "-kecamatan": ("-kecamatan__code", "name", "pk"),
    "members": ("active_member_count", "name", "pk"),
    "-members": ("-active_member_count", "name", "pk"),
    "formed": ("formed_on", "name", "pk"),
    "-formed": ("-formed_on", "name", "pk"),
    "-created": ("-created_at", "-pk"),
}
SORT_LABELS = {
    "name": _("Nama A–Z"),
    "-name": _("Nama Z–A"),
    "kecamatan": _("Kecamatan"),
    "-members": _("Anggota terbanyak"),
    "members": _("Anggota tersedikit"),
    "-formed": _("Terbaru dibentuk"),
    "formed": _("Terlama dibentuk"),
    "-created": _("Terbaru dicatat"),
}


def kub_size() -> int:
    return settings.TANGSEL_KUB_SIZE


def group_shown_status(group: BusinessGroup) -> str:
    """The status a user sees: a KUB below full size is forming whatever the stored status says."""
    if group.status == BusinessGroup.Status.DISSOLVED:
        return BusinessGroup.Status.DISSOLVED
    if group.active_member_count >= kub_size():
        return BusinessGroup.Status.ACTIVE
    return BusinessGroup.Status.FORMING


def group_list(
    *, user, q: str = "", kecamatan=None, status: str = "", craft_type=None, sort: str = "name"
) -> QuerySet[BusinessGroup]:
    qs = scope_queryset(user, BusinessGroup.objects.select_related("kecamatan", "craft_type"))
    if q:
        qs = qs.filter(name__icontains=q)
    if kecamatan is not None:
        qs = qs.filter(kecamatan=kecamatan)
    if status:
        qs = qs.filter(status=status)
    if craft_type is not None:
        qs = qs.filter(craft_type=craft_type)
    return qs.order_by(*SORTS.get(sort, SORTS["name"]))


def group_get(*, user, pk: int) -> BusinessGroup:
    """One KUB the user may see, or 404."""
    return get_scoped_or_404(
        user, BusinessGroup.objects.select_related("kecamatan", "kelurahan", "craft_type", "source_batch"), pk=pk
    )


def group_memberships(*, group: BusinessGroup) -> list[Membership]:
    """Active members first (by role), then past members, most recent leaver first."""
    rows = list(group.memberships.select_related("participant__kelurahan", "added_by"))
    order = {role: i for i, role in enumerate(Membership.Role.values)}
    active = sorted((m for m in rows if m.left_on is None), key=lambda m: (order[m.role], m.participant.name))
    past = sorted((m for m in rows if m.left_on is not None), key=lambda m: (m.left_on, m.pk), reverse=True)
    return active + past


def group_membership_get(*, group: BusinessGroup, pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("participant", "group"), group=group, pk=pk)


def _annotate_candidates(qs: QuerySet[Participant]) -> QuerySet[Participant]:
    """Whether each participant completed any training, and the KUB they are active in (if any)."""
    active = Membership.objects.filter(participant=OuterRef("pk"), left_on__isnull=True)
    return qs.select_related("kelurahan").annotate(
        trained=Exists(Enrollment.objects.filter(participant=OuterRef("pk"), completed=True)),
        active_group_id=Subquery(active.values("group_id")[:1]),
        active_group_name=Subquery(active.values("group__name")[:1]),
    )


@dataclass
class Candidates:
    rows: list[Participant]
    truncated: bool


def formation_candidates(
    *, user, batch: TrainingBatch | None = None, kecamatan=None, q: str = "", include_pks=()
) -> Candidates:
    """From a batch: everyone enrolled in it, those who completed training first (a batch is
    small). From a kecamatan: those who completed a batch held there, by name, so that the
    database can stop at the first rows of the name index however many there are.
    Participants whose pk is in `include_pks` (already picked) are always listed."""
    base = scope_queryset(user, Participant.objects.all())
    if batch is not None:
        enrolled = Enrollment.objects.filter(participant=OuterRef("pk"), batch=batch)
        order = ("-trained", "name", "pk")
    else:
        enrolled = Enrollment.objects.filter(participant=OuterRef("pk"), batch__kecamatan=kecamatan, completed=True)
        order = ("name", "pk")
    found = base.filter(Exists(enrolled))
    if q:
        found = found.filter(name__icontains=q)
    rows = list(_annotate_candidates(found).order_by(*order)[: CANDIDATE_LIMIT + 1])
    truncated = len(rows) > CANDIDATE_LIMIT
    rows = rows[:CANDIDATE_LIMIT]
    missing = set(include_pks) - {p.pk for p in rows}
    if missing:
        rows += list(_annotate_candidates(base.filter(pk__in=missing)).order_by("name", "pk"))
    return Candidates(rows, truncated)


def member_candidates(*, user, group: BusinessGroup, q: str = "", include_pk: int | None = None) -> list[Participant]:
    """For the add-member form: a name search over every participant the user may see; without a
    search, completers of the kecamatan's latest `RECENT_BATCHES` batches who are in no KUB yet
    (all the kecamatan's completers would be a scan of thousands at city scale)."""
    base = scope_queryset(user, Participant.objects.all())
    if q:
        found = base.filter(name__icontains=q)
    else:
        with_completers = Exists(Enrollment.objects.filter(batch=OuterRef("pk"), completed=True))
        recent = list(
            TrainingBatch.objects.filter(with_completers, kecamatan_id=group.kecamatan_id)
            .order_by("-end_date", "-pk")
            .values_list("pk", flat=True)[:RECENT_BATCHES]
        )
        # The few hundred people of those batches, by primary key: the planner would otherwise
        # walk the whole name index probing each participant (bench/README.md, "pages").
        trained_here = set(
            Enrollment.objects.filter(completed=True, batch__in=recent).values_list("participant_id", flat=True)
        )
        found = base.filter(pk__in=trained_here).exclude(
            Exists(Membership.objects.filter(participant=OuterRef("pk"), left_on__isnull=True))
        )
    rows = list(_annotate_candidates(found).order_by("name", "pk")[:SEARCH_LIMIT])
    if include_pk and include_pk not in {p.pk for p in rows}:
        rows += list(_annotate_candidates(base.filter(pk=include_pk)))
    return rows


def formation_batches(*, user) -> QuerySet[TrainingBatch]:
    """Batches to start a formation from: most recent first, only those with a completer."""
    completed = Enrollment.objects.filter(batch=OuterRef("pk"), completed=True)
    return (
        scope_queryset(user, TrainingBatch.objects.select_related("kecamatan"))
        .filter(Exists(completed))
        .order_by("-start_date", "pk")
    )
