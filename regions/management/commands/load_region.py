"""`manage.py load_region 36.71`: the kecamatan and kelurahan of any kabupaten/kota."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regions.services import region_load


class Command(BaseCommand):
    help = _(
        "Muat kecamatan dan desa/kelurahan satu kabupaten/kota dari daftar wilayah Kemendagri yang disertakan "
        "(regions/data/). Kode dengan atau tanpa titik: 36.71 atau 3671. Aman dijalankan ulang: yang sudah ada "
        "hanya diperbarui namanya, tidak ada yang dihapus."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help=_("kode kabupaten/kota, misalnya 36.74 (Kota Tangerang Selatan)"))

    def handle(self, *args, code, **options):
        try:
            report = region_load(code=code)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        added_kecamatan = sum(1 for c, _name in report.added if c.count(".") == 2)
        self.stdout.write(
            _("%(name)s (%(code)s): %(kecamatan)d kecamatan, %(kelurahan)d desa/kelurahan dalam daftar.")
            % {"name": report.name, "code": report.code, "kecamatan": report.kecamatan, "kelurahan": report.kelurahan}
        )
        if not report.added and not report.renamed:
            self.stdout.write(self.style.SUCCESS(_("Tidak ada perubahan: semuanya sudah sesuai daftar.")))
        if report.added:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Ditambahkan: %(kecamatan)d kecamatan, %(kelurahan)d desa/kelurahan.")
                    % {"kecamatan": added_kecamatan, "kelurahan": len(report.added) - added_kecamatan}
                )
            )
        for row_code, old, new in report.renamed:
            self.stdout.write(
                _("Nama diganti: %(code)s %(old)s → %(new)s") % {"code": row_code, "old": old, "new": new}
            )
        for row_code, name in report.not_in_list:
            self.stdout.write(
                self.style.WARNING(
                    _("Tidak ada dalam daftar, dibiarkan: %(code)s %(name)s") % {"code": row_code, "name": name}
                )
            )
