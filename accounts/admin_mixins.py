"""What every ModelAdmin and inline of the back office shares.

- Scoping: querysets, foreign-key and many-to-many choices, list-filter choices and (through
  the target admin's queryset) autocomplete results all go through `scope_queryset`.
- Out of scope is 404: an object the user may not see answers as if it did not exist,
  on the change, delete, history and audit-log pages alike.
- Personal data: each field is shown as the privacy registry (core.privacy) says for the
  user: masked, as an age or left out where the role may not see it.
- The audit trail of django-auditlog is one click away from every list and change page.
- Forms ask the service whether it would accept a write (`service_check`) so the service's
  own refusal is shown on the form; `save_model` then calls the service for real.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from auditlog.mixins import AuditlogHistoryAdminMixin
from auditlog.models import LogEntry
from django import forms
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts import audit_trail
from accounts.admin_guard import ChangelistGuardMixin
from accounts.scoping import scope_queryset
from core import privacy
from core.pagination import CappedPaginator


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A related-field filter that offers only the related objects the user may see."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        visible = scope_queryset(request.user, field.remote_field.model._default_manager.all())
        return field.get_choices(
            include_blank=False, ordering=ordering, limit_choices_to=Q(pk__in=visible.values("pk"))
        )


class ScopedAdminMixin:
    """For ModelAdmin and InlineModelAdmin alike: the user sees and chooses only what is in scope."""

    def get_queryset(self, request):
        return scope_queryset(request.user, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        # Django answers a missing object with a redirect and a message; out of scope must
        # look exactly like absent, so both are a plain 404.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def _scope_choices(self, db_field, request, kwargs):
        queryset = kwargs.get("queryset")
        if queryset is None:
            queryset = self.get_field_queryset(kwargs.get("using"), db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(kwargs.get("using")).all()
        kwargs["queryset"] = scope_queryset(request.user, queryset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_list_filter(self, request):
        scoped = []
        for item in super().get_list_filter(request):
            if isinstance(item, str):
                field = get_fields_from_path(self.model, item)[-1]
                if isinstance(field, models.ForeignKey | models.ManyToManyField):
                    item = (item, ScopedRelatedFieldListFilter)
            scoped.append(item)
        return scoped


def masked_display_name(field: str, how: privacy.Show) -> str | None:
    """The admin display that stands in for `field` when it reaches a user `how`; None: left out."""
    if how in (privacy.Show.MASKED, privacy.Show.AGE):
        return f"{field}_{how}"
    return None


def _masked_display(model, field: str, how: privacy.Show):
    model_field = model._meta.get_field(field)
    description = _("umur") if how is privacy.Show.AGE else model_field.verbose_name

    @admin.display(description=description)
    def display(obj):
        value = getattr(obj, field)
        return privacy.age_text(value) if how is privacy.Show.AGE else privacy.mask_value(value) if value else ""

    display.__name__ = masked_display_name(field, how)
    return display


class PersonalDataAdminMixin:
    """Shows every personal field as the privacy registry (`core.privacy.REGISTRY`) says for
    the user: in full, masked, as an age, or not at all.

    A field the user may not see in full is replaced, in list columns and on the change form,
    by its masked display (`nik_masked`, `birth_date_age`) or left out; so are the admin's own
    displays of it (`rupiah_column`), the filters and search fields on it, and its inlines'
    fields. Nothing is declared per admin: a new personal field joins the registry and every
    admin follows.
    """

    # When search can match personal data (a NIK), the search term stays out of the links
    # the changelist builds (Django carries it along as _changelist_filters).
    search_holds_personal_data = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, rule in privacy.rules(self.model).items():
            display = masked_display_name(name, rule.show)
            if display and not hasattr(self, display):
                setattr(self, display, _masked_display(self.model, name, rule.show))

    def _derived_displays(self) -> dict[str, list[str]]:
        """field -> names of this admin's displays that show it (tagged `shows_field`)."""
        derived: dict[str, list[str]] = {}
        for name in dir(type(self)):
            field = getattr(getattr(type(self), name, None), "shows_field", None)
            if field:
                derived.setdefault(field, []).append(name)
        return derived

    def _masks(self, request) -> dict[str, str | None]:
        """Field (or display of one) -> the display standing in for it, or None to leave it out."""
        masks = {}
        derived = None
        for name, how in privacy.columns(request.user, self.model).items():
            if how is privacy.Show.FULL:
                continue
            masks[name] = masked_display_name(name, how)
            derived = self._derived_displays() if derived is None else derived
            for display in derived.get(name, ()):
                masks[display] = masks[name]
        return masks

    @classmethod
    def _swap(cls, names, masks):
        out = []
        for name in names:
            if isinstance(name, list | tuple):  # several fields on one line of a fieldset
                name = tuple(cls._swap(name, masks))
                if not name:
                    continue
            elif isinstance(name, str) and name in masks:
                if masks[name] is None:
                    continue
                name = masks[name]
            out.append(name)
        return out

    def get_list_display(self, request):
        return self._swap(super().get_list_display(request), self._masks(request))

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        return self._swap(links, self._masks(request)) if links else links

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        masks = self._masks(request)
        if not masks:
            return fieldsets
        return [(title, {**options, "fields": self._swap(options["fields"], masks)}) for title, options in fieldsets]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        for display in self._masks(request).values():
            if display and display not in readonly:
                readonly.append(display)
        return readonly

    def get_list_filter(self, request):
        # Filtering by a field tells its value as surely as showing it.
        masks = self._masks(request)
        return [item for item in super().get_list_filter(request) if _filter_path(item).split("__")[0] not in masks]

    def get_search_fields(self, request):
        masks = self._masks(request)
        return [f for f in super().get_search_fields(request) if f.lstrip("^=@").split("__")[0] not in masks]

    def get_preserved_filters(self, request):
        preserved = super().get_preserved_filters(request)
        if not (self.search_holds_personal_data and preserved):
            return preserved
        filters = QueryDict(QueryDict(preserved).get("_changelist_filters", ""), mutable=True)
        filters.pop("q", None)
        return urlencode({"_changelist_filters": filters.urlencode()}) if filters else ""


