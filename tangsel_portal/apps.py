from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's own site (tangsel_portal.admin_site)."""

    default_site = "tangsel_portal.admin_site.PortalAdminSite"
