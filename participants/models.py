from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import CreatedAt
from core.privacy import mask_nik

from .nik import FEMALE, MALE, check_nik_matches, validate_nik

CONSENT_PURPOSE = _(
    "Data pribadi (NIK, nomor HP, alamat) dikumpulkan oleh Disperindag Kota Tangerang Selatan "
    "hanya untuk menyelenggarakan program pembinaan industri kreatif: pelatihan, pembentukan KUB, "
    "pameran, dan rujukan pembiayaan ke bank mitra (UU No. 27/2022 tentang Pelindungan Data Pribadi)."
)


class Participant(CreatedAt):
    class Sex(models.TextChoices):
        MALE = MALE, _("Laki-laki")
        FEMALE = FEMALE, _("Perempuan")

    nik = models.CharField(
        _("NIK"),
        max_length=16,
        unique=True,
        validators=[validate_nik],
        help_text=_("16 digit sesuai KTP. Tanggal lahir perempuan ditambah 40 di NIK."),
    )
    name = models.CharField(_("nama lengkap"), max_length=150, db_index=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True, help_text=_("Disimpan dalam format +62."))
    address = models.TextField(_("alamat"), blank=True)
    kelurahan = models.ForeignKey(
        "regions.Kelurahan", on_delete=models.PROTECT, related_name="participants", verbose_name=_("kelurahan")
    )
    consent_given = models.BooleanField(_("persetujuan data pribadi"), default=False, help_text=CONSENT_PURPOSE)
    consent_at = models.DateTimeField(_("waktu persetujuan"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("didaftarkan oleh"),
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    # Kept by participants.real_status (see participants/signals.py): the latest visit that found
    # their own or their active KUB's business running, plus the window. Real today iff >= today.
    real_until = models.DateField(_("pelaku usaha nyata sampai"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        constraints = [
            models.CheckConstraint(condition=models.Q(sex__in=[MALE, FEMALE]), name="participant_sex_valid"),
        ]
        indexes = [
            models.Index(fields=["kelurahan", "name"], name="participant_kel_name_idx"),
            # NIK prefix search (LIKE '3674%') on PostgreSQL; other databases ignore the opclass.
            models.Index(fields=["nik"], name="participant_nik_prefix_idx", opclasses=["varchar_pattern_ops"]),
            # Real entrepreneurs today (a range on real_until), counted per kelurahan from the index alone.
            models.Index(fields=["real_until", "kelurahan"], name="participant_real_kel_idx"),
        ]

    def __str__(self):
        # Never the NIK: __str__ ends up in logs, audit entries and messages.
        return self.name

    @property
    def nik_masked(self) -> str:
        return mask_nik(self.nik)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = check_nik_matches(self.nik, birth_date=self.birth_date, sex=self.sex)
        errors.pop("nik", None)  # the field validator reports structural errors
        if errors:
            raise ValidationError(errors)
