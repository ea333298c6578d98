"""The inventory-visit import: visits written on paper forms, brought in through the same
machinery as participants (reports.imports.base), written through the visit form's own
service (`inventory.services.visit_record`), so a business's last visit, its owner's
real-entrepreneur status and the curation nomination follow as they do from the phone.

A row names its business by its ID (shown in the template's *Usaha* sheet and in the
business's address, /inventaris/<ID>/), or else by its NIB, or else by its owner's NIK; the
business's name must match too, so a mistyped ID cannot land on another business. The
business must be in the uploader's area and in the officer's (the *Petugas* column, a
username; empty: the uploader). A business visited twice on one date in the file, or already
visited on that date, is refused.
"""

from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.scoping import scope_queryset
from core.derived import refresh_deferred
from inventory.models import Business, InventoryVisit
from inventory.services import visit_check, visit_record
from participants.services import name_key
from regions.models import Kecamatan

from .base import LISTS_SHEET, NO, YES, Dropdown, ImportKind, Result, Row, chunks, yes_no
from .reader import Cell, Problem, parse_date

REFERENCE_SHEET = "Usaha"
REFERENCE_ROWS = 5000  # businesses listed in the template's reference sheet
TEXT_MAX = 2000


def _number(cell: Cell) -> Decimal | None:
    """A count or an amount: a number cell, or digits as text (with . or spaces between thousands)."""
    if cell.value in (None, ""):
        return None
    if cell.is_number:
        value = Decimal(str(cell.value))
    else:
        text = "".join(cell.text().split()).replace(".", "").replace(",", "")
        if text.lower().startswith("rp"):
            text = text[2:]
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_("Isi dengan angka, tanpa huruf."), code="number") from None
    if value < 0:
        raise ValidationError(_("Tidak boleh kurang dari 0."), code="negative")
    if value != value.to_integral_value():
        raise ValidationError(_("Isi dengan bilangan bulat."), code="whole")
    return value


def _degrees(cell: Cell) -> Decimal | None:
    if cell.value in (None, ""):
        return None
    try:
        value = Decimal(str(cell.value) if cell.is_number else cell.text().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Isi derajat desimal, mis. -6.31234."), code="degrees") from None
    return round(value, 6)


def _officers_in(user) -> dict[str, object]:
    """Active users in `user`'s area who may record visits, by username (casefolded)."""
    perm = Permission.objects.get(codename="add_inventoryvisit", content_type__app_label="inventory")
    users = scope_queryset(
        user,
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions=perm) | Q(user_permissions=perm))
        .distinct(),
    )
    return {u.username.casefold(): u for u in users}


class _Context:
    def __init__(self, user):
        self.user = user
        self.officers = _officers_in(user)
        self.areas: dict[int, set[int]] = {}  # officer pk -> the kecamatan they may work in

    def area_of(self, officer) -> set[int]:
        if officer.pk not in self.areas:
            self.areas[officer.pk] = set(scope_queryset(officer, Kecamatan.objects.all()).values_list("pk", flat=True))
        return self.areas[officer.pk]


