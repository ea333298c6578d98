from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (label, url name, permission needed to see the link)
NAV = [
    (_("Peserta"), "participants:list", "participants.view_participant"),
    (_("Pelatihan"), "trainings:index", "trainings.view_trainingbatch"),
    (_("KUB"), "groups:list", "groups.view_businessgroup"),
    (_("Inventaris"), "inventory:list", "inventory.view_business"),
    (_("Kurasi"), "curation:queue", "inventory.view_curation"),
    (_("Pameran"), "exhibitions:list", "exhibitions.view_exhibition"),
    (_("Pembiayaan"), "financing:list", "financing.view_loanreferral"),
    (_("Capaian"), "reports:outcomes", "reports.view_outcomes"),
]


def role(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_role": None, "nav_links": [], "may_use_admin": False}
    links = []
    for label, name, perm in NAV:
        if not user.has_perm(perm):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:  # that part of the portal is not built yet
            continue
        links.append({"label": label, "url": url, "active": request.path.startswith(url)})
    # The admin site's own check (tangsel_portal.admin_site): one rule for the link and the pages.
    return {"user_role": user.role, "nav_links": links, "may_use_admin": admin.site.has_permission(request)}
