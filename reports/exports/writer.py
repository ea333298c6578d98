"""Writes an `Export` into an .xlsx with openpyxl's write-only mode: rows stream to disk, so
memory stays flat however long the list.

Each sheet: a title block (what, filters in words, when in WIB, by whom), a styled header
row that stays in view (frozen) with an autofilter, then one row per record. Dates are real
dates shown dd-mm-yyyy, amounts whole rupiah, NIKs text. No text cell is ever a formula:
text starting with = + - @, a tab or a carriage return is written as a string with Excel's
quote prefix, so opening or editing the file runs nothing (CSV/formula injection).

openpyxl writes the workbook's structure, styles, the title block and header, widths, the
frozen panes, autofilter and charts; the data rows' XML is made here (`cell_makers`,
`_write_data_rows`) and goes into openpyxl's stream of the sheet, the same XML openpyxl
would write for those cells at several times the speed (issue 11: a million rows).
"""

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from io import BytesIO
from math import isfinite

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._writer import WorksheetWriter, create_temporary_file
from openpyxl.xml.functions import xmlfile

from . import base

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FORMATS = {
    base.NIK: "@",
    base.DATE: "dd-mm-yyyy",
    base.DATETIME: "dd-mm-yyyy hh:mm",
    base.INTEGER: "#,##0",
    # Excel writes the group separator of the reader's locale: 1.500.000 on an Indonesian one.
    base.RUPIAH: "[$Rp-421] #,##0",
    base.PERCENT: "0.0%",
    base.PERCENT_FINE: "0.000%",
}
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_BORDER = Border(bottom=Side(style="thin", color="000000"))
TITLE_FONT = Font(bold=True, size=14)
PROGRESS_EVERY = 500


def clean_text(value: str) -> str:
    """`value` without the control characters a worksheet cannot hold (a vertical tab pasted
    into an address, say): openpyxl refuses them, which would fail the whole export."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if ILLEGAL_CHARACTERS_RE.search(value) else value


def _as_text(value: str) -> bool:
    """Text that Excel would read as something else unless marked as text: a formula, or one of
    its error values ("#N/A" typed as a name stays the text "#N/A")."""
    return value.startswith(FORMULA_STARTS) or value in _ERROR_CODES


def _text_cell(ws, text: str) -> WriteOnlyCell:
    text = clean_text(text)
    cell = WriteOnlyCell(ws, value=text)
    if _as_text(text):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def cell_makers(ws, formats) -> list[Callable[[object], str | None]]:
    """One function per column turning a value into the XML of its cell after the cell's
    coordinate (`' t="inlineStr"><is><t>Budi</t></is></c>'`), or None for an empty cell:
    what openpyxl itself writes for the value, with the column's number format or the quote
    prefix. The data rows of a sheet are written from these (`_write_data_rows`).

    The hot loop of an export (a million rows x a dozen columns): each column's kind and
    style are decided once, not per cell; the common values (text, NIKs, whole numbers,
    amounts, dates) are written by templates of our own, short repeated texts (a kelurahan,
    "Ya"/"Tidak") and dates from a per-column cache; anything else goes through openpyxl's
    own cell and cell writer (`_openpyxl_xml`), so the file says the same either way.
    """
    return [_maker(ws, fmt) for fmt in formats]


def _openpyxl_makers(ws, formats) -> list[Callable[[object], object]]:
    """One function per column turning a value into what `ws.append` takes: None, a plain
    value, or a cell with the column's number format or the quote prefix. The rules of a
    cell; `_maker` writes the common cases itself and the others through these."""
    return [_openpyxl_maker(ws, fmt) for fmt in formats]


def _openpyxl_maker(ws, fmt: str) -> Callable[[object], object]:
    quoted = WriteOnlyCell(ws)  # text that would start a formula: written as text
    quoted.quotePrefix = True

    def text(value):
        if value is None or value == "":
            return None
        value = clean_text(value if value.__class__ is str else str(value))
        if _as_text(value):
            quoted.value = value
            quoted.data_type = "s"
            return quoted
        return value

    if fmt == base.NIK:
        nik = WriteOnlyCell(ws)
        nik.number_format = "@"

        def as_nik(value):
            if value is None or value == "":
                return None
            nik.value = clean_text(str(value))
            nik.data_type = "s"
            return nik

        return as_nik
    if fmt not in NUMBER_FORMATS:
        return text
    number_format = NUMBER_FORMATS[fmt]
    number = WriteOnlyCell(ws)
    number.number_format = number_format
    format_id = number._style.numFmtId
    local = fmt == base.DATETIME

    def formatted(value):
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return text(value)
        if local and isinstance(value, dt.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        number.value = base.as_number(value)
        if number._style.numFmtId != format_id:  # a date in a number column: the column's format wins
            number.number_format = number_format
        return number

    return formatted


def _openpyxl_xml(ws, item) -> str | None:
    """What openpyxl writes for `item` (a value or cell as `ws.append` takes it) in a row:
    the cell's XML after its coordinate, or None when it writes no cell."""
    if item is None:
        return None
    cell = item if isinstance(item, Cell) else WriteOnlyCell(ws, value=item)
    cell.row, cell.column = 1, 1
    if cell._value is None and not cell.has_style:
        return None
    out = BytesIO()
    with xmlfile(out) as xf:
        write_cell(xf, ws, cell, cell.has_style)
    xml = out.getvalue().decode("ascii")
    if not xml.startswith(_A1):  # another openpyxl's cell writer: rows would be wrong
        raise RuntimeError(f"openpyxl wrote a cell as {xml[:40]!r}, not {_A1!r}...")
    return xml[len(_A1) :]


