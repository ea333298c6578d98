"""What every import kind shares: the columns and the template built from them, the header
check, the refusals every cell gets (a formula; an identifier Excel stored as a number), the
duplicate within the file, and the run that checks every row before anything is written and
then writes all rows in one transaction or none.

A kind (`reports.imports.participants`, `reports.imports.visits`) is a subclass of
`ImportKind` that says what its columns are (`COLUMNS`), how one row becomes the keywords of
its service (`parse`), what makes two rows the same (`file_key`), what it checks against the
database for all rows at once (`check_database`) and how the rows are written (`write`).
The kinds are listed in `reports.imports.registry`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .reader import SCIENTIFIC, Cell, Problem, iter_rows

YES, NO = gettext_lazy("Ya"), gettext_lazy("Tidak")
TEMPLATE_ROWS = 2000  # rows pre-formatted (identifiers as text, dates) and covered by the dropdowns
LISTS_SHEET = "Daftar"
# Share of the progress bar the check takes when the run also writes.
CHECK_SHARE = 40


@dataclass
class Result:
    total: int = 0
    applied: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # What the check read of the database, as `ImportKind.state` gives it ("" when the kind has none).
    state: str = ""
    reused: bool = False  # the apply took the preview's check: nothing it read had changed


@dataclass
class Row:
    """One parsed row: its number in the sheet and its service keywords."""

    number: int
    values: dict
    problem: tuple | None = None  # (column key, message) found against the database


class Rollback(Exception):
    pass


def problems_dicts(problems: list[Problem]) -> list[dict]:
    return [p.as_dict() for p in problems]


def yes_no(text: str, message) -> bool:
    if text.casefold() in {str(YES).casefold(), "ya", "yes", "y"}:
        return True
    if text.casefold() in {str(NO).casefold(), "tidak", "no", "n", ""}:
        return False
    raise ValidationError(message, code="yes_no")


def chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Dropdown:
    """A template column's list: literal values (`choices`) or names kept in the hidden sheet."""

    def __init__(self, key: str, prompt, *, choices: Iterable | None = None, names: Callable | None = None):
        self.key, self.prompt, self.choices, self.names = key, prompt, choices, names


