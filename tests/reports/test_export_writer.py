"""The row writer of `reports.exports.writer` writes the data rows' XML itself rather than
through openpyxl's cells: the workbooks must read back exactly as when openpyxl wrote every
row (`ws.append` of the cells `_openpyxl_makers` gives), cell by cell: values, types, number
formats, quote prefix, fonts and fills, frozen panes, autofilter, widths, charts."""

import datetime as dt
import re
import zipfile
from copy import copy
from decimal import Decimal
from io import BytesIO

import openpyxl.worksheet._writer as openpyxl_writer
import pytest
from django.http import QueryDict
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.exceptions import IllegalCharacterError

from reports import exports
from reports.exports import base, monthly, writer
from tests import factories
from tests.reports.test_dashboard import TODAY, data  # noqa: F401 (the fixture)

pytestmark = [
    pytest.mark.django_db,
    # A huge number in a date column reads back as an error value, on both sides alike.
    pytest.mark.filterwarnings("ignore:Cell .* is marked as a date:UserWarning"),
]

FORMATS = [
    base.TEXT,
    base.NIK,
    base.DATE,
    base.DATETIME,
    base.INTEGER,
    base.RUPIAH,
    base.PERCENT,
    base.PERCENT_FINE,
]
WIB = dt.timezone(dt.timedelta(hours=7))
# Values every column kind may meet, the awkward ones included.
VALUES = [
    None,
    "",
    "Budi Santoso",
    "Siti & Ani <KUB> \"Maju\" 'Jaya'",
    " spasi di depan",
    "spasi di belakang ",
    "   ",
    "baris\npertama\r\nkedua\ttab",
    "Jl. Kenanga № 5, café — 東京 😀",
    '=HYPERLINK("http://x.example/","klik")',
    "=",
    "+6281234567",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTab",
    "\rCR",
    "#N/A",
    "#DIV/0!",
    "3674015403900007",
    "0812",
    "x" * 33000,
    0,
    -7,
    1_500_000,
    10**17 + 3,
    0.1,
    2 / 3,
    -0.0,
    float("nan"),
    float("inf"),
    Decimal("1500000.50"),
    Decimal("0.0035"),
    True,
    False,
    dt.date(1990, 3, 14),
    dt.date(1900, 1, 1),
    dt.date(1900, 2, 28),
    dt.date(1900, 3, 1),
    dt.datetime(2026, 12, 2, 14, 37, 36),
    dt.datetime(2026, 12, 2, 7, 0, tzinfo=WIB),
    dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC),
    dt.time(6, 30),
    dt.timedelta(hours=5),
    object(),  # neither text nor a number: openpyxl refuses it in a number column
]


def openpyxl_rows(ws, sheet, *, first, written, on_progress):
    """The data rows as the writer wrote them before its row writer: every row through
    `ws.append` and openpyxl's cells."""
    makers = writer._openpyxl_makers(ws, [column.format for column in sheet.columns])
    pairs = list(zip([column.value for column in sheet.columns], makers, strict=True))
    rows = 0
    for record in sheet.iter_rows():
        ws.append([make(get(record)) for get, make in pairs])
        rows += 1
    return rows


def xlsx(export, monkeypatch=None) -> bytes:
    """The file of `export`; through openpyxl's cells (as before the row writer) when given
    `monkeypatch`."""
    out = BytesIO()
    generated_at = dt.datetime(2026, 12, 2, 7, 0, tzinfo=dt.UTC)
    if monkeypatch is not None:
        with monkeypatch.context() as patch:
            patch.setattr(writer, "_write_data_rows", openpyxl_rows)
            writer.write_workbook(export, target=out, requested_by=None, generated_at=generated_at)
    else:
        writer.write_workbook(export, target=out, requested_by=None, generated_at=generated_at)
    return out.getvalue()


def written(export, monkeypatch=None) -> Workbook:
    return load_workbook(BytesIO(xlsx(export, monkeypatch)))