_A1 = '<c r="A1"'
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_NEEDS_ESCAPE = re.compile("[&<>\r]")
_ERROR_CODES = frozenset(ERROR_CODES)
_CACHED = 2048  # distinct values a column remembers the XML of (kelurahan, "Ya", dates...)
_MAX_TEXT = 32767  # Excel's longest cell text; openpyxl cuts longer ones there


def _inline(value: str) -> str:
    """`<is><t>value</t></is>` as openpyxl writes it (lxml's escaping, xml:space when the text
    starts or ends with a space), without the control characters a worksheet cannot hold."""
    return _inline_clean(clean_text(value[:_MAX_TEXT]))


def _inline_clean(value: str) -> str:
    """`_inline` of a text already cut to Excel's length and cleaned."""
    escaped = value.translate(_ESCAPES) if _NEEDS_ESCAPE.search(value) else value
    if value != value.strip():
        return f'<is><t xml:space="preserve">{escaped}</t></is></c>'
    return f"<is><t>{escaped}</t></is></c>"


def _maker(ws, fmt: str) -> Callable[[object], str | None]:
    quoted = WriteOnlyCell(ws)
    quoted.quotePrefix = True
    texts: dict[str, str] = {}

    def text(value):
        if value is None or value == "":
            return None
        if value.__class__ is not str:
            value = str(value)
        xml = texts.get(value)
        if xml is None:
            clean = clean_text(value[:_MAX_TEXT])
            if _as_text(clean):
                # Each style is registered at its first cell, as openpyxl does: the same ids.
                xml = f' s="{quoted.style_id}" t="inlineStr">' + _inline_clean(clean)
            else:
                xml = ' t="inlineStr">' + _inline_clean(clean)
            if len(texts) < _CACHED:
                texts[value] = xml
        return xml

    if fmt == base.NIK:
        nik = WriteOnlyCell(ws)
        nik.number_format = "@"
        nik_start = ""

        def as_nik(value):
            nonlocal nik_start
            if value is None or value == "":
                return None
            if not nik_start:  # registered at the first cell, as openpyxl does
                nik_start = f' s="{nik.style_id}" t="inlineStr">'
            return nik_start + _inline(str(value))

        return as_nik
    if fmt not in NUMBER_FORMATS:
        return text
    slow = _openpyxl_maker(ws, fmt)  # what the templates below do not write

    def fallback(value):
        return _openpyxl_xml(ws, slow(value))

    number = WriteOnlyCell(ws)
    number.number_format = NUMBER_FORMATS[fmt]
    number_start = ""
    epoch = ws.parent.epoch
    local = fmt == base.DATETIME
    dates: dict[dt.date, str] = {}

    def numeric(digits: str) -> str:
        nonlocal number_start
        if not number_start:  # registered at the first cell, as openpyxl does
            number_start = f' s="{number.style_id}" t="n"><v>'
        return number_start + digits + "</v></c>"

    def formatted(value):
        if value is None or value == "":
            return None
        kind = value.__class__
        if kind is str:
            return text(value)
        if kind is int or kind is float or kind is Decimal:
            value = float(value) if kind is Decimal else value
            if kind is int or isfinite(value):
                return numeric(f"{value:.16g}")
        elif kind is dt.date:
            xml = dates.get(value)
            if xml is None:
                xml = numeric(f"{to_excel(value, epoch):.16g}")
                if len(dates) < _CACHED:
                    dates[value] = xml
            return xml
        elif kind is dt.datetime:
            if local and value.tzinfo is not None:
                value = timezone.localtime(value).replace(tzinfo=None)
            if value.tzinfo is None:
                return numeric(f"{to_excel(value, epoch):.16g}")
        return fallback(value)

    return formatted


