from auditlog.models import LogEntry
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from . import roles
from .admin_audit import PortalLogEntryAdmin
from .admin_guard import ChangelistGuardMixin
from .admin_mixins import PersonalDataAdminMixin, ScopedAdminMixin
from .models import User
from .roles import ROLE_LABELS
from .selectors import login_lock_until, login_locked_usernames
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
            return queryset.filter(username__in=login_locked_usernames())
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
        (_("Tanggal penting"), {"fields": ("last_login", "date_joined", "login_status")}),
    )
    readonly_fields = ("login_status",)
    actions = ["unlock_login"]
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


@admin.register(Group)
class PortalGroupAdmin(ChangelistGuardMixin, GroupAdmin):
    pass


admin.site.register(LogEntry, PortalLogEntryAdmin)
