from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import Created, created_by_field

from . import roles


class User(AbstractUser):
    kecamatan = models.ManyToManyField(
        "regions.Kecamatan",
        blank=True,
        related_name="officers",
        verbose_name=_("kecamatan tugas"),
        help_text=_("Untuk petugas lapangan: kecamatan yang boleh mereka lihat dan kerjakan."),
    )
    bank = models.ForeignKey(
        "financing.Bank",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaisons",
        verbose_name=_("bank"),
        help_text=_("Untuk mitra bank: bank yang rujukannya boleh mereka lihat."),
    )
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = pgettext_lazy("jamak", "pengguna")

    @cached_property
    def role(self) -> str | None:
        """The user's role: the first of DESIGN's roles they belong to."""
        if self.is_superuser:
            return roles.ADMIN
        names = {g.name for g in self.groups.all()}
        for role in roles.ALL_ROLES:
            if role in names:
                return role
        return None

    @cached_property
    def kecamatan_ids(self) -> frozenset[int]:
        return frozenset(self.kecamatan.values_list("pk", flat=True))

    @property
    def sees_personal_data(self) -> bool:
        return self.role in roles.SEES_PERSONAL_DATA

    @property
    def sees_loan_data(self) -> bool:
        return self.role in roles.SEES_LOAN_DATA


class EnrolmentCode(Created):
    """After an admin's reset of a user's second factor: the one-time code the user must type to
    enrol a new app (accounts/second_factor.py). The password alone must not be enough, or whoever
    holds it could enrol first. Shown once to the admin who reset; only its keyed hash is kept.
    A user's latest unused code is the one that counts; a new reset replaces it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_codes", verbose_name=_("pengguna"))
    code_hash = models.CharField(_("hash kode"), max_length=64)
    created_by = created_by_field(_("diatur ulang oleh"))
    expires_at = models.DateTimeField(_("berlaku sampai"))
    failed_attempts = models.PositiveSmallIntegerField(_("percobaan salah"), default=0)
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)

    class Meta:
        verbose_name = _("kode pendaftaran verifikasi dua langkah")
        verbose_name_plural = _("kode pendaftaran verifikasi dua langkah")
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_enrolcode_user")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"