def parts(content: bytes) -> dict[str, bytes]:
    """The parts of an .xlsx but its properties (which hold the time it was saved)."""
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def assert_same(ours: Workbook, theirs: Workbook) -> None:
    assert ours.sheetnames == theirs.sheetnames
    for mine, reference in zip(ours.worksheets, theirs.worksheets, strict=True):
        assert (mine.max_row, mine.max_column) == (reference.max_row, reference.max_column)
        assert mine.freeze_panes == reference.freeze_panes
        assert mine.auto_filter.ref == reference.auto_filter.ref
        assert {k: d.width for k, d in mine.column_dimensions.items()} == {
            k: d.width for k, d in reference.column_dimensions.items()
        }
        assert len(mine._charts) == len(reference._charts)
        for row, reference_row in zip(mine.iter_rows(), reference.iter_rows(), strict=True):
            for cell, expected in zip(row, reference_row, strict=True):
                where = f"{mine.title}!{cell.coordinate}"
                assert (cell.value, cell.data_type) == (expected.value, expected.data_type), where
                assert type(cell.value) is type(expected.value), where
                assert cell.number_format == expected.number_format, where
                assert cell.quotePrefix == expected.quotePrefix, where
                assert copy(cell.font) == copy(expected.font), where
                assert copy(cell.fill) == copy(expected.fill), where
                assert copy(cell.border) == copy(expected.border), where
                assert copy(cell.alignment) == copy(expected.alignment), where


def assert_same_bytes(export, monkeypatch, *, number_formats=True) -> None:
    """Byte for byte: the sheets' XML and the styles (the same style ids, in the same order).
    Without `number_formats`, the list of number formats is left out: openpyxl's cells also
    list formats no cell has (a date in a number column is given a date format first, then
    the column's again: `_openpyxl_maker`); the cells' formats are the same (`assert_same`)."""
    mine, theirs = parts(xlsx(export())), parts(xlsx(export(), monkeypatch))
    assert set(mine) == set(theirs) and "xl/worksheets/sheet1.xml" in mine
    if not number_formats:
        for files in (mine, theirs):
            files["xl/styles.xml"] = re.sub(rb"<numFmts .*?</numFmts>", b"", files["xl/styles.xml"])
    for name in mine:
        assert mine[name] == theirs[name], name


def safe(value, fmt):
    """Whether openpyxl writes `value` in a column of `fmt` at all (some values it refuses)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    try:
        writer._openpyxl_xml(ws, writer._openpyxl_makers(ws, [fmt])[0](value))
    except (ValueError, TypeError):
        return False
    return True


def ascii_xml(xml: str | None) -> bytes | None:
    return None if xml is None else xml.encode("ascii", "xmlcharrefreplace")


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_cell_is_written_as_openpyxl_writes_it(fmt):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ours = writer.cell_makers(ws, [fmt])[0]
    theirs = writer._openpyxl_makers(ws, [fmt])[0]
    for value in VALUES:
        if not safe(value, fmt):
            with pytest.raises((ValueError, TypeError)):
                ours(value)
            continue
        for _twice in range(2):  # the second time from the column's cache
            # As the file gets it: ASCII with character references, as lxml writes.
            assert ascii_xml(ours(value)) == ascii_xml(writer._openpyxl_xml(ws, theirs(value))), (fmt, value)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_control_character_a_sheet_cannot_hold_is_dropped_not_fatal(fmt):
    """openpyxl refuses a vertical tab (pasted into an address, say); the export would fail
    whole. Both writers drop the character and write the rest."""
    ws = Workbook(write_only=True).create_sheet()
    ours = writer.cell_makers(ws, [fmt])[0]("tab\x0bvertikal")
    theirs = writer._openpyxl_xml(ws, writer._openpyxl_makers(ws, [fmt])[0]("tab\x0bvertikal"))
    assert "tabvertikal" in ours and "\x0b" not in ours
    assert ours == theirs
    with pytest.raises(IllegalCharacterError):  # what openpyxl alone does with it
        WriteOnlyCell(ws, value="tab\x0bvertikal")


def test_a_text_that_looks_like_an_excel_error_stays_text():
    """A name typed as "#N/A" is a text, not Excel's error value (openpyxl alone writes the error)."""
    ws = Workbook(write_only=True).create_sheet()
    makers = writer.cell_makers(ws, [FORMATS[0]])
    xml = makers[0]("#N/A")
    assert 't="inlineStr"' in xml and "<t>#N/A</t>" in xml and 't="e"' not in xml
    assert writer._openpyxl_makers(ws, [FORMATS[0]])[0]("#DIV/0!").quotePrefix


