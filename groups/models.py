from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.formats import kub_name
from core.models import Created, CreatedAt
from core.uploads import SafeImageField


class BusinessGroup(Created):
    """A KUB: kelompok usaha bersama of (by default) 10 trained participants."""

    class Status(models.TextChoices):
        FORMING = "forming", _("Sedang dibentuk")
        ACTIVE = "active", _("Aktif")
        DISSOLVED = "dissolved", _("Bubar")

    name = models.CharField(_("nama KUB"), max_length=150)
    kecamatan = models.ForeignKey(
        "regions.Kecamatan", on_delete=models.PROTECT, related_name="business_groups", verbose_name=_("kecamatan")
    )
    kelurahan = models.ForeignKey(
        "regions.Kelurahan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="business_groups",
        verbose_name=_("kelurahan sekretariat"),
    )
    craft_type = models.ForeignKey(
        "trainings.CraftType",
        on_delete=models.PROTECT,
        related_name="business_groups",
        verbose_name=_("fokus kerajinan"),
    )
    source_batch = models.ForeignKey(
        "trainings.TrainingBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="business_groups",
        verbose_name=_("asal angkatan"),
    )
    # Derived from active memberships by groups.services.group_recompute_status.
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.FORMING, db_index=True)
    active_member_count = models.PositiveSmallIntegerField(_("anggota aktif"), default=0)
    formed_on = models.DateField(_("tanggal dibentuk"), null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("KUB")
        verbose_name_plural = pgettext_lazy("jamak", "KUB")
        constraints = [
            models.UniqueConstraint(fields=["kecamatan", "name"], name="group_unique_name_per_kecamatan"),
        ]
        # The KUB list's and admin changelist's order (Meta.ordering): a page read from the index
        # instead of sorting every KUB.
        indexes = [models.Index(fields=["name", "id"], name="group_name_id_idx")]

    def __str__(self):
        return self.name

    @property
    def kub_name(self) -> str:
        """The name as a sentence says it, with "KUB" once ("KUB Karya Ibu")."""
        return kub_name(self.name)


class Membership(models.Model):
    class Role(models.TextChoices):
        KETUA = "ketua", _("Ketua")
        SEKRETARIS = "sekretaris", _("Sekretaris")
        BENDAHARA = "bendahara", _("Bendahara")
        ANGGOTA = "anggota", pgettext_lazy("jabatan KUB", "Anggota")

    group = models.ForeignKey(
        BusinessGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("KUB")
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="memberships", verbose_name=_("peserta")
    )
    role = models.CharField(_("jabatan"), max_length=10, choices=Role.choices, default=Role.ANGGOTA)
    joined_on = models.DateField(_("tanggal masuk"))
    left_on = models.DateField(_("tanggal keluar"), null=True, blank=True)
    override_reason = models.TextField(
        _("alasan pengecualian"),
        blank=True,
        help_text=_("Wajib bila peserta belum lulus pelatihan tetapi tetap dimasukkan."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ditambahkan oleh"),
    )

    class Meta:
        ordering = ["group", "left_on", "role", "pk"]
        verbose_name = _("keanggotaan KUB")
        verbose_name_plural = pgettext_lazy("jamak", "keanggotaan KUB")
        constraints = [
            # A participant is an active member of at most one KUB.
            models.UniqueConstraint(
                fields=["participant"], condition=Q(left_on__isnull=True), name="membership_one_active_group"
            ),
            # One ketua, one sekretaris and one bendahara among the active members.
            models.UniqueConstraint(
                fields=["group", "role"],
                condition=Q(left_on__isnull=True) & ~Q(role="anggota"),
                name="membership_one_officer_per_role",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_leaves_after_joining",
            ),
        ]
        indexes = [models.Index(fields=["group", "left_on"], name="membership_group_active_idx")]

    def __str__(self):
        return f"{self.participant} — {self.group}"

    @property
    def is_active(self) -> bool:
        return self.left_on is None


def product_photo_path(instance, filename):
    import uuid
    from pathlib import Path

    return f"products/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def product_thumbnail_path(instance, filename):
    import uuid
    from pathlib import Path

    return f"product-thumbs/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Product(CreatedAt):
    class Curation(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", pgettext_lazy("kurasi produk", "Diajukan")
        APPROVED = "approved", _("Layak pamer")
        REJECTED = "rejected", _("Belum layak")

    group = models.ForeignKey(BusinessGroup, on_delete=models.CASCADE, related_name="products", verbose_name=_("KUB"))
    name = models.CharField(_("nama produk"), max_length=150)
    description = models.TextField(_("deskripsi"), blank=True)
    craft_type = models.ForeignKey(
        "trainings.CraftType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("jenis kerajinan"),
    )
    price = models.DecimalField(_("harga (Rp)"), max_digits=12, decimal_places=0, validators=[MinValueValidator(0)])
    photo = SafeImageField(_("foto"), upload_to=product_photo_path, blank=True)
    photo_thumbnail = SafeImageField(
        _("gambar kecil foto"), upload_to=product_thumbnail_path, blank=True, editable=False
    )
    stock = models.PositiveIntegerField(_("stok"), default=0)
    curation_status = models.CharField(
        _("status kurasi"), max_length=10, choices=Curation.choices, default=Curation.DRAFT, db_index=True
    )
    curation_note = models.TextField(_("catatan kurasi"), blank=True)
    curated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dikurasi oleh"),
    )
    curated_at = models.DateTimeField(_("dikurasi pada"), null=True, blank=True)
    # The public catalogue's ETag and Last-Modified follow it.
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)

    class Meta:
        ordering = ["group", "name"]
        verbose_name = _("produk")
        verbose_name_plural = pgettext_lazy("jamak", "produk")
        constraints = [models.CheckConstraint(condition=Q(price__gte=0), name="product_price_not_negative")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self._follow_photo()
        super().save(*args, **kwargs)
        self._photo_in_gallery()

    def _photo_in_gallery(self) -> None:
        """A photo set on the product itself (the admin, an import) is its cover: first in
        its gallery, the same stored files."""
        if not self.photo:
            return
        photos = self.photos.all()
        if photos.filter(image=self.photo.name).exists():
            return
        photos.update(position=models.F("position") + 1)
        ProductPhoto.objects.create(
            product=self, image=self.photo.name, thumbnail=self.photo_thumbnail.name or "", position=0
        )

    def _follow_photo(self) -> None:
        """A new photo gets its thumbnail for the lists and the catalogue, whatever saves it;
        a photo taken away takes its thumbnail along."""
        from django.core.exceptions import ValidationError

        from core.thumbnails import make_thumbnail
        from core.uploads import clean_image_file

        photo = self.photo
        if photo and not photo._committed:
            try:
                photo.file = clean_image_file(photo.file)
            except ValidationError as error:
                raise ValidationError({"photo": error.error_list}) from None
            self.photo_thumbnail = make_thumbnail(photo.file)
        elif photo and not self.photo_thumbnail:
            # A photo stored before thumbnails existed; a lost file leaves the product as it is.
            try:
                self.photo_thumbnail = make_thumbnail(photo.file)
            except (OSError, ValueError):
                pass
        elif not photo and self.photo_thumbnail:
            self.photo_thumbnail = ""


class ProductPhoto(CreatedAt):
    """One of a product's photos. The first (lowest position) is the cover, mirrored into
    `Product.photo` and `photo_thumbnail` (the same stored files), which the lists, the
    catalogue's cards and the admin read; `groups.services_products` keeps the mirror."""

    # Most photos per product: enough for a gallery, not a photo album.
    MAX_PER_PRODUCT = 8

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos", verbose_name=_("produk"))
    image = SafeImageField(_("foto"), upload_to=product_photo_path)
    thumbnail = SafeImageField(_("gambar kecil"), upload_to=product_thumbnail_path, blank=True, editable=False)
    caption = models.CharField(_("keterangan foto"), max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["product", "position", "pk"]
        verbose_name = _("foto produk")
        verbose_name_plural = pgettext_lazy("jamak", "foto produk")
        indexes = [models.Index(fields=["product", "position"], name="productphoto_order_idx")]

    def __str__(self):
        return f"{self.product} #{self.position + 1}"

    def save(self, *args, **kwargs):
        from django.core.exceptions import ValidationError

        from core.thumbnails import make_thumbnail
        from core.uploads import clean_image_file

        image = self.image
        if image and not image._committed:
            try:
                image.file = clean_image_file(image.file)
            except ValidationError as error:
                raise ValidationError({"image": error.error_list}) from None
            self.thumbnail = make_thumbnail(image.file)
        super().save(*args, **kwargs)