class ImportKind:
    KIND = ""
    TITLE = ""
    SHEET = ""
    PERMISSION = ""
    # (service keyword, header); the order is the template's.
    COLUMNS: list[tuple[str, object]] = []
    TEXT_COLUMNS: tuple[str, ...] = ()  # identifiers: formatted as text in the template
    NUMBER_REFUSED: tuple[str, ...] = ()  # identifiers refused when Excel stored them as a number
    DATE_COLUMNS: tuple[str, ...] = ()
    WIDTHS: dict[str, int] = {}
    HELP: list = []  # the steps shown on the import page

    @property
    def WIDTH(self) -> int:  # noqa: N802 (the name the job code has always read)
        return len(self.COLUMNS)

    def header(self, key: str) -> str:
        return str(dict(self.COLUMNS)[key])

    def may_import(self, user) -> bool:
        return user.has_perm(self.PERMISSION)

    # ---- template ---------------------------------------------------------------------------

    def dropdowns(self, user) -> list[Dropdown]:
        return []

    def extra_sheets(self, wb: Workbook, user) -> None:
        """More sheets for the template (a reference list, say)."""

    def template_workbook(self, *, user) -> bytes:
        """The .xlsx to fill: identifiers formatted as text, dates as dates, dropdowns for coded
        columns (long lists in a hidden sheet). Always in the source language, which is what
        the check reads, whoever runs it (a worker)."""
        with translation.override(settings.LANGUAGE_CODE):
            return self._template(user)

    def _letter(self, key: str) -> str:
        return get_column_letter([k for k, _label in self.COLUMNS].index(key) + 1)

    def _template(self, user) -> bytes:
        wb = Workbook()
        ws = wb.active
        ws.title = str(self.SHEET)
        ws.append([str(label) for _key, label in self.COLUMNS])
        for cell in ws[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1F4E79")
        ws.freeze_panes = "A2"
        for key, width in self.WIDTHS.items():
            ws.column_dimensions[self._letter(key)].width = width
        last = TEMPLATE_ROWS + 1
        for key in self.TEXT_COLUMNS:  # text, so Excel keeps every digit and the leading 0
            letter = self._letter(key)
            ws.column_dimensions[letter].number_format = "@"
            for row in range(2, last + 1):
                ws[f"{letter}{row}"].number_format = "@"
        for key in self.DATE_COLUMNS:
            letter = self._letter(key)
            for row in range(2, last + 1):
                ws[f"{letter}{row}"].number_format = "dd-mm-yyyy"

        dropdowns = self.dropdowns(user)
        listed = [d for d in dropdowns if d.names is not None]
        lists = None
        if listed:
            lists = wb.create_sheet(LISTS_SHEET)
            lists.sheet_state = "hidden"
            names = [list(d.names()) for d in listed]
            lists.append([self.header(d.key) for d in listed])
            for i in range(max((len(n) for n in names), default=0)):
                lists.append([n[i] if i < len(n) else None for n in names])
        for dropdown in dropdowns:
            if dropdown.choices is not None:
                formula = '"' + ",".join(str(c) for c in dropdown.choices) + '"'
            else:
                column = get_column_letter(listed.index(dropdown) + 1)
                count = len(names[listed.index(dropdown)])
                formula = f"{LISTS_SHEET}!${column}$2:${column}${count + 1}"
            dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
            dv.error = str(dropdown.prompt)
            dv.errorTitle = str(_("Isian tidak dikenal"))
            ws.add_data_validation(dv)
            letter = self._letter(dropdown.key)
            dv.add(f"{letter}2:{letter}{last}")
        self.extra_sheets(wb, user)
        buffer = BytesIO()
        wb.save(buffer)
        return buffer.getvalue()

    # ---- check and apply --------------------------------------------------------------------

    def context(self, user) -> object:
        """What the rows are checked against, looked up once per file (regions, scope...)."""
        return None

    def parse(self, ctx, number: int, cells: dict[str, Cell], bad: Callable[[str, object], None]) -> dict | None:
        raise NotImplementedError

    def file_key(self, values: dict) -> tuple[object, str] | None:
        """What two rows of the file may not share, and the column to report it under."""
        return None

    def duplicate_message(self, first_row: int) -> str:
        return _("Baris ini sama dengan baris %(row)d berkas ini.") % {"row": first_row}

    def check_database(self, ctx, user, rows: list[Row], result: Result) -> None:
        """Checks against what the database holds, for all rows at once."""

    def state(self, ctx, user) -> str:
        """A digest of everything in the database the check of a file reads (regions, scope, the
        rows a duplicate is looked for in), cheap to compute: an apply whose state is the one its
        preview recorded for the same file may skip the checks against the database. "": the kind
        cannot tell, every apply checks again."""
        return ""

    def trust(self, ctx) -> None:
        """The apply reuses the preview's check: `parse` may skip what only re-finds an error the
        preview would already have listed (the file and what the check read are unchanged)."""

    def write(self, ctx, user, rows: list[Row], result: Result, progress: Callable[[int, int], None]) -> None:
        raise NotImplementedError

    def _cell_problems(self, number: int, cells: dict[str, Cell]) -> list[Problem]:
        found = []
        for key, cell in cells.items():
            if cell.is_formula:
                found.append(
                    Problem(
                        number,
                        self.header(key),
                        _("Sel berisi rumus; tulis nilainya saja (salin lalu tempel sebagai nilai)."),
                    )
                )
            elif key in self.NUMBER_REFUSED and (
                cell.is_number or (isinstance(cell.value, str) and SCIENTIFIC.match(cell.value))
            ):
                # No value in the message: the job's report must not hold a NIK.
                found.append(
                    Problem(
                        number,
                        self.header(key),
                        _(
                            "%(column)s tersimpan sebagai angka oleh Excel, sehingga digit terakhirnya bisa hilang; "
                            "format kolom %(column)s sebagai Teks lalu ketik ulang isinya."
                        )
                        % {"column": self.header(key)},
                    )
                )
        return found

    def run(
        self,
        *,
        user,
        path,
        apply: bool,
        on_progress: Callable[[int, int], None] | None = None,
        expected_rows: int = 0,
        reuse_state: str = "",
    ) -> Result:
        """Check every row of the file at `path` as `user`; with `apply`, write the rows when none
        failed, all in one transaction. Nothing is written otherwise. The file is read once, row
        by row; only the parsed rows are kept. `expected_rows`: for the progress bar.
        `reuse_state`: the `state` the clean preview of this same file recorded; when the database
        still gives it, the apply skips the checks against the database (the unique NIK and the
        transaction stay the last guard)."""
        result = Result()
        rows = iter_rows(path, width=self.WIDTH)
        first = next(rows, None)
        with translation.override(settings.LANGUAGE_CODE):
            expected = [str(h) for _k, h in self.COLUMNS]
        if first is None or [c.text().casefold() for c in first[1]] != [h.casefold() for h in expected]:
            rows.close()
            result.errors.append(
                Problem(1, "", _("Baris 1 harus judul kolom template: %(cols)s.") % {"cols": ", ".join(expected)})
            )
            return result

        def progress(done: int, total: int, *, start: int = 0, share: int = 100) -> None:
            if on_progress:
                on_progress(start * total + done * share, 100 * total)

        check_share = CHECK_SHARE if apply else 100
        keys = [key for key, _label in self.COLUMNS]
        ctx = self.context(user)
        # Taken before any row is read: a write after it gives another state next time.
        result.state = self.state(ctx, user)
        result.reused = bool(apply and reuse_state and result.state == reuse_state)
        if result.reused:
            self.trust(ctx)
        parsed: list[Row] = []
        seen: dict = {}
        for i, (number, cells) in enumerate(rows, start=1):
            by_key = dict(zip(keys, cells, strict=True))
            found = self._cell_problems(number, by_key)
            if not found:

                def bad(key: str, message, number=number, found=found) -> None:
                    found.append(Problem(number, self.header(key) if key else "", str(message)))

                values = self.parse(ctx, number, by_key, bad)
                if not found and values is not None:
                    same = self.file_key(values)
                    if same is not None and same[0] in seen:
                        found.append(Problem(number, self.header(same[1]), self.duplicate_message(seen[same[0]])))
                    else:
                        if same is not None:
                            seen[same[0]] = number
                        parsed.append(Row(number, values))
            result.errors += found
            result.total = i
            if i % 500 == 0:
                progress(i, max(i, expected_rows), share=check_share)
        if not result.total:
            result.errors.append(Problem(2, "", _("Berkas tidak berisi baris data.")))
            return result
        with transaction.atomic():
            if not result.reused:
                self.check_database(ctx, user, parsed, result)
            if result.errors or not apply:
                result.errors.sort(key=lambda p: p.row)
                return result
            try:
                with transaction.atomic():
                    self.write(
                        ctx,
                        user,
                        parsed,
                        result,
                        lambda done, total: progress(done, total, start=check_share, share=100 - check_share),
                    )
                    if result.errors:
                        raise Rollback
            except Rollback:
                result.applied = 0
                result.errors.sort(key=lambda p: p.row)
                return result
            result.applied = len(parsed)
        return result
