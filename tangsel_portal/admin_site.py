"""The Django admin is the back office of Admin and Staf Disperindag. Field officers, leadership
and bank liaisons work in the portal's pages (officers: /inventaris/, /peserta/, /pelatihan/,
/pameran/): to them every admin page, the login page included, answers the portal's 403.
Autocomplete is asked by POST (accounts/admin_guard.py), so a NIK typed into a picker
reaches no address and no log.
"""

from functools import update_wrapper

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from accounts import roles
from accounts.admin_guard import PostedAutocompleteJsonView

BACK_OFFICE_ROLES = frozenset({roles.ADMIN, roles.STAFF})


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request):
        """The one check of who may use the admin; the portal's navigation asks it too."""
        user = request.user
        return user.is_active and user.is_staff and user.role in BACK_OFFICE_ROLES

    def _refuse_signed_in_outsiders(self, request) -> None:
        # Django would send them to the admin login form, which offers to sign in as someone
        # else; a role that has no business here gets a plain refusal instead.
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            self._refuse_signed_in_outsiders(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request, extra_context=None):
        self._refuse_signed_in_outsiders(request)
        return super().login(request, extra_context)

    def autocomplete_view(self, request):
        return PostedAutocompleteJsonView.as_view(admin_site=self)(request)
