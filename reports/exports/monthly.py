"""The monthly program report (`?bulan=2026-11`): one workbook for the whole city — the
conversion target per kecamatan with a native Excel chart, the month's batches, KUBs,
inventory visits, exhibitions and referrals. Figures only: no person's data, no loan amount.

It reads as leadership does (`CITY`, city-wide, no personal or loan data), whoever asks or
when beat makes it; `reports.tasks.monthly_report_make` writes it on the 1st of each month.
"""

import datetime as dt
import re

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from exhibitions.models import Exhibition
from financing.models import LoanReferral
from groups.models import BusinessGroup
from inventory.models import Business, InventoryVisit
from participants.models import Participant
from regions.models import Kecamatan
from reports import kpi
from trainings.models import TrainingBatch

from . import register
from .base import DATE, INTEGER, PERCENT, RUPIAH, Chart, Column, Export, Exporter, Sheet, yes_no

KIND = "laporan-bulanan"
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class CityReader:
    """Who the report is written for: the whole city, as leadership sees it."""

    is_authenticated = True
    is_active = True
    role = roles.LEADERSHIP
    sees_personal_data = False
    sees_loan_data = False
    pk = None
    username = ""

    def has_perm(self, perm: str) -> bool:
        return True

    def get_full_name(self) -> str:
        return _("Jadwal otomatis")


CITY = CityReader()


def parse_month(text: str) -> tuple[int, int] | None:
    found = MONTH.match(text or "")
    if not found:
        return None
    year, month = int(found[1]), int(found[2])
    return (year, month) if 2000 <= year <= 2100 and 1 <= month <= 12 else None


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def month_words(year: int, month: int) -> str:
    return f"{MONTHS[month]} {year}"


def previous_month(today: dt.date | None = None) -> tuple[int, int]:
    first = (today or timezone.localdate()).replace(day=1)
    last = first - dt.timedelta(days=1)
    return last.year, last.month


def _per_kecamatan(queryset, path: str, **aggregates) -> dict[int, dict]:
    rows = queryset.order_by().values(path).annotate(**aggregates)
    return {row.pop(path): row for row in rows}


def _conversion_sheet(today: dt.date) -> Sheet:
    rows = kpi.outcomes_by_kecamatan(user=CITY, today=today)
    rows.append(kpi.outcome_sum(rows))
    target = kpi.target()
    return Sheet(
        _("Target 40%"),
        [
            Column(_("kecamatan"), lambda o: o.subject.name if o.subject else _("Kota Tangerang Selatan"), 24),
            Column(_("peserta lulus"), lambda o: o.completed, 12, INTEGER),
            Column(_("pelaku usaha nyata"), lambda o: o.real, 12, INTEGER),
            Column(_("capaian"), lambda o: o.share or 0, 10, PERCENT),
            Column(_("target"), lambda o: target, 10, PERCENT),
            Column(_("tercapai"), lambda o: yes_no(o.met), 10),
        ],
        rows,
        charts=[Chart(_("Pelaku usaha nyata per peserta lulus, terhadap target"), 1, (4, 5), percent=True)],
    )


def _batch_sheet(first: dt.date, last: dt.date) -> Sheet:
    batches = (
        TrainingBatch.objects.filter(start_date__lte=last, end_date__gte=first)
        .exclude(status=TrainingBatch.Status.CANCELLED)
        .select_related("kecamatan", "craft_type")
        .annotate(enrolled=Count("enrollments"), completed=Count("enrollments", filter=Q(enrollments__completed=True)))
        .order_by("start_date", "kecamatan__code", "pk")
    )
    return Sheet(
        _("Angkatan"),
        [
            Column(_("nama angkatan"), lambda b: b.name, 30),
            Column(_("kecamatan"), lambda b: b.kecamatan.name, 18),
            Column(_("jenis kerajinan"), lambda b: b.craft_type.name, 18),
            Column(_("tanggal mulai"), lambda b: b.start_date, 12, DATE),
            Column(_("tanggal selesai"), lambda b: b.end_date, 12, DATE),
            Column(_("peserta terdaftar"), lambda b: b.enrolled, 10, INTEGER),
            Column(_("peserta lulus"), lambda b: b.completed, 10, INTEGER),
            Column(_("status"), lambda b: b.get_status_display(), 14),
        ],
        list(batches),
    )


def _kecamatan_sheet(title, columns: list[tuple[str, dict, str]]) -> Sheet:
    """One row per kecamatan, one column per (header, counts by kecamatan pk, key)."""
    kecamatan = list(Kecamatan.objects.order_by("code"))
    cols = [Column(_("kecamatan"), lambda k: k.name, 24)]
    for header, counts, key in columns:
        cols.append(Column(header, lambda k, c=counts, n=key: c.get(k.pk, {}).get(n, 0), 14, INTEGER))
    return Sheet(title, cols, kecamatan)


