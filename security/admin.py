"""The security event log for the administrator: read only, filtered by kind and date, with
no personal data to show (the user is their account, an unknown username a hash)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.admin_guard import ChangelistGuardMixin
from accounts.admin_mixins import ReadOnlyAdminMixin

from .models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(ChangelistGuardMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "kind", "account", "subject", "ip", "path", "object_type", "object_id", "detail"]
    list_filter = ["kind", ("at", admin.DateFieldListFilter)]
    date_hierarchy = "at"
    list_select_related = ["user"]
    fields = list_display
    readonly_fields = fields
    list_per_page = 100

    @admin.display(description=_("akun"), ordering="user_id")
    def account(self, obj):
        # The account's number and role, linked to it: a login name may be a person's name.
        if not obj.user_id:
            return "—"
        url = reverse("admin:accounts_user_change", args=[obj.user_id])
        return format_html('<a href="{}">#{}</a> · {}', url, obj.user_id, obj.user.role or "—")

    def _is_admin(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or getattr(user, "role", None) == roles.ADMIN)

    def has_module_permission(self, request):
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_admin(request)