def title_block(export: base.Export, *, requested_by, generated_at: dt.datetime) -> list[str]:
    local = timezone.localtime(generated_at)
    filters = "; ".join(f"{label}: {value}" for label, value in export.filters) or _("tanpa filter")
    who = requested_by.get_full_name() or requested_by.username if requested_by else "—"
    role = getattr(requested_by, "role", None) or ""
    return [
        export.title,
        _("Filter: %(filters)s") % {"filters": filters},
        _("Dibuat: %(when)s WIB") % {"when": local.strftime("%d-%m-%Y %H:%M")},
        _("Oleh: %(who)s") % {"who": f"{who} ({role})" if role else who},
    ]


def write_workbook(
    export: base.Export,
    *,
    target,
    requested_by,
    generated_at: dt.datetime,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write `export` to `target` (a path or a binary file); the number of rows written.
    `on_progress(rows so far)` is called every few hundred rows."""
    wb = Workbook(write_only=True)
    try:
        return _write(
            wb, export, target=target, requested_by=requested_by, generated_at=generated_at, on_progress=on_progress
        )
    except BaseException:
        _discard(wb)
        raise


def _discard(wb: Workbook) -> None:
    """Close and delete the temporary files of a workbook that will not be saved."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        try:
            ws.close()
        finally:
            writer.cleanup()


def _write(wb, export, *, target, requested_by, generated_at, on_progress) -> int:
    block = title_block(export, requested_by=requested_by, generated_at=generated_at)
    header_row = len(block) + 2
    written = 0
    for sheet in export.sheets:
        ws = wb.create_sheet(title=_sheet_title(sheet.title))
        for i, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        # Set before the first row: write-only mode writes the sheet's view and columns first.
        ws.freeze_panes = f"A{header_row + 1}"
        ws._writer = _SheetWriter(ws)  # what the first `ws.append` would make, on a file of ours
        ws._writer.write_top()
        for i, line in enumerate(block):
            cell = _text_cell(ws, str(line))
            if i == 0:
                cell.font = TITLE_FONT
            ws.append([cell])
        ws.append([])
        header = []
        for column in sheet.columns:
            cell = _text_cell(ws, str(column.header))
            cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        ws.append(header)
        rows = _write_data_rows(ws, sheet, first=header_row + 1, written=written, on_progress=on_progress)
        last = get_column_letter(max(len(sheet.columns), 1))
        ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(rows, 1)}"
        for i, chart in enumerate(sheet.charts):
            ws.add_chart(
                _bar_chart(ws, chart, header_row=header_row, rows=rows),
                f"{get_column_letter(len(sheet.columns) + 2)}{header_row + i * 18}",
            )
        written += rows
    if not export.sheets:
        wb.create_sheet(title=_sheet_title(export.title)).append(block)
    wb.save(target)
    return written