def _group_sheet(first: dt.date, last: dt.date) -> Sheet:
    status = BusinessGroup.Status
    counts = _per_kecamatan(
        BusinessGroup.objects.all(),
        "kecamatan",
        forming=Count("pk", filter=Q(status=status.FORMING)),
        active=Count("pk", filter=Q(status=status.ACTIVE)),
        formed=Count("pk", filter=Q(formed_on__range=(first, last))),
    )
    return _kecamatan_sheet(
        _("KUB"),
        [
            (_("sedang dibentuk"), counts, "forming"),
            (_("aktif"), counts, "active"),
            (_("dibentuk bulan ini"), counts, "formed"),
        ],
    )


def _inventory_sheet(first: dt.date, last: dt.date) -> Sheet:
    businesses = _per_kecamatan(Business.objects.all(), "kelurahan__kecamatan", known=Count("pk"))
    running = InventoryVisit.Status.RUNNING
    visits = _per_kecamatan(
        InventoryVisit.objects.filter(visited_on__range=(first, last)),
        "business__kelurahan__kecamatan",
        visits=Count("pk"),
        running=Count("pk", filter=Q(status=running)),
    )
    participants = _per_kecamatan(
        Participant.objects.filter(created_at__date__range=(first, last)), "kelurahan__kecamatan", new=Count("pk")
    )
    return _kecamatan_sheet(
        _("Inventaris"),
        [
            (_("peserta baru terdaftar"), participants, "new"),
            (_("usaha tercatat"), businesses, "known"),
            (_("kunjungan bulan ini"), visits, "visits"),
            (_("kunjungan: usaha berjalan"), visits, "running"),
        ],
    )


def _exhibition_sheet(first: dt.date, last: dt.date) -> Sheet:
    exhibitions = (
        Exhibition.objects.filter(start_date__lte=last, end_date__gte=first)
        .annotate(
            groups=Count("entries", distinct=True),
            sold=Sum("entries__sales__quantity"),
            value=Sum("entries__sales__amount"),
        )
        .order_by("start_date", "pk")
    )
    return Sheet(
        _("Pameran"),
        [
            Column(_("nama pameran"), lambda e: e.name, 30),
            Column(_("jenis"), lambda e: e.get_kind_display(), 14),
            Column(_("tanggal mulai"), lambda e: e.start_date, 12, DATE),
            Column(_("tanggal selesai"), lambda e: e.end_date, 12, DATE),
            Column(_("KUB peserta"), lambda e: e.groups, 10, INTEGER),
            Column(_("jumlah terjual"), lambda e: e.sold or 0, 10, INTEGER),
            Column(_("nilai penjualan (Rp)"), lambda e: e.value or 0, 16, RUPIAH),
        ],
        list(exhibitions),
    )


def _referral_sheet(first: dt.date, last: dt.date) -> Sheet:
    # Counts only: an amount, even summed over few referrals, is a person's loan.
    counts = dict(LoanReferral.objects.order_by().values_list("status").annotate(n=Count("pk")))
    new = dict(
        LoanReferral.objects.filter(created_at__date__range=(first, last))
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    rows = [(value, label) for value, label in LoanReferral.Status.choices]
    return Sheet(
        _("Rujukan"),
        [
            Column(_("status"), lambda r: str(r[1]), 24),
            Column(_("rujukan"), lambda r: counts.get(r[0], 0), 10, INTEGER),
            Column(_("dibuat bulan ini"), lambda r: new.get(r[0], 0), 12, INTEGER),
        ],
        rows,
    )


@register
class MonthlyReportExporter(Exporter):
    kind = KIND
    title = gettext_lazy("Laporan bulanan program")
    contains_personal_data = False
    background = True

    def allowed(self, user) -> bool:
        return user.role in roles.CITY_WIDE and user.has_perm("reports.view_outcomes")

    def _month(self, params) -> tuple[int, int]:
        from django.http import Http404

        month = parse_month(params.get("bulan", ""))
        if month is None:
            raise Http404
        return month

    def describe(self, *, user, params) -> list[tuple[str, str]]:
        return [(_("Bulan"), month_words(*self._month(params)))]

    def build(self, *, user, params) -> Export:
        month = self._month(params)
        first, last = month_bounds(*month)
        today = min(last, timezone.localdate())
        return Export(
            _("Laporan bulanan program: %(month)s") % {"month": month_words(*month)},
            [(_("Bulan"), month_words(*month))],
            [
                _conversion_sheet(today),
                _batch_sheet(first, last),
                _group_sheet(first, last),
                _inventory_sheet(first, last),
                _exhibition_sheet(first, last),
                _referral_sheet(first, last),
            ],
        )
