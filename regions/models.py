from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.CASCADE, related_name="population_figures", verbose_name=_("kecamatan")
    )
    year = models.PositiveSmallIntegerField(_("tahun"), validators=[MinValueValidator(1990)])
    population = models.PositiveIntegerField(_("jumlah penduduk"), validators=[MinValueValidator(1)])
    source = models.CharField(_("sumber"), max_length=255, help_text=_("Misalnya: BPS, Sensus Penduduk 2020."))

    class Meta:
        ordering = ["kecamatan__code", "-year"]
        verbose_name = _("angka penduduk")
        verbose_name_plural = _("angka penduduk")
        constraints = [
            models.UniqueConstraint(fields=["kecamatan", "year"], name="population_one_figure_per_year"),
            models.CheckConstraint(condition=models.Q(population__gt=0), name="population_positive"),
        ]

    def __str__(self):
        return f"{self.kecamatan} {self.year}: {self.population:,}"
