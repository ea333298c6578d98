"""The Kemendagri code list shipped in `regions/data/`, without the database.

Codes are written with dots (`36`, `36.74`, `36.74.01`, `36.74.01.1001`); the level is
the number of dots. The NIK check needs only provinsi, kabupaten/kota and kecamatan
(about 7,800 codes): they are read once per process, on first use. The 83k desa and
kelurahan are read only by `regions_of`, for loading one kabupaten/kota.
"""

import csv
import functools
import re
from collections.abc import Iterator
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
WILAYAH_CSV = DATA_DIR / "wilayah-kemendagri-2025.csv"
# The decree the code list follows, for messages and sources.
WILAYAH_DECREE = "Kepmendagri 300.2.2-2430/2025"

PROVINSI, KABUPATEN_KOTA, KECAMATAN, DESA = 0, 1, 2, 3
_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def _rows() -> Iterator[tuple[str, str]]:
    with WILAYAH_CSV.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)  # kode,nama
        for row in reader:
            yield row[0], row[1]


@functools.cache
def _upper_levels() -> dict[str, str]:
    """Code -> name of every provinsi, kabupaten/kota and kecamatan."""
    return {code: name for code, name in _rows() if code.count(".") <= KECAMATAN}


def level(code: str) -> int | None:
    """PROVINSI, KABUPATEN_KOTA, KECAMATAN or DESA for a well-formed code, else None."""
    return code.count(".") if _CODE.match(code) else None


def normalize(code: str) -> str:
    """`3674`, `36 74` or `36.74` -> `36.74`; `367401` -> `36.74.01`. Text that is not a code
    of 2, 4, 6 or 10 digits comes back stripped, and `level` then says None."""
    text = code.strip()
    digits = text.replace(".", "").replace(" ", "")
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (2, 4, 6, 10):
        return text
    parts = [digits[i : i + 2] for i in range(0, min(len(digits), 6), 2)]
    if len(digits) == 10:
        parts.append(digits[6:])
    return ".".join(parts)


def name_of(code: str) -> str | None:
    """The name of a provinsi, kabupaten/kota or kecamatan code (`36.74`), or None if unknown."""
    return _upper_levels().get(code)


def exists(code: str) -> bool:
    return code in _upper_levels()


def nik_region_codes(nik: str) -> tuple[str, str, str]:
    """The provinsi, kabupaten/kota and kecamatan codes of a NIK's first six digits."""
    return nik[:2], f"{nik[:2]}.{nik[2:4]}", f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}"


def regions_of(kabupaten_kota: str) -> list[tuple[str, str]]:
    """(code, name) of the kecamatan and desa/kelurahan of one kabupaten/kota, in code order."""
    prefix = kabupaten_kota + "."
    return [(code, name) for code, name in _rows() if code.startswith(prefix)]