class VisitImport(ImportKind):
    KIND = "kunjungan"
    TITLE = gettext_lazy("Kunjungan inventaris (formulir kertas)")
    SHEET = gettext_lazy("Kunjungan")
    PERMISSION = "inventory.add_inventoryvisit"
    COLUMNS = [
        ("business_id", gettext_lazy("ID usaha")),
        ("nib", gettext_lazy("NIB")),
        ("owner_nik", gettext_lazy("NIK pemilik")),
        ("business_name", gettext_lazy("Nama usaha")),
        ("visited_on", gettext_lazy("Tanggal kunjungan")),
        ("officer", gettext_lazy("Petugas")),
        ("status", gettext_lazy("Kondisi usaha")),
        ("active_members", gettext_lazy("Anggota aktif")),
        ("monthly_output", gettext_lazy("Produksi per bulan (unit)")),
        ("monthly_turnover", gettext_lazy("Omzet per bulan (Rp)")),
        ("products_seen", gettext_lazy("Produk yang dilihat")),
        ("latitude", gettext_lazy("Lintang")),
        ("longitude", gettext_lazy("Bujur")),
        ("notes", gettext_lazy("Catatan")),
        ("recommend_for_exhibition", gettext_lazy("Rekomendasi pameran")),
    ]
    TEXT_COLUMNS = ("nib", "owner_nik")
    NUMBER_REFUSED = ("nib", "owner_nik")
    DATE_COLUMNS = ("visited_on",)
    WIDTHS = {
        "business_id": 10,
        "nib": 16,
        "owner_nik": 20,
        "business_name": 28,
        "visited_on": 14,
        "officer": 18,
        "status": 16,
        "products_seen": 28,
        "notes": 36,
        "recommend_for_exhibition": 12,
    }
    HELP = [
        gettext_lazy(
            "Unduh template, isi satu baris per kunjungan. Sebut usahanya dengan ID usaha (lihat lembar Usaha), "
            "atau NIB, atau NIK pemilik, dan nama usahanya. Kolom NIB dan NIK berformat teks."
        ),
    ]

    def dropdowns(self, user) -> list[Dropdown]:
        return [
            Dropdown("officer", _("Pilih petugas dari daftar."), names=lambda: sorted(_officers_in(user))),
            Dropdown(
                "status",
                _("Pilih kondisi usaha dari daftar."),
                choices=[label for _code, label in InventoryVisit.Status.choices],
            ),
            Dropdown(
                "recommend_for_exhibition",
                _("Isi Ya bila usaha ini direkomendasikan untuk pameran."),
                choices=[YES, NO],
            ),
        ]

    def extra_sheets(self, wb: Workbook, user) -> None:
        """The businesses of the user's area, with the ID a row names them by."""
        ws = wb.create_sheet(REFERENCE_SHEET)
        ws.append([str(_("ID usaha")), str(_("Nama usaha")), str(_("NIB")), str(_("Kelurahan")), str(_("Kecamatan"))])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        businesses = scope_queryset(user, Business.objects.all()).order_by(
            "kelurahan__kecamatan__name", "kelurahan__name", "name", "pk"
        )
        for row in businesses.values_list("pk", "name", "nib", "kelurahan__name", "kelurahan__kecamatan__name")[
            :REFERENCE_ROWS
        ]:
            ws.append(list(row))
        for letter, width in {"A": 10, "B": 36, "C": 16, "D": 20, "E": 18}.items():
            ws.column_dimensions[letter].width = width

    def context(self, user):
        return _Context(user)

    def parse(self, ctx: _Context, number: int, cells: dict[str, Cell], bad) -> dict | None:
        values: dict = {"nib": cells["nib"].text(), "owner_nik": "".join(cells["owner_nik"].text().split())}
        raw_id = cells["business_id"]
        values["business_id"] = None
        if raw_id.value not in (None, ""):
            text = raw_id.text().lstrip("#")
            if text.isdigit():
                values["business_id"] = int(text)
            else:
                bad("business_id", _("ID usaha berupa angka, seperti di lembar Usaha."))
        if values["business_id"] is None and not values["nib"] and not values["owner_nik"] and not raw_id.text():
            bad("business_id", _("Isi ID usaha, atau NIB, atau NIK pemilik."))
        values["business_name"] = cells["business_name"].text()
        if not values["business_name"]:
            bad("business_name", _("Nama usaha wajib diisi (untuk mencocokkan usahanya)."))
        try:
            values["visited_on"] = parse_date(cells["visited_on"])
        except ValidationError as exc:
            bad("visited_on", exc.messages[0])
        username = cells["officer"].text()
        officer = ctx.officers.get(username.casefold()) if username else ctx.user
        if officer is None:
            bad("officer", _("Petugas “%(name)s” tidak dikenal di wilayah Anda.") % {"name": username[:50]})
        values["officer"] = officer
        statuses = {str(label).casefold(): code for code, label in InventoryVisit.Status.choices}
        statuses.update({code: code for code in InventoryVisit.Status.values})
        values["status"] = statuses.get(cells["status"].text().casefold(), "")
        if not values["status"]:
            bad(
                "status",
                _("Kondisi usaha diisi salah satu: %(choices)s.")
                % {"choices": ", ".join(str(label) for _c, label in InventoryVisit.Status.choices)},
            )
        for key in ("active_members", "monthly_output", "monthly_turnover"):
            try:
                amount = _number(cells[key])
            except ValidationError as exc:
                bad(key, exc.messages[0])
            else:
                values[key] = amount if amount is None or key == "monthly_turnover" else int(amount)
        for key in ("latitude", "longitude"):
            try:
                values[key] = _degrees(cells[key])
            except ValidationError as exc:
                bad(key, exc.messages[0])
        for key in ("products_seen", "notes"):
            values[key] = cells[key].text()
            if len(values[key]) > TEXT_MAX:
                bad(key, _("Paling panjang %(n)d huruf.") % {"n": TEXT_MAX})
        try:
            values["recommend_for_exhibition"] = yes_no(
                cells["recommend_for_exhibition"].text(), _("Rekomendasi pameran diisi Ya atau Tidak.")
            )
        except ValidationError as exc:
            bad("recommend_for_exhibition", exc.messages[0])
        if "visited_on" in values and values["status"] and "latitude" in values and "longitude" in values:
            # The visit form's service's own rules.
            try:
                values["location_accuracy"], values["location_source"] = visit_check(
                    visited_on=values["visited_on"],
                    status=values["status"],
                    latitude=values["latitude"],
                    longitude=values["longitude"],
                    location_source=InventoryVisit.LocationSource.TYPED,
                )
            except ValidationError as exc:
                for key, messages in (
                    exc.message_dict.items() if hasattr(exc, "error_dict") else [("latitude", exc.messages)]
                ):
                    for message in messages:
                        bad(key if key in dict(self.COLUMNS) else "latitude", message)
        return values

    def _resolve(self, user, rows: list[Row], result: Result) -> None:
        """Each row's business, found for all rows in a few queries; a problem otherwise."""
        ids = {r.values["business_id"] for r in rows if r.values["business_id"] is not None}
        by_id = {}
        for batch in chunks(sorted(ids), 1000):
            by_id.update(Business.objects.filter(pk__in=batch).select_related("kelurahan").in_bulk())
        area = set(scope_queryset(user, Kecamatan.objects.all()).values_list("pk", flat=True))
        nibs = {r.values["nib"] for r in rows if r.values["business_id"] is None and r.values["nib"]}
        niks = {
            r.values["owner_nik"]
            for r in rows
            if r.values["business_id"] is None and not r.values["nib"] and r.values["owner_nik"]
        }
        candidates: dict[tuple[str, str], list[Business]] = {}
        scoped = scope_queryset(user, Business.objects.select_related("kelurahan", "owner_participant"))
        for batch in chunks(sorted(nibs), 1000):
            for b in scoped.filter(nib__in=batch):
                candidates.setdefault(("nib", b.nib), []).append(b)
        for batch in chunks(sorted(niks), 1000):
            for b in scoped.filter(Q(owner_nik__in=batch) | Q(owner_participant__nik__in=batch)):
                nik = b.owner_participant.nik if b.owner_participant_id else b.owner_nik
                candidates.setdefault(("nik", nik), []).append(b)
        for row in rows:
            v = row.values
            name = name_key(v["business_name"])
            if v["business_id"] is not None:
                business = by_id.get(v["business_id"])
                if business is None:
                    row.problem = ("business_id", _("Tidak ada usaha dengan ID %(id)d.") % {"id": v["business_id"]})
                elif business.kelurahan.kecamatan_id not in area:
                    row.problem = (
                        "business_id",
                        _("Usaha ID %(id)d di luar wilayah tugas Anda.") % {"id": v["business_id"]},
                    )
                elif name_key(business.name) != name:
                    row.problem = (
                        "business_name",
                        _("Nama usaha tidak cocok dengan usaha ID %(id)d (di portal: “%(name)s”).")
                        % {"id": business.pk, "name": business.name},
                    )
                else:
                    v["business"] = business
                continue
            key, column = (("nib", v["nib"]), "nib") if v["nib"] else (("nik", v["owner_nik"]), "owner_nik")
            found = [b for b in candidates.get(key, []) if name_key(b.name) == name]
            if len(found) == 1:
                v["business"] = found[0]
            elif found:
                row.problem = (column, _("Lebih dari satu usaha cocok; sebut usahanya dengan ID usaha."))
            elif column == "nib":
                row.problem = (column, _("Tidak ada usaha dengan NIB dan nama ini di wilayah tugas Anda."))
            else:
                row.problem = (column, _("Tidak ada usaha dengan NIK pemilik dan nama ini di wilayah tugas Anda."))

    def check_database(self, ctx: _Context, user, rows: list[Row], result: Result) -> None:
        for row in rows:
            row.problem = None
        self._resolve(user, rows, result)
        found = [r for r in rows if r.problem is None]
        pairs = {(r.values["business"].pk, r.values["visited_on"]) for r in found}
        visited = set()
        for batch in chunks(sorted(pairs), 500):
            q = Q()
            for business_id, day in batch:
                q |= Q(business_id=business_id, visited_on=day)
            visited |= set(InventoryVisit.objects.filter(q).values_list("business_id", "visited_on"))
        seen: dict = {}
        for row in rows:
            v = row.values
            if row.problem is None:
                business = v["business"]
                pair = (business.pk, v["visited_on"])
                if business.kelurahan.kecamatan_id not in ctx.area_of(v["officer"]):
                    row.problem = (
                        "officer",
                        _("Usaha ini di luar wilayah tugas petugas %(name)s.") % {"name": v["officer"].username},
                    )
                elif pair in seen:
                    row.problem = (
                        "visited_on",
                        _("Usaha ini sudah dikunjungi pada tanggal itu di baris %(row)d berkas ini.")
                        % {"row": seen[pair]},
                    )
                elif pair in visited:
                    row.problem = ("visited_on", _("Kunjungan ke usaha ini pada tanggal itu sudah tercatat."))
                else:
                    seen[pair] = row.number
            if row.problem is not None:
                result.errors.append(Problem(row.number, self.header(row.problem[0]), str(row.problem[1])))

    def write(self, ctx: _Context, user, rows: list[Row], result: Result, progress) -> None:
        fields = [
            "visited_on",
            "status",
            "active_members",
            "monthly_output",
            "monthly_turnover",
            "products_seen",
            "latitude",
            "longitude",
            "location_accuracy",
            "location_source",
            "notes",
            "recommend_for_exhibition",
        ]
        # Each business's last visit (and its owner's status) is refreshed once, at the end.
        with refresh_deferred():
            for i, row in enumerate(rows, start=1):
                v = row.values
                try:
                    visit_record(business=v["business"], officer=v["officer"], actor=user, **{k: v[k] for k in fields})
                except ValidationError as exc:
                    for message in exc.messages:
                        result.errors.append(Problem(row.number, "", message))
                if i % 50 == 0:
                    progress(i, len(rows))


IMPORT = VisitImport()
KIND = IMPORT.KIND
COLUMNS = VisitImport.COLUMNS
__all__ = ["COLUMNS", "IMPORT", "KIND", "LISTS_SHEET", "REFERENCE_SHEET", "VisitImport"]
