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
        names = self._group_names
        for role in roles.ALL_ROLES:
            if role in names:
                return role
        return None

    # Every page asks for the role (its groups) and for permissions (ModelBackend: the user's
    # own, then its groups'): three queries. Both are read here at once, in one query, and kept
    # on this user object for the request, as ModelBackend keeps its own cache: ModelBackend
    # looks for `_perm_cache` first (hasattr), and finds it here.
    @cached_property
    def _group_names(self) -> frozenset[str]:
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        if "groups" in prefetched:  # a list of users (the user admin) prefetches their groups
            return frozenset(group.name for group in prefetched["groups"])
        self._load_access()
        return self.__dict__["_group_names"]

    @cached_property
    def _perm_cache(self) -> set[str]:
        if self.is_superuser:  # ModelBackend's rule: a superuser has every permission
            from django.contrib.auth.models import Permission

            rows = Permission.objects.values_list("content_type__app_label", "codename").order_by()
            return {f"{app_label}.{codename}" for app_label, codename in rows}
        self._load_access()
        return self.__dict__["_perm_cache"]

    def _load_access(self) -> None:
        """The user's groups and all its permissions (its own and its groups'), in one query."""
        from django.contrib.auth.models import Group, Permission
        from django.db.models import CharField, Value

        def tagged(queryset, kind, *fields):
            return queryset.annotate(kind=Value(kind, output_field=CharField())).values_list("kind", *fields).order_by()

        rows = tagged(Permission.objects.filter(user=self), "p", "content_type__app_label", "codename").union(
            tagged(Permission.objects.filter(group__user=self), "p", "content_type__app_label", "codename"),
            tagged(Group.objects.filter(user=self), "g", "name", "name"),
            all=True,
        )
        groups, perms = set(), set()
        for kind, first, second in rows:
            if kind == "g":
                groups.add(first)
            else:
                perms.add(f"{first}.{second}")
        self.__dict__["_group_names"] = frozenset(groups)
        self.__dict__.setdefault("_perm_cache", perms)

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
