from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


def _may_see_monthly_reports(user) -> bool:
    # The monthly report's own rule (reports.exports.monthly), as its pages check it.
    from reports import exports
    from reports.exports import monthly

    return exports.get(monthly.KIND).allowed(user)


def _records_access():
    from records import access

    return access


# (label, url name, permission needed to see the link, or a check of the user; None: everyone)
NAV = [
    (_("Peserta"), "participants:list", "participants.view_participant"),
    (_("Pelatihan"), "trainings:index", "trainings.view_trainingbatch"),
    (_("KUB"), "groups:list", "groups.view_businessgroup"),
    (_("Inventaris"), "inventory:list", "inventory.view_business"),
    (_("Kurasi"), "curation:queue", "inventory.view_curation"),
    (_("Pameran"), "exhibitions:list", "exhibitions.view_exhibition"),
    (_("Pembiayaan"), "financing:list", "financing.view_loanreferral"),
    (_("Capaian"), "reports:outcomes", "reports.view_outcomes"),
    (_("Laporan"), "reports:index", _may_see_monthly_reports),
    # Data subjects' requests (UU 27/2022), with the count due within 24 hours (privacy.context_processors).
    (_("Permintaan hak"), "privacy:request_list", "privacy.view_rightsrequest"),
    (_("Privasi"), "records:ropa", lambda user: _records_access().may_read_records(user)),
    (_("Tempat sampah"), "recycle:list", lambda user: _records_access().may_use_bin(user)),
    # Every role exports some list (a bank liaison its referrals): one's own exports.
    (_("Ekspor saya"), "reports:export_list", None),
]


def _may(user, need) -> bool:
    if need is None:
        return True
    return need(user) if callable(need) else user.has_perm(need)


def role(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_role": None, "nav_links": [], "may_use_admin": False}
    links = []
    for label, name, need in NAV:
        if not _may(user, need):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:  # that part of the portal is not built yet
            continue
        links.append({"label": label, "url": url, "active": False})
    # The link whose address is the longest start of this page's ("/laporan/ekspor/3/" is
    # Ekspor saya's, not Laporan's).
    current = [link for link in links if request.path.startswith(link["url"])]
    if current:
        max(current, key=lambda link: len(link["url"]))["active"] = True
    # The admin site's own check (tangsel_portal.admin_site): one rule for the link and the pages.
    return {"user_role": user.role, "nav_links": links, "may_use_admin": admin.site.has_permission(request)}