class _SheetWriter(WorksheetWriter):
    """openpyxl's writer of a write-only sheet, streaming into a file object of ours rather
    than one lxml opens itself, so that the data rows' XML (`write_xml`) can go into the same
    file between openpyxl's own rows (title block, header) and the sheet's tail."""

    def __init__(self, ws):
        path = create_temporary_file()
        self.file = open(path, "wb")  # noqa: SIM115 - closed by close() or cleanup()
        super().__init__(ws, out=self.file)  # lxml's stream now writes into self.file
        self.out = path  # what ExcelWriter zips and cleanup() deletes
        self._xf = None
        self._ours = False  # whether rows of ours are in the file

    def write_row(self, xf, row, row_idx):
        if self._ours:  # openpyxl would number the row as if ours were not there
            raise RuntimeError("ws.append() after write_xml(): the rows would be out of order")
        self._xf = xf  # the stream, open inside <sheetData>
        super().write_row(xf, row, row_idx)

    def write_xml(self, xml: str) -> None:
        """Append rows' XML inside <sheetData>, after all openpyxl has written so far."""
        if self._xf is None:
            raise RuntimeError("write_xml() before the first ws.append(): <sheetData> is not open")
        self._ours = True
        self._xf.flush()  # lxml's buffer first: its bytes come before ours
        # ASCII with character references, as lxml writes them: the part has no declaration.
        self.file.write(xml.encode("ascii", "xmlcharrefreplace"))

    def close(self):
        try:
            super().close()
        finally:
            self.file.close()

    def cleanup(self):
        self.file.close()
        super().cleanup()


def _write_data_rows(ws, sheet: base.Sheet, *, first: int, written: int, on_progress) -> int:
    """Write the records of `sheet` as rows `first`, `first + 1`... of `ws`, the XML of each
    row made here from `cell_makers` (not through openpyxl's cells: the bulk of an export's
    time); the number of rows. Nothing may be appended to `ws` after them."""
    makers = cell_makers(ws, [column.format for column in sheet.columns])
    cells = list(
        zip(
            [column.value for column in sheet.columns],
            makers,
            [f'<c r="{get_column_letter(i)}' for i in range(1, len(makers) + 1)],
            strict=True,
        )
    )
    write = ws._writer.write_xml
    chunk = []
    add = chunk.append
    rows = 0
    number = first
    for record in sheet.iter_rows():
        r = str(number)
        xml = [f'<row r="{r}">']
        for get, make, start in cells:
            cell = make(get(record))
            if cell is not None:
                xml.append(start + r + '"' + cell)
        xml.append("</row>")
        add("".join(xml))
        rows += 1
        number += 1
        if (written + rows) % PROGRESS_EVERY == 0:
            write("".join(chunk))
            chunk.clear()
            if on_progress is not None:
                on_progress(written + rows)
    if chunk:
        write("".join(chunk))
    return rows


def _bar_chart(ws, spec: base.Chart, *, header_row: int, rows: int) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = spec.title
    chart.height, chart.width = 8, 16
    last = header_row + max(rows, 1)
    for column in spec.values:
        chart.add_data(Reference(ws, min_col=column, min_row=header_row, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=spec.category, min_row=header_row + 1, max_row=last))
    if spec.percent:
        chart.y_axis.number_format = spec.axis_format
    return chart


def _sheet_title(title) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    text = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title))
    return text[:31] or "Data"
