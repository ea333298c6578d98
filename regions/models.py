from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import codes


class Kecamatan(models.Model):
    code = models.CharField(
        _("kode Kemendagri"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^\d{2}\.\d{2}\.\d{2}$", _("Format kode kecamatan: 36.74.01"))],
    )
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self):
        return self.name


class Kelurahan(models.Model):
    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, related_name="kelurahan", verbose_name=_("kecamatan")
    )
    code = models.CharField(
        _("kode Kemendagri"),
        max_length=13,
        unique=True,
        validators=[RegexValidator(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$", _("Format kode kelurahan: 36.74.01.1001"))],
    )
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kelurahan")
        verbose_name_plural = _("kelurahan")

    def __str__(self):
        return self.name


class PopulationFigure(models.Model):
    """A population figure with its year and source, for one kecamatan or for a whole
    kabupaten/kota: then `kecamatan` is empty and `city_code` names it (`36.74`)."""

    kecamatan = models.ForeignKey(
        Kecamatan,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="population_figures",
        verbose_name=_("kecamatan"),
        help_text=_("Kosongkan untuk angka seluruh kabupaten/kota, lalu isi kode kabupaten/kota."),
    )
    city_code = models.CharField(
        _("kode kabupaten/kota"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{2}\.\d{2}$", _("Format kode kabupaten/kota: 36.74"))],
        help_text=_("Hanya untuk angka seluruh kabupaten/kota, tanpa kecamatan (Kota Tangerang Selatan: 36.74)."),
    )
    year = models.PositiveSmallIntegerField(_("tahun"), validators=[MinValueValidator(1990)])
    population = models.PositiveIntegerField(_("jumlah penduduk"), validators=[MinValueValidator(1)])
    men = models.PositiveIntegerField(_("laki-laki"), null=True, blank=True)
    women = models.PositiveIntegerField(_("perempuan"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=255, help_text=_("Misalnya: BPS, Sensus Penduduk 2020."))

    class Meta:
        ordering = ["kecamatan__code", "-year"]
        verbose_name = _("angka penduduk")
        verbose_name_plural = pgettext_lazy("jamak", "angka penduduk")
        constraints = [
            models.UniqueConstraint(fields=["kecamatan", "year"], name="population_one_figure_per_year"),
            models.UniqueConstraint(
                fields=["city_code", "year"],
                condition=models.Q(kecamatan__isnull=True),
                name="population_one_city_figure_per_year",
            ),
            models.CheckConstraint(
                condition=models.Q(kecamatan__isnull=False, city_code="")
                | (models.Q(kecamatan__isnull=True) & ~models.Q(city_code="")),
                name="population_kecamatan_or_city",
            ),
            models.CheckConstraint(condition=models.Q(population__gt=0), name="population_positive"),
            models.CheckConstraint(
                condition=models.Q(men__isnull=True)
                | models.Q(women__isnull=True)
                | models.Q(population=models.F("men") + models.F("women")),
                name="population_men_plus_women",
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.year}: {self.population:,}"

    @property
    def area(self) -> str:
        if self.kecamatan_id:
            return str(self.kecamatan)
        return codes.name_of(self.city_code) or self.city_code

    def clean(self):
        errors = {}
        unknown_city = codes.level(self.city_code) == codes.KABUPATEN_KOTA and not codes.exists(self.city_code)
        if self.kecamatan_id and self.city_code:
            errors["city_code"] = _("Angka satu kecamatan tidak diberi kode kabupaten/kota; kosongkan salah satunya.")
        elif not self.kecamatan_id and not self.city_code:
            errors["kecamatan"] = _("Pilih kecamatan, atau isi kode kabupaten/kota untuk angka seluruh kota.")
        elif unknown_city:
            errors["city_code"] = _("Kode kabupaten/kota %(code)s tidak ada dalam daftar wilayah Kemendagri.") % {
                "code": self.city_code
            }
        if self.men is not None and self.women is not None and self.men + self.women != self.population:
            errors["population"] = _(
                "Laki-laki (%(men)s) dan perempuan (%(women)s) berjumlah %(sum)s, bukan %(population)s."
            ) % {"men": self.men, "women": self.women, "sum": self.men + self.women, "population": self.population}
        if errors:
            raise ValidationError(errors)
