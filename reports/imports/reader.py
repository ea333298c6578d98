"""Reading an uploaded .xlsx as it is: openpyxl read-only with `data_only=False`, so a cell
holding a formula shows up as one (`data_type == "f"`) and is refused, never evaluated."""

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from zipfile import BadZipFile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

# `3.67401E+15`: a NIK Excel showed as a number and that was then copied as text.
SCIENTIFIC = re.compile(r"^\s*[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+\s*$")
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d")


@dataclass
class Problem:
    row: int
    column: str
    message: str
    link: str = ""

    def as_dict(self) -> dict:
        out = {"row": self.row, "column": self.column, "message": str(self.message)}
        if self.link:
            out["link"] = self.link
        return out


@dataclass(slots=True)
class Cell:
    value: object
    data_type: str

    @property
    def is_formula(self) -> bool:
        return self.data_type == "f" or (isinstance(self.value, str) and self.value.startswith("="))

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, int | float) and not isinstance(self.value, bool)

    def text(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return str(self.value).strip()


def open_workbook(path):
    """The workbook in read-only mode, or ValidationError if it is not an .xlsx openpyxl can read."""
    try:
        return load_workbook(path, read_only=True, data_only=False)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ValidationError(_("Berkas bukan berkas Excel .xlsx yang dapat dibaca."), code="not_xlsx") from exc


def iter_rows(path, *, width: int) -> Iterator[tuple[int, list[Cell]]]:
    """Row 1 (the header) then every non-empty row of the first sheet, `width` cells each.
    Values only (no cell objects, the cheapest openpyxl read): with `data_only=False` a
    formula's value is its text, `=...`, which Cell.is_formula refuses."""
    wb = open_workbook(path)
    empty = Cell(None, "n")
    try:
        ws = wb.worksheets[0]
        for number, row in enumerate(ws.iter_rows(max_col=width, values_only=True), start=1):
            cells = [Cell(v, "f" if isinstance(v, str) and v.startswith("=") else "n") for v in row]
            if len(cells) < width:
                cells += [empty] * (width - len(cells))
            if number > 1 and all(c.value in (None, "") for c in cells):
                continue
            yield number, cells
    finally:
        wb.close()


def parse_date(cell: Cell) -> dt.date:
    """A date cell, or text in one of DATE_FORMATS; anything else is an error, never today."""
    value = cell.value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell.text()
    if not text:
        raise ValidationError(_("Tanggal wajib diisi."), code="required")
    if not cell.is_number:
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    raise ValidationError(
        _("Tanggal “%(value)s” tidak dikenali; tulis sebagai tanggal Excel atau hh-bb-tttt (mis. 17-08-1990).")
        % {"value": text[:30]},
        code="date",
    )
