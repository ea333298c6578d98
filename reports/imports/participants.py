"""The participant import: its columns, its template, and the check/apply of its rows.

The rules are participant_register's (participants.services), checked for all rows at once:
what needs no database per row (the NIK against birth date and sex, consent, the phone, the
user's kelurahan), what does in a few queries for the whole file (NIKs already registered,
namesakes with the same birth date). The write is participants_register_bulk: bulk_create in
batches inside the one transaction, with the kept `real_until` and an audit entry per row.
What the service would ask the user to confirm (a NIK with an old region code, a namesake
with the same birth date) is listed as a warning in the preview; confirming the import is the
user's answer to it.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scoping import scope_queryset
from participants.models import Participant
from participants.nik import check_nik_matches, nik_region_warning
from participants.phone import normalize_phone
from participants.services import (
    DuplicateNikError,
    name_key,
    namesakes_registered,
    participants_register_bulk,
    participants_with_niks,
)
from regions.models import Kecamatan, Kelurahan

from .base import LISTS_SHEET, NO, YES, Dropdown, ImportKind, Result, Row, chunks, yes_no
from .reader import Cell, Problem, parse_date

NAME_MAX = Participant._meta.get_field("name").max_length
__all__ = ["COLUMNS", "IMPORT", "KIND", "LISTS_SHEET", "ParticipantImport"]


def _sexes() -> dict[str, str]:
    words = {c.casefold(): c for c, _label in Participant.Sex.choices}
    words.update({str(label).casefold(): c for c, label in Participant.Sex.choices})
    words.update({"laki-laki": Participant.Sex.MALE, "perempuan": Participant.Sex.FEMALE})
    return words


class Regions:
    """Kecamatan and kelurahan by name, and the user's scope, looked up once per file."""

    def __init__(self, user):
        self.kecamatan = {k.name.casefold(): k for k in Kecamatan.objects.all()}
        self.allowed = set(scope_queryset(user, Kecamatan.objects.all()).values_list("pk", flat=True))
        self.allowed_kelurahan = set(scope_queryset(user, Kelurahan.objects.all()).values_list("pk", flat=True))
        self.kelurahan = {(k.kecamatan_id, k.name.casefold()): k for k in Kelurahan.objects.select_related("kecamatan")}
        self.sexes = _sexes()
        self.trusted = False  # the apply reuses the preview's check (ImportKind.trust)

    def digest_parts(self) -> tuple:
        return (
            sorted((k.pk, k.name) for k in self.kecamatan.values()),
            sorted((k.pk, k.kecamatan_id, k.name) for k in self.kelurahan.values()),
            sorted(self.allowed),
            sorted(self.allowed_kelurahan),
        )

    def kecamatan_of(self, text: str, bad, key="kecamatan"):
        kecamatan = self.kecamatan.get(text.casefold())
        if kecamatan is None:
            bad(key, _("Kecamatan “%(name)s” tidak dikenal.") % {"name": text[:50]})
        elif kecamatan.pk not in self.allowed:
            bad(key, _("Kecamatan %(name)s di luar wilayah tugas Anda.") % {"name": kecamatan.name})
        else:
            return kecamatan
        return None


