"""Export and import jobs: the record of who took personal data out and what came in. Read only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import DomainAdmin, ReadOnlyAdminMixin

from .models import ExportJob, ImportJob, Target


class JobAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_filter = ["status"]
    date_hierarchy = "created_at"
    search_fields = ["kind"]

    @admin.display(description=_("berkas"))
    def file_name(self, obj):
        # The name only: a download goes through the reports pages, which log it.
        return obj.file.name.rsplit("/", 1)[-1] if obj.file else "—"


@admin.register(ExportJob)
class ExportJobAdmin(JobAdmin):
    list_display = ["__str__", "requested_by", "contains_personal_data", "status", "row_count", "created_at"]
    list_select_related = ["requested_by"]
    list_filter = ["status", "contains_personal_data", "kind"]
    fields = [
        "kind",
        "requested_by",
        "filters",
        "contains_personal_data",
        "status",
        "progress",
        "row_count",
        "file_name",
        "error",
        "created_at",
        "started_at",
        "attempts",
        "finished_at",
        "file_deleted_at",
    ]
    readonly_fields = fields


@admin.register(ImportJob)
class ImportJobAdmin(JobAdmin):
    list_display = ["__str__", "uploaded_by", "status", "total_rows", "applied_rows", "created_at"]
    list_select_related = ["uploaded_by"]
    list_filter = ["status", "kind"]
    fields = [
        "kind",
        "uploaded_by",
        "file_name",
        "status",
        "total_rows",
        "applied_rows",
        "errors",
        "created_at",
        "finished_at",
    ]
    readonly_fields = fields


@admin.register(Target)
class TargetAdmin(DomainAdmin):
    """Admin and Staf set the program's targets; the dashboard reads them."""

    list_display = [
        "indicator",
        "area",
        "baseline_value",
        "baseline_year",
        "value",
        "period_start",
        "period_end",
        "set_by",
        "set_at",
    ]
    list_select_related = ["kecamatan", "set_by"]
    list_filter = ["indicator", "kecamatan"]
    fields = [
        "indicator",
        "kecamatan",
        "baseline_value",
        "baseline_year",
        "baseline_note",
        "value",
        "period_start",
        "period_end",
        "set_by",
        "set_at",
    ]
    readonly_fields = ["set_by", "set_at"]

    @admin.display(description=_("wilayah"), ordering="kecamatan__code")
    def area(self, obj):
        return obj.kecamatan.name if obj.kecamatan_id else _("Kota")

    def save_model(self, request, obj, form, change):
        obj.set_by = request.user
        super().save_model(request, obj, form, change)
