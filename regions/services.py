"""Writes for regions: loading the kecamatan and kelurahan of a kabupaten/kota from the
shipped Kemendagri list, so that another city can run the portal."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import codes
from .models import Kecamatan, Kelurahan

LEVEL_NAMES = {
    codes.PROVINSI: gettext_lazy("provinsi"),
    codes.KABUPATEN_KOTA: gettext_lazy("kabupaten/kota"),
    codes.KECAMATAN: gettext_lazy("kecamatan"),
    codes.DESA: gettext_lazy("desa/kelurahan"),
}


@dataclass
class RegionLoadReport:
    code: str
    name: str
    kecamatan: int = 0  # in the list
    kelurahan: int = 0
    added: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # (code, old name, new name)
    # In the database under this kabupaten/kota but no longer in the list: kept, since
    # participants and businesses may point at them.
    not_in_list: list[tuple[str, str]] = field(default_factory=list)


def _kabupaten_kota(code: str) -> tuple[str, str]:
    """The normalised code and name of a kabupaten/kota, or ValidationError saying why not."""
    normalized = codes.normalize(code)
    level = codes.level(normalized)
    if level is None:
        raise ValidationError(
            _("%(code)s bukan kode wilayah Kemendagri; kode kabupaten/kota ditulis seperti 36.74 atau 3674.")
            % {"code": code.strip()},
            code="not_a_code",
        )
    if level != codes.KABUPATEN_KOTA:
        name = codes.name_of(normalized)
        raise ValidationError(
            _(
                "%(code)s adalah kode %(level)s%(name)s, bukan kabupaten/kota; berikan kode kabupaten/kota "
                "seperti 36.74."
            )
            % {"code": normalized, "level": LEVEL_NAMES[level], "name": f" ({name})" if name else ""},
            code="not_kabupaten_kota",
        )
    name = codes.name_of(normalized)
    if name is None:
        raise ValidationError(
            _("Tidak ada kabupaten/kota dengan kode %(code)s dalam daftar wilayah Kemendagri.") % {"code": normalized},
            code="unknown_code",
        )
    return normalized, name


@transaction.atomic
def region_load(*, code: str) -> RegionLoadReport:
    """Add the kecamatan and desa/kelurahan of one kabupaten/kota (`36.71` or `3671`) and bring
    their names up to the list. Running it again changes nothing; nothing is deleted."""
    code, name = _kabupaten_kota(code)
    report = RegionLoadReport(code=code, name=name)
    prefix = code + "."
    kecamatan = {k.code: k for k in Kecamatan.objects.select_for_update().filter(code__startswith=prefix)}
    kelurahan = {k.code: k for k in Kelurahan.objects.select_for_update().filter(code__startswith=prefix)}
    listed = set()
    for row_code, row_name in codes.regions_of(code):
        listed.add(row_code)
        if codes.level(row_code) == codes.KECAMATAN:
            report.kecamatan += 1
            kec = kecamatan.get(row_code)
            if kec is None:
                kecamatan[row_code] = Kecamatan.objects.create(code=row_code, name=row_name)
                report.added.append((row_code, row_name))
            elif kec.name != row_name:
                report.renamed.append((row_code, kec.name, row_name))
                kec.name = row_name
                kec.save(update_fields=["name"])
        else:
            report.kelurahan += 1
            parent = kecamatan[row_code[:8]]  # the list gives every kecamatan before its desa
            kel = kelurahan.get(row_code)
            if kel is None:
                Kelurahan.objects.create(code=row_code, name=row_name, kecamatan=parent)
                report.added.append((row_code, row_name))
            elif kel.name != row_name or kel.kecamatan_id != parent.pk:
                if kel.name != row_name:
                    report.renamed.append((row_code, kel.name, row_name))
                kel.name, kel.kecamatan = row_name, parent
                kel.save(update_fields=["name", "kecamatan"])
    report.not_in_list = sorted(
        (obj.code, obj.name) for obj in [*kecamatan.values(), *kelurahan.values()] if obj.code not in listed
    )
    return report