class ParticipantImport(ImportKind):
    KIND = "peserta"
    TITLE = gettext_lazy("Peserta (daftar registrasi)")
    SHEET = gettext_lazy("Peserta")
    PERMISSION = "participants.add_participant"
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
    TEXT_COLUMNS = ("nik", "phone")
    NUMBER_REFUSED = ("nik",)
    DATE_COLUMNS = ("birth_date",)
    WIDTHS = {
        "nik": 20,
        "name": 28,
        "sex": 14,
        "birth_date": 14,
        "phone": 16,
        "address": 36,
        "kecamatan": 18,
        "kelurahan": 20,
        "consent_given": 12,
    }
    HELP = [
        gettext_lazy(
            "Unduh template, isi satu baris per peserta. Kolom NIK sudah berformat teks: ketik atau tempel NIK "
            "sebagai teks agar Excel tidak mengubahnya menjadi angka."
        ),
    ]

    def dropdowns(self, user) -> list[Dropdown]:
        def kecamatan():
            return scope_queryset(user, Kecamatan.objects.order_by("name")).values_list("name", flat=True)

        def kelurahan():
            names = set(scope_queryset(user, Kelurahan.objects.all()).values_list("name", flat=True))
            return sorted(names, key=str.casefold)

        return [
            Dropdown(
                "sex",
                _("Pilih jenis kelamin dari daftar."),
                choices=[label for _code, label in Participant.Sex.choices],
            ),
            Dropdown("kecamatan", _("Pilih kecamatan dari daftar."), names=kecamatan),
            Dropdown("kelurahan", _("Pilih kelurahan dari daftar."), names=kelurahan),
            Dropdown("consent_given", _("Isi Ya jika peserta sudah memberi persetujuan."), choices=[YES, NO]),
        ]

    def context(self, user):
        return Regions(user)

    def parse(self, regions: Regions, number: int, cells: dict[str, Cell], bad) -> dict | None:
        """The service's keywords from one row, or None after listing what is wrong in it."""
        values = {"nik": cells["nik"].text().strip()}
        values["name"] = cells["name"].text()
        if not values["name"]:
            bad("name", _("Nama wajib diisi."))
        elif len(values["name"]) > NAME_MAX:
            bad("name", _("Nama paling panjang %(n)d huruf.") % {"n": NAME_MAX})
        sex = regions.sexes.get(cells["sex"].text().casefold())
        if sex is None:
            bad("sex", _("Jenis kelamin diisi Laki-laki atau Perempuan."))
        else:
            values["sex"] = sex
        try:
            values["consent_given"] = yes_no(cells["consent_given"].text(), _("Persetujuan diisi Ya atau Tidak."))
        except ValidationError as exc:
            bad("consent_given", exc.messages[0])
        try:
            values["birth_date"] = parse_date(cells["birth_date"])
        except ValidationError as exc:
            bad("birth_date", exc.messages[0])
        values["phone"] = cells["phone"].text()
        try:
            normalize_phone(values["phone"])
        except ValidationError as exc:
            bad("phone", exc.messages[0])
        values["address"] = cells["address"].text()
        kecamatan = regions.kecamatan_of(cells["kecamatan"].text(), bad)
        kelurahan = None
        if kecamatan is not None:
            kelurahan = regions.kelurahan.get((kecamatan.pk, cells["kelurahan"].text().casefold()))
            if kelurahan is None:
                bad(
                    "kelurahan",
                    _("Kelurahan “%(name)s” tidak ada di Kecamatan %(kecamatan)s.")
                    % {"name": cells["kelurahan"].text()[:50], "kecamatan": kecamatan.name},
                )
            elif kelurahan.pk not in regions.allowed_kelurahan:
                bad("kelurahan", _("Kelurahan %(name)s di luar wilayah tugas Anda.") % {"name": kelurahan.name})
        values["kelurahan"] = kelurahan
        if kelurahan is None or "sex" not in values or "birth_date" not in values or "consent_given" not in values:
            return values
        if regions.trusted:
            return values
        # participant_register's own checks, in its order of fields.
        for key, error in check_nik_matches(values["nik"], birth_date=values["birth_date"], sex=values["sex"]).items():
            for message in error.messages:
                bad(key, message)
        if not values["consent_given"]:
            bad("consent_given", _("Persetujuan peserta wajib ada sebelum data pribadinya disimpan."))
        return values

    def file_key(self, values: dict):
        return values["nik"], "nik"

    def duplicate_message(self, first_row: int) -> str:
        return _("NIK ini sudah ada di baris %(row)d berkas ini.") % {"row": first_row}

    def check_database(self, regions, user, rows: list[Row], result: Result) -> None:
        taken = participants_with_niks(row.values["nik"] for row in rows)
        visible = set()
        for batch in chunks([p.pk for p in taken.values()], 1000):
            visible |= set(scope_queryset(user, Participant.objects.filter(pk__in=batch)).values_list("pk", flat=True))
        namesakes = namesakes_registered({(name_key(r.values["name"]), r.values["birth_date"]) for r in rows})
        in_file: set = set()
        for row in rows:
            values = row.values
            existing = taken.get(values["nik"])
            if existing is not None:
                link = reverse("participants:detail", kwargs={"pk": existing.pk}) if existing.pk in visible else ""
                result.errors.append(
                    Problem(row.number, self.header("nik"), str(DuplicateNikError(existing).messages[0]), link=link)
                )
                continue
            # The service's questions, answered by confirming the import.
            if nik_region_warning(values["nik"]) is not None:
                result.warnings.append(Problem(row.number, self.header("nik"), _warning("nik_confirmed")))
            same = (name_key(values["name"]), values["birth_date"])
            if same in namesakes or same in in_file:
                result.warnings.append(Problem(row.number, self.header("name"), _warning("different_person")))
            in_file.add(same)

    def state(self, regions, user) -> str:
        """The regions and the user's scope as the check saw them, and the participants: how many,
        the highest id and the latest change (a registration, an import's bulk_create, a corrected
        NIK or name all move one of them; a deletion lowers the count)."""
        seen = Participant.objects.aggregate(n=Count("pk"), last=Max("pk"), changed=Max("updated_at"))
        parts = (regions.digest_parts(), seen["n"], seen["last"], str(seen["changed"]))
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    def trust(self, regions) -> None:
        regions.trusted = True

    def write(self, regions, user, rows: list[Row], result: Result, progress) -> None:
        try:
            participants_register_bulk(user=user, rows=[r.values for r in rows], on_progress=progress)
        except DuplicateNikError as exc:
            number = next(r.number for r in rows if r.values["nik"] == exc.existing.nik)
            result.errors.append(Problem(number, self.header("nik"), exc.messages[0]))


def _warning(key: str) -> str:
    if key == "nik_confirmed":
        return _("Kode wilayah di NIK tidak ada di daftar kode terkini (NIK lama sebelum pemekaran?).")
    return _("Sudah ada peserta dengan nama dan tanggal lahir yang sama; pastikan ini orang yang berbeda.")


IMPORT = ParticipantImport()
KIND = IMPORT.KIND
COLUMNS = ParticipantImport.COLUMNS
