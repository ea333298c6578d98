"""The field inventory in the back office. New visits go through `visit_record`; any other
change to visits refreshes the business's latest-visit fields that the KPIs read."""

import copy

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import (
    DomainAdmin,
    ScopedTabularInline,
    ServiceCheckedForm,
    adopt,
    service_check,
)
from core import privacy
from participants.entrepreneurs import other_owner_businesses
from records.admin import RecycleDeleteMixin

from . import services
from .admin_profile import PROFILE_FIELDSETS, PROFILE_READONLY, LicenceInline
from .models import Business, InventoryVisit

VISIT_FIELDS = [
    "visited_on",
    "status",
    "notes",
    "latitude",
    "longitude",
    "evidence_photo",
    "active_members",
    "monthly_output",
    "monthly_turnover",
    "products_seen",
    "recommend_for_exhibition",
]


def visit_kwargs(data: dict, *, with_photo: bool = True) -> dict:
    kwargs = {name: data.get(name) for name in VISIT_FIELDS}
    kwargs["notes"] = kwargs["notes"] or ""
    kwargs["products_seen"] = kwargs["products_seen"] or ""
    kwargs["recommend_for_exhibition"] = bool(kwargs["recommend_for_exhibition"])
    # A dry run must not write the photo to storage: the savepoint would not take it back.
    kwargs["evidence_photo"] = (kwargs["evidence_photo"] or None) if with_photo else None
    return kwargs


def _record_on_new_business(*, business: Business, **kwargs) -> None:
    business.save()
    services.visit_record(business=business, **kwargs)


class VisitForm(ServiceCheckedForm):
    class Meta:
        model = InventoryVisit
        fields = ["business", *VISIT_FIELDS]

    def check_with_service(self):
        if self.instance.pk is None and "business" in self.cleaned_data:
            service_check(
                services.visit_record,
                business=self.cleaned_data["business"],
                officer=self.user,
                **visit_kwargs(self.cleaned_data, with_photo=False),
            )


class VisitInlineForm(forms.ModelForm):
    class Meta:
        model = InventoryVisit
        fields = VISIT_FIELDS


class VisitFormSet(BaseInlineFormSet):
    user = None
    parent = None

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        for form in self.forms:
            if form.instance.pk is None and form.has_changed() and not self._should_delete_form(form):
                kwargs = {"officer": self.user, **visit_kwargs(form.cleaned_data, with_photo=False)}
                try:
                    if self.instance.pk is None:
                        self._check_visit_to_new_business(kwargs)
                    else:
                        service_check(services.visit_record, business=self.instance, **kwargs)
                except ValidationError as error:
                    raise ValidationError(error.messages) from None

    def _check_visit_to_new_business(self, kwargs: dict) -> None:
        """The business is being added by the same form: ask the service about a visit to it
        with the business written inside the savepoint that service_check rolls back."""
        business = copy.copy(self.instance)  # the admin's own instance stays unsaved
        try:
            service_check(_record_on_new_business, business=business, **kwargs)
        except DatabaseError:
            # The business itself cannot be written yet; its own form says why, and the
            # visits are checked again once it can.
            pass

    def save_through_service(self) -> None:
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        for form in self.forms:
            if self._should_delete_form(form):
                if form.instance.pk:
                    form.instance.delete()
                    self.deleted_objects.append(form.instance)
            elif not form.has_changed():
                continue
            elif form.instance.pk is None:
                self.new_objects.append(
                    services.visit_record(business=self.instance, officer=self.user, **visit_kwargs(form.cleaned_data))
                )
            else:
                form.save()
                self.changed_objects.append((form.instance, form.changed_data))


class VisitInline(ScopedTabularInline):
    model = InventoryVisit
    form = VisitInlineForm
    formset = VisitFormSet
    fields = ["visited_on", "status", "officer", "recommend_for_exhibition", "notes", "evidence_photo"]
    readonly_fields = ["officer"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("officer")


class OtherOwnerFilter(admin.SimpleListFilter):
    """The businesses the dashboard's 2% indicator counts beside participants: running, and
    owned by nobody among the participants (participants.entrepreneurs)."""

    title = _("indikator 2%")
    parameter_name = "pemilik_lain"

    def lookups(self, request, model_admin):
        return [("berjalan", _("Berjalan, pemilik bukan peserta"))]

    def queryset(self, request, queryset):
        if self.value() == "berjalan":
            return queryset.filter(pk__in=other_owner_businesses().values("pk"))
        return queryset


@admin.register(Business)
class BusinessAdmin(RecycleDeleteMixin, DomainAdmin):
    list_display = [
        "name",
        "owner",
        "kelurahan",
        "kecamatan",
        "craft_type",
        "last_visit_status",
        "last_visited_on",
    ]
    list_select_related = ["owner_participant", "group", "kelurahan__kecamatan", "craft_type"]
    # Date filters, not date_hierarchy: its list of years is a DISTINCT over the whole table.
    list_filter = [
        "kelurahan__kecamatan",
        "last_visit_status",
        "last_visited_on",
        "craft_type",
        "size_class",
        OtherOwnerFilter,
    ]
    search_fields = ["name", "owner_name", "nib"]
    search_help_text = _("Cari nama usaha, nama pemilik, NIB, atau NIK pemilik (16 digit).")
    search_holds_personal_data = True
    autocomplete_fields = ["group", "owner_participant"]
    fieldsets = [
        (None, {"fields": ["name", "kelurahan", "craft_type", "nib"]}),
        (_("Pemilik"), {"fields": ["group", "owner_participant", "owner_name", "owner_nik", "phone", "address"]}),
        *PROFILE_FIELDSETS,
        (_("Kunjungan terakhir"), {"fields": ["last_visit_status", "last_visited_on"]}),
        (_("Catatan sistem"), {"fields": ["created_by", "created_at"]}),
    ]
    readonly_fields = ["last_visit_status", "last_visited_on", "created_by", "created_at", *PROFILE_READONLY]
    inlines = [VisitInline, LicenceInline]

    @admin.display(description=_("pemilik"))
    def owner(self, obj):
        return obj.owner_display

    @admin.display(description=_("kecamatan"), ordering="kelurahan__kecamatan__code")
    def kecamatan(self, obj):
        return obj.kelurahan.kecamatan

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if term.isdigit() and len(term) == 16:
            if not privacy.sees(request.user, Business, "owner_nik"):
                return queryset.none(), False
            return queryset.filter(owner_nik=term), False
        return super().get_search_results(request, queryset, search_term)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if isinstance(formset, VisitFormSet):
            formset.save_through_service()
        else:
            super().save_formset(request, form, formset, change)


@admin.register(InventoryVisit)
class InventoryVisitAdmin(DomainAdmin):
    form = VisitForm
    list_display = ["business", "kecamatan", "visited_on", "status", "officer", "recommend_for_exhibition"]
    list_select_related = ["business__kelurahan__kecamatan", "officer"]
    list_filter = ["status", "visited_on", "recommend_for_exhibition", "business__kelurahan__kecamatan"]
    search_fields = ["business__name", "notes"]
    autocomplete_fields = ["business"]
    readonly_fields = ["officer", "location_accuracy", "location_source", "created_at"]

    str_select_related = ["business"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return ["business", *readonly] if obj is not None else readonly

    @admin.display(description=_("kecamatan"), ordering="business__kelurahan__kecamatan__code")
    def kecamatan(self, obj):
        return obj.business.kelurahan.kecamatan

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            visit = services.visit_record(
                business=form.cleaned_data["business"], officer=request.user, **visit_kwargs(form.cleaned_data)
            )
            adopt(obj, visit)
