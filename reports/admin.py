"""Export and import jobs: the record of who took personal data out and what came in. Read only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import DomainAdmin, ReadOnlyAdminMixin

from .models import ExportJob, ImportJob


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
