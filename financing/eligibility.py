"""What the department can check before referring someone to a bank (DOMAIN.md §2); the bank
does SLIK and the rest. Each point is named in Indonesian, so a failed one says what to fix;
staff may still refer with a written reason (`services.referral_create(override_reason=...)`).

For a person: a valid NIK, a completed training, an active member of an active KUB, the
latest inventory visit found the business running, the business running for at least six
months (its first running visit that long ago), no open referral, and consent to share
their data with a bank. For a KUB: the KUB active, its business running (latest visit) for at
least six months, and no open referral for the KUB.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import BusinessGroup, Membership
from inventory.models import Business, InventoryVisit
from participants.models import Consent
from participants.nik import check_nik_matches, validate_nik
from trainings.models import Enrollment

from .models import FINISHED_STATUSES, LoanReferral, ReferralStatus

RUNNING_MONTHS = 6
# A referral still being worked on: anything but rejected, closed or cancelled.
OPEN_STATUSES = [s for s in ReferralStatus.values if s not in FINISHED_STATUSES]

LABELS = {
    "nik": _("NIK sah"),
    "trained": _("Sudah lulus pelatihan"),
    "member": _("Anggota aktif KUB yang aktif"),
    "kub_active": _("KUB berstatus aktif"),
    "ketua": _("Pengajuan melalui ketua KUB"),
    "running": _("Kunjungan terakhir: usaha berjalan"),
    "six_months": _("Usaha berjalan sedikitnya 6 bulan"),
    "no_open": _("Tidak ada rujukan lain yang masih berjalan"),
    "consent": _("Setuju datanya dibagikan ke bank"),
}


@dataclass(frozen=True)
class Point:
    code: str
    passed: bool
    detail: str = ""

    @property
    def label(self):
        return LABELS[self.code]


@dataclass(frozen=True)
class Eligibility:
    points: list[Point]

    @property
    def failed(self) -> list[Point]:
        return [p for p in self.points if not p.passed]

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """The failed points in one line, for a message or the first history entry."""
        return "; ".join(f"{p.label}: {p.detail}" if p.detail else str(p.label) for p in self.failed)


def months_ago(today: dt.date, months: int) -> dt.date:
    month = today.month - months
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for day in (today.day, 30, 29, 28):
        try:
            return today.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(today)  # pragma: no cover


def _business_points(businesses, today: dt.date) -> list[Point]:
    visits = InventoryVisit.objects.filter(business__in=businesses)
    latest = visits.order_by("-visited_on", "-pk").first()
    if latest is None:
        running = Point("running", False, str(_("belum pernah dikunjungi petugas")))
    elif latest.status != InventoryVisit.Status.RUNNING:
        running = Point(
            "running",
            False,
            str(_("kunjungan %(date)s: %(status)s"))
            % {"date": f"{latest.visited_on:%d-%m-%Y}", "status": latest.get_status_display()},
        )
    else:
        running = Point("running", True, f"{latest.visited_on:%d-%m-%Y}")
    first = visits.filter(status=InventoryVisit.Status.RUNNING).order_by("visited_on").first()
    since = months_ago(today, RUNNING_MONTHS)
    if first is None:
        six = Point("six_months", False, str(_("belum ada kunjungan yang mendapati usaha berjalan")))
    elif first.visited_on > since:
        six = Point(
            "six_months",
            False,
            str(_("pertama tercatat berjalan %(date)s, kurang dari 6 bulan"))
            % {"date": f"{first.visited_on:%d-%m-%Y}"},
        )
    else:
        six = Point("six_months", True, str(_("sejak %(date)s")) % {"date": f"{first.visited_on:%d-%m-%Y}"})
    return [running, six]


def _no_open(referrals) -> Point:
    open_ = referrals.filter(status__in=OPEN_STATUSES).order_by("pk").first()
    if open_ is None:
        return Point("no_open", True)
    return Point(
        "no_open",
        False,
        str(_("rujukan #%(pk)s masih %(status)s")) % {"pk": open_.pk, "status": open_.get_status_display()},
    )


def check_participant(participant, *, today: dt.date | None = None) -> Eligibility:
    today = today or timezone.localdate()
    points = []
    try:
        validate_nik(participant.nik)
        problems = check_nik_matches(participant.nik, birth_date=participant.birth_date, sex=participant.sex)
    except Exception as error:  # ValidationError: the structure itself is wrong
        problems = {"nik": error}
    points.append(Point("nik", not problems, "" if not problems else str(_("tidak cocok dengan data KTP"))))
    trained = Enrollment.objects.active().filter(participant=participant, completed=True).exists()
    points.append(Point("trained", trained, "" if trained else str(_("belum ada pelatihan yang diselesaikan"))))
    membership = (
        Membership.objects.filter(participant=participant, left_on__isnull=True).select_related("group").first()
    )
    if membership is None:
        points.append(Point("member", False, str(_("bukan anggota aktif KUB mana pun"))))
    elif membership.group.status != BusinessGroup.Status.ACTIVE:
        points.append(
            Point(
                "member",
                False,
                str(_("%(kub)s berstatus %(status)s"))
                % {"kub": membership.group.name, "status": membership.group.get_status_display()},
            )
        )
    else:
        points.append(Point("member", True, membership.group.name))
    own = Q(owner_participant=participant)
    if membership is not None:
        own |= Q(group=membership.group_id)
    points += _business_points(Business.objects.filter(own), today)
    points.append(_no_open(LoanReferral.objects.filter(participant=participant)))
    consented = Consent.objects.filter(
        participant=participant, purpose=Consent.Purpose.BANK_REFERRAL, withdrawn_at__isnull=True
    ).exists()
    points.append(
        Point("consent", consented, "" if consented else str(_("belum ada persetujuan tercatat, atau sudah ditarik")))
    )
    return Eligibility(points)


def check_group(group, *, today: dt.date | None = None) -> Eligibility:
    today = today or timezone.localdate()
    active = group.status == BusinessGroup.Status.ACTIVE
    points = [Point("kub_active", active, "" if active else group.get_status_display())]
    ketua = group_ketua(group)
    points.append(Point("ketua", ketua is not None, ketua.name if ketua else str(_("KUB belum punya ketua aktif"))))
    points += _business_points(Business.objects.filter(group=group), today)
    points.append(_no_open(LoanReferral.objects.filter(group=group)))
    return Eligibility(points)


def check(*, participant=None, group=None, today: dt.date | None = None) -> Eligibility:
    if participant is not None:
        return check_participant(participant, today=today)
    return check_group(group, today=today)


def group_ketua(group):
    membership = (
        Membership.objects.filter(group=group, left_on__isnull=True, role=Membership.Role.KETUA)
        .select_related("participant")
        .first()
    )
    return membership.participant if membership else None


def check_members(group, *, today: dt.date | None = None) -> list[tuple]:
    """Each active member of a KUB with their own check (group KUR: every member runs a business)."""
    memberships = (
        Membership.objects.filter(group=group, left_on__isnull=True)
        .select_related("participant")
        .order_by("participant__name", "pk")
    )
    return [(m, check_participant(m.participant, today=today)) for m in memberships]