def awkward_export() -> base.Export:
    columns = [base.Column(f"kolom {fmt}", lambda row, i=i: row[i], 10 + i, fmt) for i, fmt in enumerate(FORMATS)]
    rows = []
    for n, value in enumerate(VALUES):
        row = [value if safe(value, fmt) else None for fmt in FORMATS]
        row[n % len(FORMATS)] = None  # gaps in every column
        rows.append(row)
    rows.append([None] * len(FORMATS))  # a row without a cell
    more = base.Sheet("Kedua: [lembar]/2", columns[:3], [["a", "3674015403900007", dt.date(2026, 1, 31)]])
    return base.Export("Uji penulis baris", [("Kecamatan", "Ciputat")], [base.Sheet("Data", columns, rows), more])


def test_a_workbook_of_awkward_values_reads_back_as_when_openpyxl_wrote_every_row(monkeypatch):
    ours = written(awkward_export())
    assert_same(ours, written(awkward_export(), monkeypatch))
    assert_same_bytes(awkward_export, monkeypatch, number_formats=False)
    ws = ours["Data"]
    assert ws.freeze_panes == "A7"
    assert ws.auto_filter.ref == f"A6:H{6 + len(VALUES) + 1}"
    quoted = [c for row in ws.iter_rows(min_row=7) for c in row if c.quotePrefix]
    assert {c.value for c in quoted} >= {"=", "+6281234567", "-2+3", "@SUM(A1:A2)", "\tTab"}
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_the_participant_export_reads_back_as_when_openpyxl_wrote_every_row(staf, monkeypatch):
    factories.ParticipantFactory(name="=1+1", phone="+6281298765432", address=" Jl. A & B <5>")
    factories.ParticipantFactory.create_batch(3)
    factories.ParticipantFactory(name="Zainab", phone="", address="")

    def participants():
        return exports.get("peserta").build(user=staf, params=QueryDict("status=1"))

    ours = written(participants())
    assert_same(ours, written(participants(), monkeypatch))
    assert ours.active.max_row == 6 + 5
    assert_same_bytes(participants, monkeypatch)


def test_the_monthly_report_and_its_charts_read_back_as_when_openpyxl_wrote_every_row(data, monkeypatch):  # noqa: F811
    def report():
        return exports.get(monthly.KIND).build(user=monthly.CITY, params=QueryDict(f"bulan={TODAY:%Y-%m}"))

    ours = written(report())
    assert_same(ours, written(report(), monkeypatch))
    assert_same_bytes(report, monkeypatch)
    assert sum(len(ws._charts) for ws in ours.worksheets) >= 2


def test_the_data_rows_do_not_go_through_openpyxls_cells(monkeypatch):
    calls = []
    real = openpyxl_writer.write_cell

    def counted(xf, ws, cell, styled=False):
        calls.append(cell.row)
        return real(xf, ws, cell, styled)

    monkeypatch.setattr(openpyxl_writer, "write_cell", counted)
    rows = [[f"peserta {n}", "3674015403900007", dt.date(2026, 1, 1), n] for n in range(50)]
    columns = [
        base.Column("nama", lambda r: r[0]),
        base.Column("NIK", lambda r: r[1], format=base.NIK),
        base.Column("terdaftar", lambda r: r[2], format=base.DATE),
        base.Column("jumlah", lambda r: r[3], format=base.INTEGER),
    ]
    wb = written(base.Export("Uji", [], [base.Sheet("Data", columns, rows)]))
    assert wb.active.max_row == 6 + 50
    assert set(calls) == {1, 2, 3, 4, 6}  # the title block and the header only
    assert wb.active["D56"].value == 49 and wb.active["C56"].number_format == "dd-mm-yyyy"


def test_nothing_is_appended_after_the_row_writers_rows():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws._writer = writer._SheetWriter(ws)
    ws._writer.write_top()
    ws.append(["judul"])
    ws._writer.write_xml('<row r="2"><c r="A2" t="n"><v>1</v></c></row>')
    with pytest.raises(RuntimeError):
        ws.append(["terlambat"])
    writer._discard(wb)
