from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import CreatedAt
from core.privacy import mask_nik
from core.uploads import SafeDocumentField

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
    # Kept by participants.training_facts (see participants/signals.py) from their enrolments, so
    # the dashboard and the outcomes page count people without joining their enrolments:
    # bit (year - BASE_YEAR) for each start year of a batch they are enrolled in / completed,
    # and the earliest end date of a batch they completed.
    enrolled_years = models.BigIntegerField(_("tahun angkatan diikuti"), default=0, editable=False)
    completed_years = models.BigIntegerField(_("tahun angkatan lulus"), default=0, editable=False)
    first_completed_on = models.DateField(_("pertama lulus"), null=True, blank=True, editable=False)
    # A restriction or objection request (UU 27/2022 Pasal 41, privacy.services): no new
    # enrolment, referral or export row while set. Set and lifted by privacy services only.
    processing_restricted = models.BooleanField(_("pemrosesan dibatasi"), default=False, editable=False)
    restricted_at = models.DateTimeField(_("dibatasi sejak"), null=True, blank=True, editable=False)
    # Set once by privacy.services.anonymise_participant: the record keeps only what figures need.
    anonymised_at = models.DateTimeField(_("dianonimkan pada"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("peserta")
        verbose_name_plural = pgettext_lazy("jamak", "peserta")
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


class ConsentPurpose(models.TextChoices):
    PROGRAMME = "programme", _("Ikut program pembinaan")
    PUBLISH_NAME = "publish_name", _("Nama dicantumkan bersama produk")
    BANK_REFERRAL = "bank_referral", _("Data dibagikan ke bank untuk rujukan pembiayaan")
    PHOTOS = "photos", _("Foto diri")


class ConsentWording(models.Model):
    """The text a participant is read or signs for one purpose, versioned (UU 27/2022 Pasal 21–22):
    the purpose, the data, how long it is kept, the person's rights. A new wording is a new row;
    a consent points at the one it was given on."""

    purpose = models.CharField(_("keperluan"), max_length=20, choices=ConsentPurpose.choices)
    version = models.CharField(_("versi"), max_length=50, unique=True)
    text = models.TextField(_("naskah"))
    valid_from = models.DateField(_("berlaku sejak"))

    class Meta:
        ordering = ["purpose", "-valid_from", "-pk"]
        verbose_name = _("naskah persetujuan")
        verbose_name_plural = _("naskah persetujuan")

    def __str__(self):
        return self.version


def consent_scan_path(instance, filename):
    return f"consent-scans/{filename}"


class Consent(models.Model):
    """Proof of one consent for one purpose (UU 27/2022 Pasal 22 and 24). Withdrawing keeps the row."""

    Purpose = ConsentPurpose

    class Method(models.TextChoices):
        FORM = "form", _("Formulir di portal")
        PAPER = "paper", _("Formulir kertas (pindaian)")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="consents", verbose_name=_("peserta")
    )
    purpose = models.CharField(_("keperluan"), max_length=20, choices=Purpose.choices)
    granted_at = models.DateTimeField(_("waktu persetujuan"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    method = models.CharField(_("cara"), max_length=10, choices=Method.choices, default=Method.FORM)
    wording_version = models.CharField(
        _("versi naskah"), max_length=50, help_text=_("Naskah persetujuan yang dibacakan atau ditandatangani.")
    )
    withdrawn_at = models.DateTimeField(_("waktu ditarik"), null=True, blank=True)
    wording = models.ForeignKey(
        ConsentWording,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("naskah"),
    )
    scan = SafeDocumentField(_("pindaian formulir"), upload_to=consent_scan_path, blank=True)
    # A participant under 18 consents through a parent or guardian (Pasal 25).
    guardian_name = models.CharField(_("nama orang tua/wali"), max_length=150, blank=True)
    guardian_relation = models.CharField(_("hubungan dengan peserta"), max_length=50, blank=True)
    withdrawn_reason = models.TextField(_("alasan penarikan"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("penarikan dicatat oleh"),
    )

    class Meta:
        ordering = ["participant", "purpose", "-granted_at"]
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | models.Q(withdrawn_at__gte=models.F("granted_at")),
                name="consent_withdrawn_after_granted",
            ),
        ]

    def __str__(self):
        return f"{self.participant} — {self.get_purpose_display()}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None
