"""The whole audit trail in the admin (Admin and Staf hold `auditlog.view_logentry`).

django-auditlog's own admin, made to read like the portal: Indonesian columns (*Waktu, Data,
Aksi, Perubahan, Oleh*), local time to the minute, records and people by name, personal
data as the privacy registry says for the reader (accounts.audit_trail). Its filters offer
the action and the kind of record without a query over the whole trail, and a date range
instead of the date hierarchy (whose list of years is a DISTINCT over every entry).
"""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import audit_trail
from .admin_guard import ChangelistGuardMixin

# Longest list of changed fields in one cell of the list.
MAX_LABELS = 6


class ActionFilter(admin.SimpleListFilter):
    title = _("aksi")
    parameter_name = "aksi"

    def lookups(self, request, model_admin):
        return [(str(action), label) for action, label in audit_trail.ACTIONS.items()]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(action=int(value)) if value.isdigit() else queryset.none()


class RecordKindFilter(admin.SimpleListFilter):
    """The kinds of record in the trail: the models registered with auditlog (no query)."""

    title = _("jenis data")
    parameter_name = "jenis"

    def lookups(self, request, model_admin):
        types = ContentType.objects.get_for_models(*auditlog.get_models())
        choices = [(str(ct.pk), capfirst(model._meta.verbose_name_plural)) for model, ct in types.items()]
        return sorted(choices, key=lambda choice: str(choice[1]))

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(content_type_id=int(value)) if value.isdigit() else queryset.none()


class TimeFilter(admin.DateFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("waktu")


def _admin_url(entry: LogEntry, page: str) -> str | None:
    """The admin page `page` ("change", "auditlog") of the entry's record, if it has one."""
    kind = entry.content_type
    try:
        return reverse(f"admin:{kind.app_label}_{kind.model}_{page}", args=[entry.object_pk])
    except NoReverseMatch:
        return None


def _record_url(entry: LogEntry) -> str | None:
    return None if entry.action == LogEntry.Action.DELETE else _admin_url(entry, "change")


def columns(reader):
    """The list's columns for one reader (they depend on what the reader may see, so they are
    made per request rather than read from state shared between requests)."""

    @admin.display(description=_("Waktu"), ordering="timestamp")
    def when(entry):
        return audit_trail.local_time(entry.timestamp)

    @admin.display(description=_("Data"))
    def record(entry):
        name = f"{audit_trail.model_name(entry)}: {audit_trail.record_name(reader, entry)}"
        url = _record_url(entry)
        return format_html('<a href="{}">{}</a>', url, name) if url else name

    @admin.display(description=_("Aksi"), ordering="action")
    def action(entry):
        return audit_trail.action_label(entry.action)

    @admin.display(description=_("Perubahan"))
    def changes(entry):
        labels = [str(label) for label in audit_trail.changed_labels(reader, entry)]
        if len(labels) > MAX_LABELS:
            more = len(labels) - MAX_LABELS
            labels = [*labels[:MAX_LABELS], gettext("dan %(n)d lagi") % {"n": more}]
        return ", ".join(labels)

    @admin.display(description=_("Oleh"))
    def actor(entry):
        return audit_trail.person_name(entry.actor)

    return [when, record, action, changes, actor]


class PortalLogEntryAdmin(ChangelistGuardMixin, LogEntryAdmin):
    date_hierarchy = None
    list_filter = [ActionFilter, RecordKindFilter, ("timestamp", TimeFilter)]
    # Names, not the stored changes: a search over every entry's text is a full scan.
    search_fields = ["object_repr", "actor__username", "actor__first_name", "actor__last_name"]
    search_help_text = _("Cari nama data, atau nama atau username pengguna.")
    list_per_page = 50
    show_full_result_count = False

    def get_list_display(self, request):
        return columns(request.user)

    def get_list_display_links(self, request, list_display):
        return list_display[:1]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        entry = self.get_object(request, unquote(object_id))
        if entry is None:
            raise Http404
        if not self.has_view_permission(request, entry):
            raise PermissionDenied
        [row] = audit_trail.read_entries(request.user, [entry])
        context = {
            **self.admin_site.each_context(request),
            "title": f"{row.model_name}: {row.record} ({row.action})",
            "opts": self.opts,
            "row": row,
            "record_url": _record_url(entry),
            "history_url": _admin_url(entry, "auditlog"),
            "time_zone": timezone.get_current_timezone_name(),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "auditlog/logentry_detail.html", context)
