from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
