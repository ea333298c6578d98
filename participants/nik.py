"""NIK (Nomor Induk Kependudukan): structure and agreement with birth date and sex.

A NIK is 16 digits: province (2), regency/city (2), district (2), birth date as
DDMMYY with 40 added to the day for women, and a 4-digit serial. There is no check
digit. People who moved to Tangsel keep their old NIK, so no prefix is required.

The region digits are checked against the Kemendagri code list (`regions.codes`): an
unknown province is an error; an unknown regency or district is only a warning
(`nik_region_warning`), because a NIK issued before a region was split or renamed keeps
its old code.

Masking a NIK for roles that may not see it is core.privacy's.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from regions import codes as region_codes

MALE = "L"
FEMALE = "P"


@dataclass(frozen=True)
class NikParts:
    region: str
    birth_date_ddmmyy: str
    sex: str
    day: int
    month: int
    yy: int
    serial: str


def parse_nik(value: str) -> NikParts:
    """Split a NIK into its parts or raise ValidationError saying which part is wrong."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("NIK wajib diisi."), code="required")
    if not value.isascii() or not value.isdigit():
        raise ValidationError(_("NIK hanya boleh berisi angka 0–9."), code="nik_digits")
    if len(value) != 16:
        raise ValidationError(
            _("NIK harus 16 digit; yang diisi %(count)d digit.") % {"count": len(value)},
            code="nik_length",
        )
    if value[:2] == "00" or value[2:4] == "00" or value[4:6] == "00":
        raise ValidationError(
            _("Digit 1–6 NIK (kode provinsi, kabupaten/kota, kecamatan) tidak boleh 00."),
            code="nik_region",
        )
    if not region_codes.exists(value[:2]):
        raise ValidationError(
            _(
                "Digit 1–2 NIK (kode provinsi) %(code)s tidak ada: tidak ada provinsi dengan kode itu "
                "dalam daftar wilayah Kemendagri. Periksa kembali NIK pada KTP."
            )
            % {"code": value[:2]},
            code="nik_province",
        )
    day, month, yy = int(value[6:8]), int(value[8:10]), int(value[10:12])
    sex = MALE
    if day > 40:
        day -= 40
        sex = FEMALE
    if not 1 <= month <= 12:
        raise ValidationError(
            _("Digit 9–10 NIK (bulan lahir) harus 01–12; yang diisi %(month)s.") % {"month": value[8:10]},
            code="nik_month",
        )
    if not 1 <= day <= 31:
        raise ValidationError(
            _(
                "Digit 7–8 NIK (tanggal lahir) harus 01–31 untuk laki-laki atau 41–71 untuk perempuan; "
                "yang diisi %(day)s."
            )
            % {"day": value[6:8]},
            code="nik_day",
        )
    # 2000 is a leap year, so Feb 29 is possible for some century; the full check
    # against the entered birth date happens in check_nik_matches.
    try:
        dt.date(2000, month, day)
    except ValueError:
        raise ValidationError(
            _("Digit 7–10 NIK menunjukkan tanggal lahir yang tidak ada (%(day)02d-%(month)02d).")
            % {"day": day, "month": month},
            code="nik_date",
        ) from None
    # 19yy and 20yy are leap years alike, except 1900 and 2000 (and 2000 is one).
    if (month, day) == (2, 29) and yy % 4:
        raise ValidationError(
            _("Digit 7–12 NIK menunjukkan 29-02-%(yy)02d, padahal tahun itu bukan tahun kabisat.") % {"yy": yy},
            code="nik_date",
        )
    if value[12:] == "0000":
        raise ValidationError(_("Digit 13–16 NIK (nomor urut) tidak boleh 0000."), code="nik_serial")
    return NikParts(
        region=value[:6],
        birth_date_ddmmyy=value[6:12],
        sex=sex,
        day=day,
        month=month,
        yy=yy,
        serial=value[12:],
    )


def validate_nik(value: str) -> None:
    """Model/form field validator: the structure, and a province that exists."""
    parse_nik(value)


def nik_region_warning(nik: str) -> ValidationError | None:
    """For a NIK that parses: why its regency (digits 3–4) or district (5–6) code needs a look
    at the KTP, or None when both are in the current code list."""
    _province, regency, district = region_codes.nik_region_codes(nik)
    old_code = _(
        "NIK yang terbit sebelum pemekaran atau perubahan wilayah tetap memakai kode lamanya, jadi NIK ini "
        "bisa saja benar: cocokkan dengan KTP, lalu centang “NIK sudah dicocokkan dengan KTP”."
    )
    if not region_codes.exists(regency):
        message = _(
            "Digit 3–4 NIK: kode kabupaten/kota %(code)s tidak ada dalam daftar wilayah Kemendagri terbaru "
            "(provinsi %(province)s)."
        ) % {"code": regency, "province": region_codes.name_of(nik[:2])}
    elif not region_codes.exists(district):
        message = _(
            "Digit 5–6 NIK: kode kecamatan %(code)s tidak ada dalam daftar wilayah Kemendagri terbaru (%(regency)s)."
        ) % {"code": district, "regency": region_codes.name_of(regency)}
    else:
        return None
    return ValidationError(f"{message} {old_code}", code="nik_region_unknown")


def check_nik_matches(nik: str, *, birth_date: dt.date | None, sex: str | None) -> dict[str, ValidationError]:
    """Errors per field where the NIK disagrees with the entered birth date or sex."""
    try:
        parts = parse_nik(nik)
    except ValidationError as exc:
        return {"nik": exc}
    errors = {}
    if sex in (MALE, FEMALE) and parts.sex != sex:
        if parts.sex == FEMALE:
            msg = _("NIK ini milik perempuan (tanggal lahir di NIK ditambah 40), tetapi jenis kelamin diisi laki-laki.")
        else:
            msg = _("NIK ini milik laki-laki (tanggal lahir di NIK di bawah 40), tetapi jenis kelamin diisi perempuan.")
        errors["sex"] = ValidationError(msg, code="nik_sex")
    if birth_date is not None and (
        birth_date.day != parts.day or birth_date.month != parts.month or birth_date.year % 100 != parts.yy
    ):
        errors["birth_date"] = ValidationError(
            _("Tanggal lahir tidak cocok dengan NIK: NIK menunjukkan %(nik_date)s, diisi %(entered)s.")
            % {
                "nik_date": f"{parts.day:02d}-{parts.month:02d}-..{parts.yy:02d}",
                "entered": birth_date.strftime("%d-%m-%Y"),
            },
            code="nik_birth_date",
        )
    return errors
