from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import Created, CreatedAt, created_at_field, created_by_field
from core.privacy import mask_nik
from core.thumbnails import make_thumbnail
from core.uploads import SafeImageField, clean_image_file
from participants.nik import validate_nik

from . import classes

AMOUNT = {"max_digits": 16, "decimal_places": 0, "null": True, "blank": True, "validators": [MinValueValidator(0)]}


class LegalForm(models.TextChoices):
    PERORANGAN = "perorangan", _("Perorangan")
    PT_PERORANGAN = "pt_perorangan", _("PT Perorangan")
    PT = "pt", _("PT")
    CV = "cv", _("CV")
    FIRMA = "firma", _("Firma")
    KOPERASI = "koperasi", _("Koperasi")
    UD = "ud", _("UD")


class MarketReach(models.TextChoices):
    CITY = "city", _("Kota (lokal)")
    PROVINCE = "province", _("Provinsi (regional)")
    NATIONAL = "national", _("Nasional")
    EXPORT = "export", _("Ekspor")


class Channel(models.TextChoices):
    OFFLINE = "offline", _("Toko / penjualan langsung")
    MARKETPLACE = "marketplace", _("Marketplace")
    SOCIAL = "social", _("Media sosial")
    EXHIBITION = "exhibition", _("Pameran / bazar")
    RESELLER = "reseller", _("Reseller / titip jual")
    ORDER = "order", _("Pesanan (B2B, instansi)")


class ChannelsField(models.JSONField):
    """A list of `Channel` values, chosen with checkboxes."""

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list) or not set(value) <= set(Channel.values):
            raise ValidationError(_("Saluran pemasaran tidak dikenal."), code="invalid_choice")

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=Channel.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )


class Business(Created):
    """Any creative business the department knows of: a KUB's, a participant's, or one officers found."""

    class VisitStatus(models.TextChoices):
        RUNNING = "running", _("Berjalan")
        NOT_RUNNING = "not_running", _("Tidak berjalan")
        CLOSED = "closed", _("Tutup")

    name = models.CharField(_("nama usaha"), max_length=150)
    group = models.ForeignKey(
        "groups.BusinessGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="businesses",
        verbose_name=_("KUB pemilik"),
    )
    owner_participant = models.ForeignKey(
        "participants.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="businesses",
        verbose_name=_("peserta pemilik"),
    )
    owner_name = models.CharField(_("nama pemilik"), max_length=150, blank=True)
    owner_nik = models.CharField(
        _("NIK pemilik"),
        max_length=16,
        blank=True,
        validators=[validate_nik],
        db_index=True,
        help_text=_("Untuk pemilik yang bukan peserta; dipakai agar satu orang terhitung sekali."),
    )
    kelurahan = models.ForeignKey(
        "regions.Kelurahan", on_delete=models.PROTECT, related_name="businesses", verbose_name=_("kelurahan")
    )
    craft_type = models.ForeignKey(
        "trainings.CraftType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="businesses",
        verbose_name=_("jenis kerajinan"),
    )
    nib = models.CharField(
        _("NIB"),
        max_length=13,
        blank=True,
        validators=[RegexValidator(r"^\d{13}$", _("NIB (Nomor Induk Berusaha) terdiri dari 13 digit angka."))],
    )
    address = models.TextField(_("alamat"), blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    # The IKM profile (DOMAIN.md §1). Amounts in rupiah; investment and capital exclude land
    # and buildings, as PP 7/2021 and Permenperin 64/2016 count them.
    legal_form = models.CharField(_("bentuk usaha"), max_length=16, choices=LegalForm.choices, blank=True)
    kbli = models.ForeignKey(
        "inventory.Kbli",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="businesses",
        verbose_name=_("KBLI 2020"),
    )
    workers_male = models.PositiveIntegerField(_("tenaga kerja laki-laki"), null=True, blank=True)
    workers_female = models.PositiveIntegerField(_("tenaga kerja perempuan"), null=True, blank=True)
    capital = models.DecimalField(
        _("modal usaha (Rp)"), help_text=_("Di luar tanah dan bangunan tempat usaha."), **AMOUNT
    )
    turnover_per_year = models.DecimalField(_("omzet per tahun (Rp)"), **AMOUNT)
    investment = models.DecimalField(
        _("nilai investasi (Rp)"), help_text=_("Mesin dan peralatan; di luar tanah dan bangunan."), **AMOUNT
    )
    capacity_per_month = models.DecimalField(
        _("kapasitas produksi per bulan"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    capacity_unit = models.CharField(
        _("satuan kapasitas"), max_length=30, blank=True, help_text=_("mis. buah, kodi, kg")
    )
    production_value_per_year = models.DecimalField(_("nilai produksi per tahun (Rp)"), **AMOUNT)
    raw_materials = models.TextField(_("bahan baku"), blank=True)
    market_reach = models.CharField(_("jangkauan pasar"), max_length=10, choices=MarketReach.choices, blank=True)
    channels = ChannelsField(_("saluran pemasaran"), default=list, blank=True)
    exports = models.BooleanField(_("ekspor"), default=False)
    export_destinations = models.CharField(_("negara tujuan ekspor"), max_length=255, blank=True)
    # Derived from the numbers above in save(), never typed (inventory.classes).
    size_class = models.CharField(
        _("skala usaha (PP 7/2021)"), max_length=10, choices=classes.SizeClass.choices, blank=True, editable=False
    )
    industry_class = models.CharField(
        _("kelas industri (Permenperin 64/2016)"),
        max_length=10,
        choices=classes.IndustryClass.choices,
        blank=True,
        editable=False,
        db_index=True,
    )
    # Denormalised from the latest visit by inventory.services, for cheap KPIs.
    last_visit_status = models.CharField(
        _("status kunjungan terakhir"), max_length=12, choices=VisitStatus.choices, blank=True, db_index=True
    )
    last_visited_on = models.DateField(_("tanggal kunjungan terakhir"), null=True, blank=True, db_index=True)
    created_by = created_by_field(_("dicatat oleh"))
    created_at = created_at_field(_("dicatat"))

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("usaha")
        verbose_name_plural = pgettext_lazy("jamak", "usaha")
        indexes = [
            models.Index(fields=["kelurahan", "last_visit_status"], name="business_kel_status_idx"),
            # The admin changelist's order (Meta.ordering).
            models.Index(fields=["name", "id"], name="business_name_id_idx"),
            # Running businesses of no participant and no KUB, by their latest visit: the
            # other owners of the 2% indicator (participants.entrepreneurs), read from the
            # index alone on PostgreSQL (the dashboard hashes their NIKs per worker).
            models.Index(
                fields=["last_visited_on", "owner_nik", "kelurahan"],
                name="business_other_running_idx",
                condition=Q(last_visit_status="running", owner_participant__isnull=True, group__isnull=True),
            ),
            # A KUB's businesses by status and latest visit: the two look-ups per KUB of
            # groups.dormant, answered from the index alone.
            models.Index(
                fields=["group", "last_visit_status", "last_visited_on"],
                name="business_group_status_idx",
                condition=Q(group__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(exports=True) | Q(export_destinations=""),
                name="business_destinations_only_if_export",
                violation_error_message=_("Isi negara tujuan ekspor hanya bila usaha ini mengekspor."),
            ),
        ]

    def __str__(self):
        return self.name

    # The inputs of the derived classes; a save that names any of them recomputes both.
    CLASS_INPUTS = {"capital", "turnover_per_year", "investment", "workers_male", "workers_female"}
    CLASS_FIELDS = ["size_class", "industry_class"]

    def save(self, *args, update_fields=None, **kwargs):
        self.size_class, self.industry_class = self.derived_classes()
        if update_fields is not None and self.CLASS_INPUTS & set(update_fields):
            update_fields = {*update_fields, *self.CLASS_FIELDS}
        super().save(*args, update_fields=update_fields, **kwargs)

    def derived_classes(self) -> tuple[str, str]:
        return (
            classes.size_class(capital=self.capital, turnover=self.turnover_per_year),
            classes.industry_class(workers=self.workers, investment=self.investment),
        )

    @property
    def workers(self) -> int | None:
        if self.workers_male is None and self.workers_female is None:
            return None
        return (self.workers_male or 0) + (self.workers_female or 0)

    def get_channels_display(self) -> str:
        labels = dict(Channel.choices)
        return ", ".join(str(labels.get(value, value)) for value in self.channels or [])

    @property
    def owner_display(self) -> str:
        if self.owner_participant_id:
            return str(self.owner_participant)
        if self.group_id:
            return str(self.group)
        return self.owner_name

    @property
    def owner_nik_masked(self) -> str:
        return mask_nik(self.owner_nik)


def visit_photo_path(instance, filename):
    import uuid
    from pathlib import Path

    return f"visits/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def visit_thumbnail_path(instance, filename):
    import uuid
    from pathlib import Path

    return f"visit-thumbs/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class InventoryVisit(CreatedAt):
    Status = Business.VisitStatus

    class LocationSource(models.TextChoices):
        GPS = "gps", _("GPS ponsel")
        TYPED = "typed", _("Diketik petugas")

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="visits", verbose_name=_("usaha"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="inventory_visits",
        verbose_name=_("petugas"),
    )
    visited_on = models.DateField(_("tanggal kunjungan"))
    status = models.CharField(_("kondisi usaha"), max_length=12, choices=Status.choices)
    evidence_photo = SafeImageField(_("foto bukti"), upload_to=visit_photo_path, blank=True)
    latitude = models.DecimalField(
        _("lintang"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("bujur"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    location_accuracy = models.PositiveIntegerField(
        _("akurasi lokasi (meter)"), null=True, blank=True, help_text=_("Dari GPS ponsel; kosong bila diketik.")
    )
    location_source = models.CharField(_("sumber lokasi"), max_length=5, choices=LocationSource.choices, blank=True)
    evidence_thumbnail = SafeImageField(
        _("gambar kecil foto bukti"), upload_to=visit_thumbnail_path, blank=True, editable=False
    )
    active_members = models.PositiveIntegerField(_("anggota aktif"), null=True, blank=True)
    monthly_output = models.PositiveIntegerField(_("produksi per bulan (unit)"), null=True, blank=True)
    monthly_turnover = models.DecimalField(
        _("omzet per bulan (Rp)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    products_seen = models.TextField(_("produk yang dilihat"), blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    recommend_for_exhibition = models.BooleanField(_("direkomendasikan untuk pameran"), default=False)
    # Made by the phone when the form opens: a double tap or a retry sends the same id, and
    # the unique index lets only the first of them become a visit.
    client_id = models.UUIDField(_("ID kiriman"), null=True, blank=True, unique=True, editable=False)
    created_at = created_at_field(_("dicatat"))

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("kunjungan inventaris")
        verbose_name_plural = pgettext_lazy("jamak", "kunjungan inventaris")
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) | (Q(latitude__gte=-90) & Q(latitude__lte=90)))
                & (Q(longitude__isnull=True) | (Q(longitude__gte=-180) & Q(longitude__lte=180))),
                name="visit_gps_in_range",
            ),
        ]
        indexes = [
            models.Index(fields=["business", "-visited_on"], name="visit_business_latest_idx"),
            # The admin changelist's order (Meta.ordering).
            models.Index(fields=["-visited_on", "-id"], name="visit_latest_first_idx"),
        ]

    def __str__(self):
        return f"{self.business} — {self.visited_on:%d-%m-%Y}"

    def save(self, *args, **kwargs):
        self._follow_photo()
        super().save(*args, **kwargs)

    def _follow_photo(self) -> None:
        """A new photo gets its thumbnail, whatever saves it (the phone's form, the admin, an
        import); a photo taken away takes its thumbnail along."""
        photo = self.evidence_photo
        if photo and not photo._committed:
            try:
                photo.file = clean_image_file(photo.file)
            except ValidationError as error:
                raise ValidationError({"evidence_photo": error.error_list}) from None
            self.evidence_thumbnail = make_thumbnail(photo.file)
        elif not photo and self.evidence_thumbnail:
            self.evidence_thumbnail = ""


# The IKM profile's reference data, licences and the curation pipeline live beside this file.
from .profile_models import BusinessLicence, Curation, CurationStep, Kbli  # noqa: E402, F401
