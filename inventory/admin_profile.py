"""The IKM profile in the back office: KBLI codes, licences (inline on the business) and the
curation records (read here; moved on the curation page, /inventaris/kurasi/)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import DomainAdmin, ReadOnlyAdminMixin, ScopedTabularInline

from .models import BusinessLicence, Curation, CurationStep, Kbli

PROFILE_FIELDSETS = [
    (
        _("Profil IKM"),
        {
            "fields": [
                "legal_form",
                "kbli",
                ("workers_male", "workers_female"),
                "capital",
                "turnover_per_year",
                "investment",
                ("capacity_per_month", "capacity_unit"),
                "production_value_per_year",
                "raw_materials",
                "market_reach",
                "channels",
                ("exports", "export_destinations"),
            ]
        },
    ),
    (_("Klasifikasi (dihitung dari angka)"), {"fields": ["size_class", "industry_class"]}),
]
PROFILE_READONLY = ["size_class", "industry_class"]


@admin.register(Kbli)
class KbliAdmin(DomainAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title"]


class LicenceInline(ScopedTabularInline):
    model = BusinessLicence
    fields = ["kind", "name", "number", "issued_on", "valid_until", "scan"]


@admin.register(BusinessLicence)
class BusinessLicenceAdmin(DomainAdmin):
    list_display = ["business", "kind", "number", "issued_on", "valid_until"]
    list_select_related = ["business"]
    list_filter = ["kind", "valid_until", "business__kelurahan__kecamatan"]
    search_fields = ["number", "business__name"]
    autocomplete_fields = ["business"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class CurationStepInline(ReadOnlyAdminMixin, ScopedTabularInline):
    model = CurationStep
    fields = ["at", "from_status", "to_status", "reason", "by"]
    readonly_fields = fields


@admin.register(Curation)
class CurationAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_display = ["__str__", "status", "kecamatan", "changed_at", "changed_by"]
    list_select_related = ["business", "product", "kecamatan", "changed_by"]
    list_filter = ["status", "kecamatan"]
    search_fields = ["business__name", "product__name"]
    inlines = [CurationStepInline]
