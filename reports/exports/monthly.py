"""The monthly program report (`?bulan=2026-11`): one workbook for the whole city — a summary
against both targets, the 40% conversion and the 2% indicator per kecamatan each with a native
Excel chart (the dashboard's own figures, `reports.dashboard.kecamatan_figures`, as of the
month's last day), the month's batches, KUBs, inventory visits, exhibitions and referrals.
Figures only: no person's data, no loan amount.

It reads as leadership does (`CITY`, city-wide, no personal or loan data), whoever asks or
when beat makes it; `reports.tasks.monthly_report_make` writes it on the 1st of each month.
"""

import datetime as dt
import re
from decimal import Decimal

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
from reports import dashboard
from reports.targets import FAR, MET, NEAR
from trainings.models import TrainingBatch

from . import register
from .base import DATE, INTEGER, PERCENT, PERCENT_FINE, RUPIAH, Chart, Column, Export, Exporter, Sheet, yes_no

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


def _fraction(percent: Decimal | None) -> float | None:
    """A percent of the dashboard (40) as the share a PERCENT cell holds (0.4)."""
    return None if percent is None else float(percent) / 100


def _area(row: dashboard.Row) -> str:
    return row.kecamatan.name if row.kecamatan else _("Kota Tangerang Selatan")


STATES = {MET: gettext_lazy("tercapai"), NEAR: gettext_lazy("mendekati"), FAR: gettext_lazy("jauh")}


def _state(standing) -> str:
    return str(STATES.get(standing.state, "—"))


def _summary_sheet(figures: dashboard.Figures) -> Sheet:
    """Both targets for the city: baseline, target, actual and the gap."""
    total = figures.total
    rows = [
        (_("Pelaku usaha nyata di antara peserta lulus (target 40%)"), total.conversion, total.completed, total.real),
        (_("Pelaku usaha yang diketahui terhadap penduduk (target 2%)"), total.known_share, total.people, total.known),
    ]
    return Sheet(
        _("Ringkasan"),
        [
            Column(_("indikator"), lambda r: r[0], 44),
            Column(_("baseline"), lambda r: _fraction(r[1].goal.baseline), 10, PERCENT_FINE),
            Column(_("tahun baseline"), lambda r: r[1].goal.baseline_year, 10),
            Column(_("target"), lambda r: _fraction(r[1].goal.value), 10, PERCENT_FINE),
            Column(_("capaian"), lambda r: _fraction(r[1].actual), 10, PERCENT_FINE),
            Column(_("selisih ke target (poin persen)"), lambda r: _fraction(r[1].gap), 14, PERCENT_FINE),
            Column(_("keadaan"), lambda r: _state(r[1]), 12),
            Column(_("pembagi"), lambda r: r[2], 14, INTEGER),
            Column(_("jumlah"), lambda r: r[3], 12, INTEGER),
        ],
        rows,
    )


def _conversion_sheet(figures: dashboard.Figures) -> Sheet:
    return Sheet(
        _("Target 40%"),
        [
            Column(_("kecamatan"), _area, 24),
            Column(_("peserta lulus"), lambda r: r.completed, 12, INTEGER),
            Column(_("pelaku usaha nyata"), lambda r: r.real, 12, INTEGER),
            Column(_("capaian"), lambda r: _fraction(r.conversion.actual) or 0, 10, PERCENT),
            Column(_("target"), lambda r: _fraction(r.conversion.goal.value), 10, PERCENT),
            Column(_("selisih ke target (poin persen)"), lambda r: _fraction(r.conversion.gap), 14, PERCENT),
            Column(_("tercapai"), lambda r: yes_no(r.conversion.state == MET), 10),
        ],
        [*figures.rows, figures.total],
        charts=[Chart(_("Pelaku usaha nyata per peserta lulus, terhadap target"), 1, (4, 5), percent=True)],
    )


def _population_year(row: dashboard.Row):
    if row.population is not None:
        return row.population.year
    return ", ".join(str(y) for y in row.population_years) or None


def _population_source(row: dashboard.Row) -> str:
    if row.population is not None:
        return row.population.source
    return _("jumlah angka kecamatan") if row.population_sum is not None else ""


def _population_sheet(figures: dashboard.Figures) -> Sheet:
    """The 2% indicator as the dashboard computes it (`reports.dashboard.kecamatan_figures`)."""
    return Sheet(
        _("Target 2%"),
        [
            Column(_("kecamatan"), _area, 24),
            Column(_("pelaku usaha yang diketahui"), lambda r: r.known, 14, INTEGER),
            Column(_("di antaranya peserta"), lambda r: r.known_participants, 12, INTEGER),
            Column(_("pemilik usaha lain"), lambda r: r.other_owners, 12, INTEGER),
            Column(_("jumlah penduduk"), lambda r: r.people, 14, INTEGER),
            Column(_("tahun angka penduduk"), _population_year, 12),
            Column(_("sumber angka penduduk"), _population_source, 24),
            Column(_("capaian"), lambda r: _fraction(r.known_share.actual) or 0, 10, PERCENT_FINE),
            Column(_("target"), lambda r: _fraction(r.known_share.goal.value), 10, PERCENT_FINE),
            Column(_("selisih ke target (poin persen)"), lambda r: _fraction(r.known_share.gap), 14, PERCENT_FINE),
            Column(_("keadaan"), lambda r: _state(r.known_share), 12),
        ],
        [*figures.rows, figures.total],
        charts=[
            Chart(
                _("Pelaku usaha yang diketahui per penduduk, terhadap target"),
                1,
                (8, 9),
                percent=True,
                axis_format="0.0%",
            )
        ],
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
        # As of the month's last day (today, for the month under way).
        today = min(last, timezone.localdate())
        figures = dashboard.kecamatan_figures(user=CITY, filters=dashboard.Filters(), today=today)
        return Export(
            _("Laporan bulanan program: %(month)s") % {"month": month_words(*month)},
            [(_("Bulan"), month_words(*month))],
            [
                _summary_sheet(figures),
                _conversion_sheet(figures),
                _population_sheet(figures),
                _batch_sheet(first, last),
                _group_sheet(first, last),
                _inventory_sheet(first, last),
                _exhibition_sheet(first, last),
                _referral_sheet(first, last),
            ],
        )
