from auditlog.models import LogEntry
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles, second_factor
from .admin_audit import PortalLogEntryAdmin
from .admin_guard import ChangelistGuardMixin
from .admin_mixins import PersonalDataAdminMixin, ScopedAdminMixin
from .models import User
from .roles import ROLE_LABELS
from .selectors import login_lock_until, login_locked_user_ids
from .services import login_lock_lift


class PortalUserChangeForm(UserChangeForm):
    """A user has one role, and the scope that role needs: kecamatan for a field officer, a bank for a liaison."""

    class Meta(UserChangeForm.Meta):
        model = User

    def clean(self):
        data = super().clean()
        chosen = {g.name for g in data.get("groups") or []} & set(roles.ALL_ROLES)
        if len(chosen) > 1:
            self.add_error("groups", gettext_now("Pilih satu peran saja."))
        if roles.FIELD_OFFICER in chosen and not data.get("kecamatan"):
            self.add_error("kecamatan", gettext_now("Petugas lapangan perlu minimal satu kecamatan tugas."))
        if roles.BANK_LIAISON in chosen and not data.get("bank"):
            self.add_error("bank", gettext_now("Mitra bank perlu banknya."))
        return data


class LoginLockedFilter(admin.SimpleListFilter):
    title = _("login terkunci")
    parameter_name = "login_terkunci"

    def lookups(self, request, model_admin):
        return [("ya", _("Terkunci sekarang"))]

    def queryset(self, request, queryset):
        if self.value() == "ya":
            return queryset.filter(pk__in=login_locked_user_ids())
        return queryset


@admin.register(User)
class PortalUserAdmin(ChangelistGuardMixin, ScopedAdminMixin, PersonalDataAdminMixin, UserAdmin):
    """Users and their access: the role is a Django group; field officers get kecamatan, liaisons a bank."""

    form = PortalUserChangeForm

    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Data diri"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (
            _("Peran dan wilayah tugas"),
            {
                "fields": ("is_active", "is_staff", "groups", "kecamatan", "bank"),
                "description": _(
                    "Peran menentukan hak akses. Petugas lapangan hanya melihat kecamatan tugasnya; "
                    "mitra bank hanya melihat rujukan ke banknya. Centang “staf” agar bisa membuka halaman admin."
                ),
            },
        ),
        (_("Hak khusus"), {"fields": ("is_superuser", "user_permissions"), "classes": ("collapse",)}),
        (_("Tanggal penting"), {"fields": ("last_login", "date_joined", "login_status", "second_factor_status")}),
    )
    readonly_fields = ("login_status", "second_factor_status")
    actions = ["unlock_login", "reset_second_factor"]
    list_display = ("username", "full_name", "role_display", "kecamatan_display", "bank", "is_active")
    list_select_related = ("bank",)
    list_filter = ("groups", "kecamatan", "bank", "is_active", LoginLockedFilter)
    filter_horizontal = ("groups", "user_permissions", "kecamatan")
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups", "kecamatan")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            formfield.label = _("Peran")
            formfield.help_text = _(
                "Pilih satu peran: Admin, Staf Disperindag, Petugas lapangan, Mitra bank, Pimpinan."
            )
        return formfield

    @admin.display(description=_("nama"))
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("peran"))
    def role_display(self, obj):
        return ROLE_LABELS.get(obj.role, "—")

    @admin.display(description=_("kecamatan tugas"))
    def kecamatan_display(self, obj):
        return ", ".join(k.name for k in obj.kecamatan.all())

    @admin.display(description=_("status login"))
    def login_status(self, obj):
        until = login_lock_until(username=obj.get_username()) if obj.pk else None
        if until is None:
            return gettext_now("Tidak terkunci")
        return gettext_now("Terkunci sampai %(time)s (pilih “Buka kunci login” di daftar pengguna)") % {
            "time": date_format(timezone.localtime(until), "DATETIME_FORMAT")
        }

    @admin.display(description=_("verifikasi dua langkah"))
    def second_factor_status(self, obj):
        device = TOTPDevice.objects.filter(user=obj, confirmed=True).first() if obj.pk else None
        if device is None:
            if obj.pk and second_factor.required_for(obj):
                return gettext_now("Belum didaftarkan (wajib untuk perannya: diminta saat masuk berikutnya)")
            return gettext_now("Belum didaftarkan")
        left = StaticToken.objects.filter(device__user=obj).count()
        return gettext_now("Aktif sejak %(time)s; sisa kode pemulihan: %(left)d") % {
            "time": date_format(timezone.localtime(device.created_at), "DATETIME_FORMAT"),
            "left": left,
        }

    def has_reset_second_factor_permission(self, request):
        return request.user.role == roles.ADMIN

    @admin.action(description=_("Atur ulang verifikasi dua langkah"), permissions=["reset_second_factor"])
    def reset_second_factor(self, request, queryset):
        """Each reset user gets a one-time enrolment code, shown on the page this returns, once:
        the password alone does not enrol the new app (accounts.second_factor.reset)."""
        codes = []
        for user in queryset:
            code = second_factor.reset(user=user, by=request.user, request=request)
            if code is not None:
                codes.append((user.get_username(), code))
                self.log_change(
                    request,
                    user,
                    gettext_now("Verifikasi dua langkah diatur ulang; pengguna mendaftar lagi dengan kode."),
                )
        if not codes:
            self.message_user(
                request,
                gettext_now("Tidak ada pengguna terpilih yang sudah mendaftarkan verifikasi dua langkah."),
                level=messages.WARNING,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext_now("Kode pendaftaran verifikasi dua langkah"),
            "codes": codes,
            "names": ", ".join(name for name, _code in codes),
            "hours": settings.TANGSEL_ENROLMENT_CODE_HOURS,
        }
        response = TemplateResponse(request, "admin/accounts/user/second_factor_reset.html", context)
        add_never_cache_headers(response)
        return response

    def has_unlock_login_permission(self, request):
        return request.user.role == roles.ADMIN

    @admin.action(description=_("Buka kunci login"), permissions=["unlock_login"])
    def unlock_login(self, request, queryset):
        unlocked = []
        for user in queryset:
            if login_lock_lift(user=user, by=request.user):
                unlocked.append(user.get_username())
                self.log_change(request, user, gettext_now("Kunci login dibuka."))
        if unlocked:
            self.message_user(request, gettext_now("Kunci login dibuka: %(names)s.") % {"names": ", ".join(unlocked)})
        else:
            self.message_user(
                request, gettext_now("Tidak ada pengguna terpilih yang sedang terkunci."), level=messages.WARNING
            )


# The roles (Django's groups) and the audit trail (auditlog) come with admins of their own:
# the same again, with the changelist guard every admin of the site has; the audit trail's
# reads like the portal (accounts.admin_audit).
admin.site.unregister(Group)
admin.site.unregister(LogEntry)
# django-otp's own admins show a device's secret (and its QR code): an admin could copy anyone's
# second factor. Devices are reset from the user list instead (the action above).
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(Group)
class PortalGroupAdmin(ChangelistGuardMixin, GroupAdmin):
    pass


admin.site.register(LogEntry, PortalLogEntryAdmin)
