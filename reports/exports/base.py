"""What an export is: a titled workbook of one or more sheets, each a list of columns and rows.

An `Exporter` is registered under a `kind` (the name in the export URL and in the log). It
says who may use it and builds an `Export` from the list's own query parameters with the
list's own filter form and selector, so the file holds what the page shows: the same
filters, sort and the user's scope. Every personal cell goes through `core.privacy`
(`personal_column`), so masking in a workbook equals masking on a page.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from core import privacy

# Cell formats a column may have (`Column.format`); the writer maps them to Excel formats.
TEXT = "text"
NIK = "nik"  # digits kept as text: never a number, never 3.67401E+15
DATE = "date"
DATETIME = "datetime"
INTEGER = "integer"
RUPIAH = "rupiah"
PERCENT = "percent"  # a share: 0.4 shows as 40,0%
PERCENT_FINE = "percent3"  # a small share: 0.0035 shows as 0,350% (the 2% indicator)
CHUNK = 2000  # rows read from the database at a time


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]
    width: int = 16
    format: str = TEXT


@dataclass(frozen=True)
class Chart:
    """A native Excel bar chart of the sheet's rows: categories from one column, one series per
    value column (by header), placed beside the table."""

    title: str
    category: int  # 1-based column index
    values: tuple[int, ...]
    percent: bool = False
    axis_format: str = "0%"  # of the value axis, when `percent`


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable  # a queryset (streamed) or a list
    _count: int | None = None
    charts: list[Chart] = field(default_factory=list)
    # Called with each chunk of rows (a list) before it is written: per-page extras such as
    # flags a selector computes for the rows shown only.
    batch: Callable[[list], list] | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.rows.count() if isinstance(self.rows, QuerySet) else len(self.rows)
        return self._count

    def iter_rows(self):
        if not isinstance(self.rows, QuerySet):
            return iter(self.rows)
        # Chunked: memory stays flat however many rows.
        rows = self.rows.iterator(chunk_size=CHUNK)
        if self.batch is None:
            return rows
        return (row for chunk in iter(lambda: list(islice(rows, CHUNK)), []) for row in self.batch(chunk))


@dataclass
class Export:
    title: str
    filters: list[tuple[str, str]] = field(default_factory=list)  # (label, value) in words
    sheets: list[Sheet] = field(default_factory=list)

    def count(self) -> int:
        return sum(sheet.count() for sheet in self.sheets)

    def more_than(self, limit: int) -> bool:
        """Whether the export has more than `limit` rows, without counting them all: a page's
        request must not count a million rows (its queries have a time limit)."""
        seen = 0
        for sheet in self.sheets:
            if isinstance(sheet.rows, QuerySet) and sheet._count is None:
                seen += sheet.rows.order_by()[: limit + 1 - seen].count()
            else:
                seen += sheet.count()
            if seen > limit:
                return True
        return False


class Exporter:
    kind: str = ""
    title = ""
    # Whether the file holds personal data (then every export of it is logged as such).
    contains_personal_data = True
    # Figures over the user's whole scope (seconds at a city's scale): always written by a
    # worker, never in a page's request, whatever the number of rows.
    background = False

    def allowed(self, user) -> bool:
        raise NotImplementedError

    def describe(self, *, user, params: QueryDict) -> list[tuple[str, str]]:
        """The filters in words, without reading the rows (a background exporter's request)."""
        return self.build(user=user, params=params).filters

    def build(self, *, user, params: QueryDict) -> Export:
        """The export of the list as `user` sees it with `params` (the list's GET). May raise
        Http404 (a record out of the user's scope) like the page would."""
        raise NotImplementedError


def personal_column(
    user, model, name: str, header, get: Callable[[object], object], *, width: int = 16, format: str = TEXT
) -> Column | None:
    """The column of personal field `name` of `model` as `user` may see it (`core.privacy`):
    as it is, masked, an age instead of a birth date, or None (left out)."""
    how = privacy.show(user, model, name)
    if how.leaves_out:
        return None
    if how is privacy.Show.MASKED:
        return Column(header, lambda row: privacy.mask_value(v) if (v := get(row)) else "", width, TEXT)
    if how is privacy.Show.AGE:
        return Column(_("umur (tahun)"), lambda row: privacy.age(get(row)), 12, INTEGER)
    return Column(header, get, width, format)


def columns(*candidates: Column | None) -> list[Column]:
    return [c for c in candidates if c is not None]


def yes_no(value) -> str:
    return _("Ya") if value else _("Tidak")


def yes_no_column(header, get: Callable[[object], object], width: int = 12) -> Column:
    """A column of `yes_no(get(row))` whose two words are translated once, when the export is
    built (in the language it is written in), not once per row."""
    words = (_("Tidak"), _("Ya"))
    return Column(header, lambda row: words[bool(get(row))], width)


def choice_column(header, get: Callable[[object], object], choices, width: int = 16) -> Column:
    """A column of a choice field's label, as `get_FOO_display()` gives it, with the labels
    translated once when the export is built rather than once per row."""
    labels = {value: str(label) for value, label in choices}
    return Column(header, lambda row: labels.get(value, value) if (value := get(row)) is not None else None, width)


def label_of(choices, value) -> str:
    return str(dict(choices).get(value, value or ""))


def form_words(form: forms.Form, *, skip: Iterable[str] = ("per_page",)) -> list[tuple[str, str]]:
    """The filters a (bound) list form applies, in words: ("Kecamatan", "Ciputat"). A search
    text made of digits (a NIK, or its start) is written masked: the log must not hold it."""
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    words = []
    for name, form_field in form.fields.items():
        if name in skip or name in form.errors:
            continue
        value = data.get(name)
        if value in (None, "", [], ()):
            continue
        if isinstance(form_field, forms.ChoiceField) and not isinstance(form_field, forms.ModelChoiceField):
            text = label_of(form_field.choices, value)
        else:
            text = str(value)
        compact = text.replace(" ", "")
        if compact.isdigit() and name == "q":
            text = privacy.mask_value(compact)
        words.append((str(form_field.label), text))
    return words


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def as_number(value):
    return float(value) if isinstance(value, Decimal) else value
