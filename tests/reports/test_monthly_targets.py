"""The monthly report against both targets: its summary, 40% and 2% sheets hold the dashboard's
own figures (`reports.dashboard.kecamatan_figures`) on the dashboard tests' fixed data set,
each target sheet with a native bar chart."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.http import QueryDict
from django.utils import timezone
from openpyxl import load_workbook

from reports import dashboard, exports
from reports.exports import monthly
from reports.exports.writer import write_workbook
from reports.models import Target
from tests.reports.test_dashboard import TODAY, data  # noqa: F401 (the fixture)
from tests.reports.test_exports import table

pytestmark = pytest.mark.django_db


def workbook(month: str):
    exporter = exports.get(monthly.KIND)
    export = exporter.build(user=monthly.CITY, params=QueryDict(f"bulan={month}"))
    out = BytesIO()
    write_workbook(export, target=out, requested_by=monthly.CITY, generated_at=timezone.now())
    return load_workbook(BytesIO(out.getvalue()))


def pct(value: Decimal | None):
    return None if value is None else pytest.approx(float(value) / 100)


@pytest.fixture
def report(data, staf):  # noqa: F811
    figures = dashboard.kecamatan_figures(user=staf, filters=dashboard.Filters(), today=TODAY)
    return workbook(f"{TODAY:%Y-%m}"), figures


def test_the_2_percent_sheet_holds_the_dashboards_figures(report):
    wb, figures = report
    sheet = {r["kecamatan"]: r for r in table(wb["Target 2%"])}
    assert len(sheet) == len(figures.rows) + 1
    for row in [*figures.rows, figures.total]:
        name = row.kecamatan.name if row.kecamatan else "Kota Tangerang Selatan"
        got = sheet[name]
        assert got["pelaku usaha yang diketahui"] == row.known
        assert got["di antaranya peserta"] == row.known_participants
        assert got["pemilik usaha lain"] == row.other_owners
        assert got["jumlah penduduk"] == row.people
        assert got["capaian"] == pytest.approx(float(row.known_share.actual or 0) / 100)
        assert got["target"] == pct(row.known_share.goal.value)
        assert got["selisih ke target (poin persen)"] == pct(row.known_share.gap)
    # By hand (tests/reports/test_dashboard.py): Ciputat's 4 of 222,186 (2023); the city's 8
    # people of its own 2025 figure, with its source.
    ciputat, city = sheet["Ciputat"], sheet["Kota Tangerang Selatan"]
    assert (ciputat["pelaku usaha yang diketahui"], ciputat["jumlah penduduk"]) == (4, 222_186)
    assert ciputat["tahun angka penduduk"] == "2023" and ciputat["sumber angka penduduk"]
    assert (city["pelaku usaha yang diketahui"], city["jumlah penduduk"], city["tahun angka penduduk"]) == (
        8,
        1_463_607,
        "2025",
    )
    assert "Kepmendagri" in city["sumber angka penduduk"]
    assert city["capaian"] == pytest.approx(8 / 1_463_607)
    assert city["target"] == pytest.approx(0.02)
    assert city["keadaan"] == "jauh"
    assert wb["Target 2%"][f"H{8}"].number_format == "0.000%"


def test_the_40_percent_sheet_and_the_summary_show_both_targets(report):
    wb, figures = report
    conversion = {r["kecamatan"]: r for r in table(wb["Target 40%"])}
    assert (conversion["Ciputat"]["peserta lulus"], conversion["Ciputat"]["pelaku usaha nyata"]) == (10, 4)
    assert conversion["Ciputat"]["capaian"] == pytest.approx(0.4) and conversion["Ciputat"]["tercapai"] == "Ya"
    assert conversion["Setu"]["tercapai"] == "Tidak"
    assert conversion["Kota Tangerang Selatan"]["pelaku usaha nyata"] == figures.total.real == 5

    summary = table(wb["Ringkasan"])
    assert wb.sheetnames[:3] == ["Ringkasan", "Target 40%", "Target 2%"]
    assert len(summary) == 2
    forty, two = summary
    assert (forty["target"], forty["capaian"], forty["pembagi"], forty["jumlah"]) == (
        pytest.approx(0.4),
        pytest.approx(5 / 15),
        15,
        5,
    )
    assert forty["selisih ke target (poin persen)"] == pytest.approx(0.4 - 5 / 15)
    # The 2% target's baseline (1% in 2016, DOMAIN.md §5), the actual and the gap.
    assert (two["baseline"], two["tahun baseline"], two["target"]) == (pytest.approx(0.01), "2016", pytest.approx(0.02))
    assert two["capaian"] == pytest.approx(8 / 1_463_607)
    assert two["selisih ke target (poin persen)"] == pytest.approx(0.02 - 8 / 1_463_607)
    assert (two["pembagi"], two["jumlah"], two["keadaan"]) == (1_463_607, 8, "jauh")


def test_both_target_sheets_carry_a_native_bar_chart(report):
    wb, _ = report
    for name in ("Target 40%", "Target 2%"):
        charts = wb[name]._charts
        assert len(charts) == 1, name
        assert charts[0].tagname == "barChart"
    assert not wb["Ringkasan"]._charts


def test_a_past_month_is_read_against_the_targets_in_force_at_its_end(db):
    """A 3% target set from this month on: last month's report still measures against 2%,
    this month's against 3% (the selectors get the month's last day as `today=`)."""
    this_month = TODAY.replace(day=1)
    Target.objects.create(indicator=Target.Indicator.POPULATION, value=3, period_start=this_month)
    last_month = this_month - dt.timedelta(days=1)

    def city_target(month):
        return {r["kecamatan"]: r for r in table(workbook(month)["Target 2%"])}["Kota Tangerang Selatan"]["target"]

    assert city_target(f"{last_month:%Y-%m}") == pytest.approx(0.02)
    assert city_target(f"{TODAY:%Y-%m}") == pytest.approx(0.03)
