"""The participant import: its columns, its template, and the check/apply of its rows.

Every row goes through `participants.services.participant_register`, the very service the
registration form calls, inside one transaction: the preview rolls it back, the apply keeps
it only when no row failed. What the service would ask the user to confirm (a NIK with an
old region code, a namesake with the same birth date) is listed as a warning in the preview;
confirming the import is the user's answer to it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.scoping import scope_queryset
from participants.models import Participant
from participants.phone import normalize_phone
from participants.services import ConfirmationNeeded, DuplicateNikError, participant_register
from regions.models import Kecamatan, Kelurahan

from .reader import SCIENTIFIC, Cell, Problem, iter_rows, parse_date

KIND = "peserta"
TITLE = gettext_lazy("Peserta (daftar registrasi)")
# (service keyword, header); the order is the template's.
COLUMNS = [
    ("nik", gettext_lazy("NIK")),
    ("name", gettext_lazy("Nama")),
    ("sex", gettext_lazy("Jenis kelamin")),
    ("birth_date", gettext_lazy("Tanggal lahir")),
    ("phone", gettext_lazy("HP")),
    ("address", gettext_lazy("Alamat")),
    ("kecamatan", gettext_lazy("Kecamatan")),
    ("kelurahan", gettext_lazy("Kelurahan")),
    ("consent_given", gettext_lazy("Persetujuan")),
]
WIDTH = len(COLUMNS)
YES, NO = gettext_lazy("Ya"), gettext_lazy("Tidak")
TEMPLATE_ROWS = 2000  # rows pre-formatted (NIK as text) and covered by the dropdowns
LISTS_SHEET = "Daftar"
NAME_MAX = Participant._meta.get_field("name").max_length


def header(key: str) -> str:
    return str(dict(COLUMNS)[key])


# ---- template -------------------------------------------------------------------------------


def template_workbook(*, user) -> bytes:
    """The .xlsx to fill: NIK and HP columns formatted as text, dropdowns for sex, kecamatan,
    kelurahan and consent; the kecamatan and kelurahan names (the user's scope) in a hidden sheet.
    Always in the source language, which is what the check reads, whoever runs it (a worker)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _template(user)


def _template(user) -> bytes:
    kecamatan = list(scope_queryset(user, Kecamatan.objects.order_by("name")).values_list("name", flat=True))
    kelurahan = sorted(
        set(scope_queryset(user, Kelurahan.objects.all()).values_list("name", flat=True)), key=str.casefold
    )
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Peserta"))
    ws.append([str(label) for _key, label in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    ws.freeze_panes = "A2"
    widths = {"A": 20, "B": 28, "C": 14, "D": 14, "E": 16, "F": 36, "G": 18, "H": 20, "I": 12}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    for letter in ("A", "E"):  # NIK and HP: text, so Excel keeps every digit and the leading 0
        ws.column_dimensions[letter].number_format = "@"
        for row in range(2, TEMPLATE_ROWS + 2):
            ws[f"{letter}{row}"].number_format = "@"
    for row in range(2, TEMPLATE_ROWS + 2):
        ws[f"D{row}"].number_format = "dd-mm-yyyy"

    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    lists.append([str(header("kecamatan")), str(header("kelurahan"))])
    for i in range(max(len(kecamatan), len(kelurahan))):
        lists.append([kecamatan[i] if i < len(kecamatan) else None, kelurahan[i] if i < len(kelurahan) else None])
    last = TEMPLATE_ROWS + 1

    def dropdown(formula: str, column: str, prompt: str) -> None:
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
        dv.error = prompt
        dv.errorTitle = str(_("Isian tidak dikenal"))
        ws.add_data_validation(dv)
        dv.add(f"{column}2:{column}{last}")

    sexes = ",".join(str(label) for _code, label in Participant.Sex.choices)
    dropdown(f'"{sexes}"', "C", str(_("Pilih jenis kelamin dari daftar.")))
    dropdown(f"{LISTS_SHEET}!$A$2:$A${len(kecamatan) + 1}", "G", str(_("Pilih kecamatan dari daftar.")))
    dropdown(f"{LISTS_SHEET}!$B$2:$B${len(kelurahan) + 1}", "H", str(_("Pilih kelurahan dari daftar.")))
    dropdown(f'"{YES},{NO}"', "I", str(_("Isi Ya jika peserta sudah memberi persetujuan.")))
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ---- check and apply ------------------------------------------------------------------------


@dataclass
class Result:
    total: int = 0
    applied: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


class _Rollback(Exception):
    pass


def _sex(text: str) -> str:
    words = {c.casefold(): c for c, _label in Participant.Sex.choices}
    words.update({str(label).casefold(): c for c, label in Participant.Sex.choices})
    words.update({"laki-laki": Participant.Sex.MALE, "perempuan": Participant.Sex.FEMALE})
    code = words.get(text.casefold())
    if code is None:
        raise ValidationError(_("Jenis kelamin diisi Laki-laki atau Perempuan."), code="sex")
    return code


def _consent(text: str) -> bool:
    if text.casefold() in {str(YES).casefold(), "ya", "yes", "y"}:
        return True
    if text.casefold() in {str(NO).casefold(), "tidak", "no", "n", ""}:
        return False
    raise ValidationError(_("Persetujuan diisi Ya atau Tidak."), code="consent")


class _Regions:
    """Kecamatan and kelurahan by name, looked up once per file."""

    def __init__(self, user):
        self.kecamatan = {k.name.casefold(): k for k in Kecamatan.objects.all()}
        self.allowed = set(scope_queryset(user, Kecamatan.objects.all()).values_list("pk", flat=True))
        self.kelurahan = {(k.kecamatan_id, k.name.casefold()): k for k in Kelurahan.objects.select_related("kecamatan")}


def _values(number: int, cells: list[Cell], regions: _Regions, problems: list[Problem]) -> dict | None:
    """The service's keywords from one row, or None after listing what is wrong in it."""
    found = []

    def bad(key: str, message) -> None:
        found.append(Problem(number, header(key), str(message)))

    by_key = dict(zip([key for key, _label in COLUMNS], cells, strict=True))
    for key, cell in by_key.items():
        if cell.is_formula:
            bad(key, _("Sel berisi rumus; tulis nilainya saja (salin lalu tempel sebagai nilai)."))
    if found:
        problems += found
        return None
    values = {}
    nik = by_key["nik"]
    if nik.is_number or (isinstance(nik.value, str) and SCIENTIFIC.match(nik.value)):
        bad(
            "nik",
            # No value in the message: the job's report must not hold a NIK.
            _(
                "NIK tersimpan sebagai angka oleh Excel, sehingga digit terakhirnya bisa hilang; "
                "format kolom NIK sebagai Teks lalu ketik ulang NIK-nya."
            ),
        )
    else:
        values["nik"] = nik.text()
    values["name"] = by_key["name"].text()
    if not values["name"]:
        bad("name", _("Nama wajib diisi."))
    elif len(values["name"]) > NAME_MAX:
        bad("name", _("Nama paling panjang %(n)d huruf.") % {"n": NAME_MAX})
    for key, parse in (("sex", _sex), ("consent_given", _consent)):
        try:
            values[key] = parse(by_key[key].text())
        except ValidationError as exc:
            bad(key, exc.messages[0])
    try:
        values["birth_date"] = parse_date(by_key["birth_date"])
    except ValidationError as exc:
        bad("birth_date", exc.messages[0])
    values["phone"] = by_key["phone"].text()
    try:
        normalize_phone(values["phone"])
    except ValidationError as exc:
        bad("phone", exc.messages[0])
    values["address"] = by_key["address"].text()
    kecamatan = regions.kecamatan.get(by_key["kecamatan"].text().casefold())
    if kecamatan is None:
        bad("kecamatan", _("Kecamatan “%(name)s” tidak dikenal.") % {"name": by_key["kecamatan"].text()[:50]})
    elif kecamatan.pk not in regions.allowed:
        bad("kecamatan", _("Kecamatan %(name)s di luar wilayah tugas Anda.") % {"name": kecamatan.name})
    else:
        kelurahan = regions.kelurahan.get((kecamatan.pk, by_key["kelurahan"].text().casefold()))
        if kelurahan is None:
            bad(
                "kelurahan",
                _("Kelurahan “%(name)s” tidak ada di Kecamatan %(kecamatan)s.")
                % {"name": by_key["kelurahan"].text()[:50], "kecamatan": kecamatan.name},
            )
        values["kelurahan"] = kelurahan
    if found:
        problems += found
        return None
    return values


# The service's keywords, which are also the column keys its errors are reported under.
FIELD_COLUMNS = ["nik", "name", "sex", "birth_date", "phone", "address", "kelurahan", "consent_given"]


def _service_problems(number: int, exc: ValidationError) -> list[Problem]:
    out = []
    for key, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [("nik", exc.messages)]:
        column = header(key if key in FIELD_COLUMNS else "nik")
        out += [Problem(number, column, message) for message in errors]
    return out


def _participant_link(user, participant: Participant) -> str:
    if scope_queryset(user, Participant.objects.filter(pk=participant.pk)).exists():
        return reverse("participants:detail", kwargs={"pk": participant.pk})
    return ""


def run(*, user, path, apply: bool, on_progress: Callable[[int, int], None] | None = None) -> Result:
    """Check every row of the file at `path` as `user`; with `apply`, keep the rows when none
    failed. Nothing is written otherwise: the whole run is one transaction, rolled back."""
    rows = list(iter_rows(path, width=WIDTH))
    result = Result()
    with translation.override(settings.LANGUAGE_CODE):
        expected_header = [str(h).casefold() for _k, h in COLUMNS]
    if not rows or [c.text().casefold() for c in rows[0][1]] != expected_header:
        expected = ", ".join(str(h) for _k, h in COLUMNS)
        result.errors.append(Problem(1, "", _("Baris 1 harus judul kolom template: %(cols)s.") % {"cols": expected}))
        return result
    data = rows[1:]
    result.total = len(data)
    if not data:
        result.errors.append(Problem(2, "", _("Berkas tidak berisi baris data.")))
        return result
    regions = _Regions(user)
    seen: dict[str, int] = {}
    try:
        with transaction.atomic():
            for i, (number, cells) in enumerate(data, start=1):
                _row(user, number, cells, regions, seen, result)
                if on_progress and i % 100 == 0:
                    on_progress(i, result.total)
            if result.errors or not apply:
                raise _Rollback
            result.applied = result.total
    except _Rollback:
        result.applied = 0
    return result


def _row(user, number: int, cells: list[Cell], regions: _Regions, seen: dict, result: Result) -> None:
    values = _values(number, cells, regions, result.errors)
    if values is None:
        return
    nik = values["nik"].strip()
    if nik in seen:
        result.errors.append(
            Problem(number, header("nik"), _("NIK ini sudah ada di baris %(row)d berkas ini.") % {"row": seen[nik]})
        )
        return
    seen[nik] = number
    kwargs = {key: values[key] for key in FIELD_COLUMNS}
    try:
        participant_register(user=user, **kwargs)
    except DuplicateNikError as exc:
        result.errors.append(
            Problem(number, header("nik"), exc.messages[0], link=_participant_link(user, exc.existing))
        )
    except ConfirmationNeeded as exc:
        # The preview shows it; confirming the import is the user's answer (the form's checkbox).
        for key in exc.error_dict:
            result.warnings.append(Problem(number, header("nik" if key == "nik_confirmed" else "name"), _warning(key)))
        try:
            participant_register(user=user, **kwargs, nik_confirmed=True, different_person=True)
        except ValidationError as again:
            result.errors += _service_problems(number, again)
    except ValidationError as exc:
        result.errors += _service_problems(number, exc)


def _warning(key: str) -> str:
    if key == "nik_confirmed":
        return _("Kode wilayah di NIK tidak ada di daftar kode terkini (NIK lama sebelum pemekaran?).")
    return _("Sudah ada peserta dengan nama dan tanggal lahir yang sama; pastikan ini orang yang berbeda.")


def problems_dicts(problems: list[Problem]) -> list[dict]:
    return [p.as_dict() for p in problems]
