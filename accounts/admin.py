from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .admin_mixins import ScopedAdminMixin
from .models import User
from .roles import ROLE_LABELS


@admin.register(User)
class PortalUserAdmin(ScopedAdminMixin, UserAdmin):
    """Users and their access: the role is a Django group; field officers get kecamatan, liaisons a bank."""

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
        (_("Tanggal penting"), {"fields": ("last_login", "date_joined")}),
    )
    list_display = ("username", "full_name", "role_display", "kecamatan_display", "bank", "is_active")
    list_select_related = ("bank",)
    list_filter = ("groups", "kecamatan", "bank", "is_active")
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
