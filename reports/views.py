from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst

from accounts import roles
from financing import selectors as financing_selectors

from .views_dashboard import dashboard_context

# Records with no portal page yet (the KUB page lists its products): their shortcut opens the
# admin, for the roles that may use it. A record gets its portal page later: its URL name.
_ADMIN_SHORTCUTS = [
    ("groups.product", None),
    ("inventory.business", "inventory:list"),
    ("inventory.inventoryvisit", "inventory:list"),
    ("exhibitions.exhibition", "exhibitions:list"),
]
LATEST_REFERRALS = 10


def _has_portal_page(name: str | None) -> bool:
    if name is None:
        return False
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def _admin_shortcuts(request) -> list[tuple[str, str]]:
    if not admin.site.has_permission(request):
        return []
    registry = {m._meta.label_lower: (m, ma) for m, ma in admin.site._registry.items()}
    links = []
    for label, portal_page in _ADMIN_SHORTCUTS:
        model, model_admin = registry.get(label, (None, None))
        if model_admin is None or _has_portal_page(portal_page) or not model_admin.has_view_permission(request):
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        links.append((capfirst(opts.verbose_name_plural), url))
    return links


@login_required
def home(request):
    """The dashboard (figures against both targets, for the kecamatan the user may see), then
    the portal's pages in the navigation's order (`nav_links`) and the admin's where no page
    exists yet; for a bank liaison the latest referrals of their bank instead of figures."""
    user = request.user
    referrals = None
    if user.role == roles.BANK_LIAISON and financing_selectors.may_see_referrals(user):
        referrals = financing_selectors.referral_list(user=user, sort="-diubah")[:LATEST_REFERRALS]
    context = {"referrals": referrals, "admin_links": _admin_shortcuts(request), "dashboard": None}
    if referrals is None and user.has_perm("reports.view_outcomes"):
        context["dashboard"] = dashboard_context(request)
    return render(request, "reports/home.html", context)
