from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Exhibition(models.Model):
    class Kind(models.TextChoices):
        LOCAL_FAIR = "local_fair", _("Pameran lokal (mis. HUT Tangsel)")
        OUT_OF_TOWN = "out_of_town", _("Pameran luar kota")
        MINISTRY = "ministry", _("Etalase Kementerian Perindustrian")

    name = models.CharField(_("nama pameran"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    location = models.CharField(_("lokasi"), max_length=200)
    city = models.CharField(_("kota"), max_length=100, default="Tangerang Selatan")
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    description = models.TextField(_("keterangan"), blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("pameran")
        verbose_name_plural = pgettext_lazy("jamak", "pameran")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="exhibition_ends_after_start"),
        ]

    def __str__(self):
        return self.name


class ExhibitionEntry(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Diusulkan")
        ACCEPTED = "accepted", _("Diterima")
        DECLINED = "declined", _("Tidak diterima")
        EXHIBITED = "exhibited", _("Sudah tampil")
        WITHDRAWN = "withdrawn", _("Mundur")

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="entries", verbose_name=_("pameran")
    )
    group = models.ForeignKey(
        "groups.BusinessGroup", on_delete=models.PROTECT, related_name="exhibition_entries", verbose_name=_("KUB")
    )
    products = models.ManyToManyField(
        "groups.Product", blank=True, related_name="exhibition_entries", verbose_name=pgettext_lazy("jamak", "produk")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    booth = models.CharField(_("nomor stan"), max_length=30, blank=True)
    notes = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["exhibition", "group__name"]
        verbose_name = _("peserta pameran")
        verbose_name_plural = pgettext_lazy("jamak", "peserta pameran")
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "group"], name="entry_once_per_exhibition"),
            models.UniqueConstraint(fields=["exhibition", "booth"], condition=~Q(booth=""), name="entry_unique_booth"),
        ]

    def __str__(self):
        return f"{self.group} @ {self.exhibition}"


class ExhibitionSale(models.Model):
    entry = models.ForeignKey(
        ExhibitionEntry, on_delete=models.CASCADE, related_name="sales", verbose_name=_("peserta pameran")
    )
    product = models.ForeignKey(
        "groups.Product",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sales",
        verbose_name=_("produk"),
    )
    sold_on = models.DateField(_("tanggal"))
    quantity = models.PositiveIntegerField(_("jumlah terjual"), validators=[MinValueValidator(1)])
    amount = models.DecimalField(
        _("nilai penjualan (Rp)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["entry", "sold_on"]
        verbose_name = _("penjualan pameran")
        verbose_name_plural = pgettext_lazy("jamak", "penjualan pameran")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1) & Q(amount__gte=0), name="sale_positive"),
        ]

    def __str__(self):
        return f"{self.entry} {self.sold_on:%d-%m-%Y}"
