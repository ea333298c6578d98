from django.conf import settings
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
    organiser = models.CharField(_("penyelenggara"), max_length=200, blank=True)
    booth_count = models.PositiveSmallIntegerField(
        _("jumlah stan"), default=0, help_text=_("Stan yang disediakan untuk KUB binaan Disperindag.")
    )
    description = models.TextField(_("keterangan"), blank=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("pameran")
        verbose_name_plural = pgettext_lazy("jamak", "pameran")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="exhibition_ends_after_start"),
        ]

    def __str__(self):
        return self.name

    @property
    def days(self) -> list:
        """Every day of the exhibition, first to last."""
        import datetime as dt

        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=n) for n in range(count)]


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
    class Payment(models.TextChoices):
        CASH = "cash", _("Tunai")
        QRIS = "qris", _("QRIS")
        TRANSFER = "transfer", _("Transfer")
        OTHER = "other", _("Lainnya")

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
    payment_method = models.CharField(_("cara bayar"), max_length=10, choices=Payment.choices, default=Payment.CASH)
    # The phone form's id of one submission: sent twice (a double tap, a retry), recorded once.
    client_id = models.UUIDField(_("ID kiriman"), null=True, blank=True, unique=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["entry", "sold_on", "pk"]
        verbose_name = _("penjualan pameran")
        verbose_name_plural = pgettext_lazy("jamak", "penjualan pameran")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1) & Q(amount__gte=0), name="sale_positive"),
        ]

    def __str__(self):
        return f"{self.entry} {self.sold_on:%d-%m-%Y}"


class BuyerLead(models.Model):
    """A visitor at the booth who wants more: a wholesale order, a reseller, a gift order.
    Their name and contact are kept only with their consent."""

    entry = models.ForeignKey(
        ExhibitionEntry, on_delete=models.CASCADE, related_name="leads", verbose_name=_("peserta pameran")
    )
    product = models.ForeignKey(
        "groups.Product",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="buyer_leads",
        verbose_name=_("produk"),
    )
    buyer_name = models.CharField(_("nama calon pembeli"), max_length=150, blank=True)
    buyer_contact = models.CharField(_("kontak (telepon/WA/surel)"), max_length=150, blank=True)
    interest = models.TextField(_("minat"))
    consent = models.BooleanField(
        _("setuju dihubungi"),
        default=False,
        help_text=_("Calon pembeli setuju nama dan kontaknya disimpan untuk dihubungi KUB atau Disperindag."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)

    class Meta:
        ordering = ["entry", "-recorded_at", "pk"]
        verbose_name = _("calon pembeli")
        verbose_name_plural = pgettext_lazy("jamak", "calon pembeli")
        constraints = [
            # No name and no contact without the buyer's consent.
            models.CheckConstraint(
                condition=Q(consent=True) | (Q(buyer_name="") & Q(buyer_contact="")), name="lead_contact_needs_consent"
            ),
        ]

    def __str__(self):
        return f"{self.entry} #{self.pk}"