def _filter_path(item) -> str:
    """The field path a list_filter item filters on ("" for a custom filter class)."""
    if isinstance(item, list | tuple):
        item = item[0]
    if isinstance(item, str):
        return item
    return getattr(item, "name", "")


class AdminCappedPaginator(CappedPaginator):
    """CappedPaginator as ModelAdmin.get_paginator calls it (orphans and allow_empty_first_page
    by position)."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True):
        super().__init__(object_list, per_page, orphans=orphans, allow_empty_first_page=allow_empty_first_page)


class DomainAdmin(
    ChangelistGuardMixin, ScopedAdminMixin, PersonalDataAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin
):
    """The base of every ModelAdmin of a domain model. Its lists accept only the filters they
    offer, and their search is posted (ChangelistGuardMixin)."""

    show_auditlog_history_link = True
    # The full count is a second COUNT(*) over the whole table on every list page.
    show_full_result_count = False
    # And the list's own count reads at most TANGSEL_LIST_COUNT_CAP + 1 rows (core.pagination):
    # above it the list says "lebih dari 10.000" and offers the pages up to it.
    paginator = AdminCappedPaginator
    list_per_page = 50
    # Relations the model's __str__ reads, joined wherever the admin shows objects (autocomplete
    # answers, pickers, delete confirmations) so naming a row costs no query.
    str_select_related: list[str] = []

    def get_queryset(self, request):
        # Django's changelist skips list_select_related once a queryset joins anything, so both
        # lists are joined here.
        related = [*self.str_select_related]
        if isinstance(self.list_select_related, list | tuple):
            related += self.list_select_related
        queryset = super().get_queryset(request)
        return queryset.select_related(*related) if related else queryset

    auditlog_history_template = "auditlog/object_history.html"
    auditlog_history_per_page = 20

    def auditlog_history_view(self, request, object_id, extra_context=None):
        """The record's audit trail as the user may read it (accounts.audit_trail), newest first."""
        obj = self.get_object(request, unquote(object_id))
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        entries = (
            LogEntry.objects.get_for_object(obj).select_related("actor", "content_type").order_by("-timestamp", "-pk")
        )
        paginator = self.get_paginator(request, entries, self.auditlog_history_per_page)
        page = paginator.get_page(request.GET.get(PAGE_VAR, 1))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Jejak audit: %(record)s") % {"record": obj},
            "module_name": capfirst(self.opts.verbose_name_plural),
            "object": obj,
            "opts": self.opts,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            "rows": audit_trail.read_entries(request.user, page.object_list),
            "time_zone": timezone.get_current_timezone_name(),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.auditlog_history_template, context)

    @admin.display(description=_("Jejak audit"))
    def auditlog_link(self, obj):
        return format_html('<a href="{}">{}</a>', self.auditlog_url(obj.pk), _("Lihat"))

    def auditlog_url(self, pk) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_auditlog", args=[pk])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["auditlog_url"] = self.auditlog_url(obj.pk)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, **kwargs):
        return form_for_user(super().get_form(request, obj, **kwargs), request.user)


class ScopedInlineMixin(ScopedAdminMixin, PersonalDataAdminMixin):
    """Inlines: scoped and masked like their admin; the formset knows the acting user and the parent object."""

    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = form_for_user(formset.form, request.user)
        formset.user, formset.parent = request.user, obj
        return formset


class ScopedTabularInline(ScopedInlineMixin, admin.TabularInline):
    pass


class ScopedStackedInline(ScopedInlineMixin, admin.StackedInline):
    pass


class ReadOnlyAdminMixin:
    """Records written only by services (status history, job records): nobody edits them here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceCheckedForm(forms.ModelForm):
    """A ModelForm that, once valid by the model's own checks, asks the service too.

    Subclasses implement `check_with_service` with `service_check(...)`. It runs after the
    model's validation so the same rule is not reported twice.
    """

    user = None  # the acting user, set by the admin (form_for_user)

    def check_with_service(self) -> None:
        raise NotImplementedError

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            self.check_with_service()
        except ValidationError as error:
            add_service_error(self, error)


def add_service_error(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_for_user(form_class, user):
    """Give a form class the acting user, for the services it asks. The admin builds a new
    form class on every request, so setting an attribute on it is safe."""
    form_class.user = user
    return form_class


def service_check(service: Callable, /, **kwargs) -> None:
    """Ask a service whether it would accept a write, without keeping it.

    The service runs in a savepoint that is always rolled back, so a form shows the
    service's own refusal (in its own words) instead of a second copy of its rules.
    `save_model` then calls the service for real, which checks again under its locks.
    """
    with transaction.atomic():
        service(**kwargs)
        transaction.set_rollback(True)


def adopt(obj, saved) -> None:
    """Make the admin's unsaved `obj` the row a service just wrote, for the admin's log and redirect."""
    obj.pk = saved.pk
    obj._state.adding = False
    obj.refresh_from_db()
