"""Writes an `Export` into an .xlsx with openpyxl's write-only mode: rows stream to disk, so
memory stays flat however long the list.

Each sheet: a title block (what, filters in words, when in WIB, by whom), a styled header
row that stays in view (frozen) with an autofilter, then one row per record. Dates are real
dates shown dd-mm-yyyy, amounts whole rupiah, NIKs text. No text cell is ever a formula:
text starting with = + - @, a tab or a carriage return is written as a string with Excel's
quote prefix, so opening or editing the file runs nothing (CSV/formula injection).
"""

import datetime as dt
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

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


def _text_cell(ws, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=text)
    if text.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def cell_for(ws, value, fmt: str):
    """A cell (or a plain value, which is cheaper) for `value` in a column of format `fmt`.
    One value at a time; the rows of a sheet go through `cell_makers`, which gives the same."""
    return cell_makers(ws, [fmt])[0](value)


def cell_makers(ws, formats) -> list[Callable[[object], object]]:
    """One function per column turning a value into what `ws.append` takes: None, a plain
    value, or a cell with the column's number format or the quote prefix.

    The hot loop of an export (a million rows × a dozen columns): each column's kind is
    decided once, not per cell, and each column has its own styled cell that is filled
    again for every row instead of a new cell whose style is set anew each time. That is
    safe in write-only mode: `ws.append` writes the row out before it returns, so the next
    row may reuse the cell. Every column has its own cells (a row never holds one twice).
    """
    return [_maker(ws, fmt) for fmt in formats]


def _maker(ws, fmt: str) -> Callable[[object], object]:
    quoted = WriteOnlyCell(ws)  # text that would start a formula: written as text
    quoted.quotePrefix = True

    def text(value):
        if value is None or value == "":
            return None
        value = value if value.__class__ is str else str(value)
        if value.startswith(FORMULA_STARTS):
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
            nik.value = str(value)
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
        rows = 0
        append = ws.append
        makers = cell_makers(ws, [column.format for column in sheet.columns])
        pairs = list(zip([column.value for column in sheet.columns], makers, strict=True))
        for record in sheet.iter_rows():
            append([make(get(record)) for get, make in pairs])
            rows += 1
            if on_progress is not None and (written + rows) % PROGRESS_EVERY == 0:
                on_progress(written + rows)
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
