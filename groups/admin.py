"""KUBs in the back office. Every membership change goes through groups.services, so the
KUB rules (size, one KUB per person, one officer per role, trained members) hold here too."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.admin_mixins import (
    DomainAdmin,
    ScopedStackedInline,
    ScopedTabularInline,
    ServiceCheckedForm,
    adopt,
    service_check,
)
from core.formats import rupiah_column
from records.admin import RecycleDeleteMixin

from . import services
from .models import BusinessGroup, Membership, Product
from .tasks import enqueue_group_recompute

# --- Memberships ----------------------------------------------------------------------


def membership_apply(*, forms, group: BusinessGroup, user) -> tuple[list, list]:
    """Write the changed membership rows through the services: leavers first, then role
    changes (those stepping down first), then newcomers, so one save can replace a ketua.
    Every refusal is collected and raised together. Returns (added, [(changed, fields)])."""
    removals, role_changes, additions = [], [], []
    for form in forms:
        if not form.has_changed():
            continue
        if form.instance.pk is None:
            additions.append(form)
        elif form.cleaned_data.get("left_on") and "left_on" in form.changed_data:
            removals.append(form)
        elif "role" in form.changed_data:
            role_changes.append(form)
    role_changes.sort(key=lambda form: form.cleaned_data["role"] != Membership.Role.ANGGOTA)

    added, changed, errors = [], [], []

    def attempt(call, **kwargs):
        try:
            return call(user=user, **kwargs)
        except ValidationError as error:
            errors.extend(error.messages)

    for form in removals:
        membership = attempt(
            services.group_remove_member, membership=form.instance, left_on=form.cleaned_data["left_on"]
        )
        changed.append((membership, ["left_on"]))
    for form in role_changes:
        membership = attempt(services.group_set_role, membership=form.instance, role=form.cleaned_data["role"])
        changed.append((membership, ["role"]))
    for form in additions:
        data = form.cleaned_data
        membership = attempt(
            services.group_add_member,
            group=group,
            participant=data["participant"],
            role=data["role"],
            joined_on=data.get("joined_on"),
            override_reason=data.get("override_reason", ""),
        )
        added.append(membership)
    if errors:
        raise ValidationError(errors)
    return added, changed


class MembershipForm(ServiceCheckedForm):
    class Meta:
        model = Membership
        fields = ["group", "participant", "role", "joined_on", "left_on", "override_reason"]
        help_texts = {
            "left_on": gettext_lazy("Isi untuk mengeluarkan anggota; riwayatnya tetap tersimpan."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "joined_on" in self.fields:
            self.fields["joined_on"].required = False
            self.fields["joined_on"].help_text = _("Kosongkan untuk hari ini.")
        if self.instance.pk:
            # Who and where stay as they were; a member changes role or leaves.
            frozen = ["group", "participant", "joined_on", "override_reason"]
            if self.instance.left_on is not None:
                frozen += ["role", "left_on"]  # a former member is history
            for name in frozen:
                if name in self.fields:
                    self.fields[name].disabled = True

    def _get_validation_exclusions(self):
        # The KUB rules behind the partial unique and check constraints (one active KUB per
        # person, one officer per role, leaving after joining) are checked by the services with
        # the KUB locked, and explained in words; the model's generic "constraint violated"
        # would only repeat them. The constraints still hold in the database.
        return super()._get_validation_exclusions() | {"participant", "role", "left_on"}

    def check_with_service(self):
        group = self.cleaned_data.get("group") or self.instance.group
        service_check(membership_apply, forms=[self], group=group, user=self.user)


class MembershipInlineForm(MembershipForm):
    class Meta(MembershipForm.Meta):
        fields = ["participant", "role", "joined_on", "left_on", "override_reason"]

    def check_with_service(self):
        pass  # the formset asks for all rows of the KUB at once


class MembershipFormSet(BaseInlineFormSet):
    user = None
    parent = None

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        service_check(membership_apply, forms=self.forms, group=self.instance, user=self.user)

    def save_through_service(self) -> None:
        self.new_objects, self.changed_objects = membership_apply(forms=self.forms, group=self.instance, user=self.user)
        self.deleted_objects = []


class MembershipInline(ScopedTabularInline):
    model = Membership
    form = MembershipInlineForm
    formset = MembershipFormSet
    fields = ["participant", "role", "joined_on", "left_on", "override_reason", "added_by"]
    readonly_fields = ["added_by"]
    autocomplete_fields = ["participant"]
    can_delete = False  # leaving is recorded with a date, never by deleting the row

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("participant", "added_by")


class ProductInline(ScopedStackedInline):
    model = Product
    fields = ["name", "craft_type", "price", "photo", "description", "curation_status", "curation_note"]


def stamp_curation(product: Product, changed_fields, user) -> None:
    if "curation_status" in changed_fields:
        product.curated_by = user
        product.curated_at = timezone.now()


class BusinessGroupForm(ServiceCheckedForm):
    class Meta:
        model = BusinessGroup
        fields = ["name", "kecamatan", "kelurahan", "craft_type", "source_batch", "formed_on"]

    def clean(self):
        data = super().clean()
        kecamatan, kelurahan = data.get("kecamatan"), data.get("kelurahan")
        if kecamatan and kelurahan and kelurahan.kecamatan_id != kecamatan.pk:
            self.add_error("kelurahan", _("Kelurahan %(name)s tidak berada di kecamatan itu.") % {"name": kelurahan})
        return data

    def check_with_service(self):
        if self.instance.pk is None:
            service_check(services.group_create, user=self.user, **self._create_kwargs())

    def _create_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kecamatan": data["kecamatan"],
            "craft_type": data["craft_type"],
            "kelurahan": data.get("kelurahan"),
            "source_batch": data.get("source_batch"),
        }


@admin.register(BusinessGroup)
class BusinessGroupAdmin(RecycleDeleteMixin, DomainAdmin):
    form = BusinessGroupForm
    list_display = ["name", "kecamatan", "craft_type", "status", "active_member_count", "formed_on"]
    list_select_related = ["kecamatan", "craft_type"]
    list_filter = ["kecamatan", "status", "craft_type"]
    search_fields = ["name"]
    autocomplete_fields = ["source_batch"]
    readonly_fields = ["status", "active_member_count", "created_by", "created_at"]
    fields = [
        "name",
        "kecamatan",
        "kelurahan",
        "craft_type",
        "source_batch",
        "formed_on",
        "status",
        "active_member_count",
        "created_by",
        "created_at",
    ]
    inlines = [MembershipInline, ProductInline]

    def get_inlines(self, request, obj):
        # Members join a KUB that exists: create it first, then add them.
        return self.inlines if obj is not None else [ProductInline]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            adopt(obj, services.group_create(user=request.user, **form._create_kwargs()))

    def save_formset(self, request, form, formset, change):
        if isinstance(formset, MembershipFormSet):
            formset.save_through_service()
            if formset.new_objects or formset.changed_objects:
                enqueue_group_recompute(form.instance.pk)
            return
        for product_form in formset.forms:
            if product_form.has_changed():
                stamp_curation(product_form.instance, product_form.changed_data, request.user)
        super().save_formset(request, form, formset, change)


@admin.register(Membership)
class MembershipAdmin(DomainAdmin):
    form = MembershipForm
    list_display = ["participant", "group", "kecamatan", "role", "joined_on", "left_on"]
    list_select_related = ["participant", "group__kecamatan"]
    list_filter = ["group__kecamatan", "role", ("left_on", admin.EmptyFieldListFilter), "joined_on"]
    search_fields = ["participant__name", "group__name"]
    autocomplete_fields = ["group", "participant"]
    readonly_fields = ["added_by"]

    str_select_related = ["participant", "group"]

    @admin.display(description=gettext_lazy("kecamatan"), ordering="group__kecamatan__code")
    def kecamatan(self, obj):
        return obj.group.kecamatan

    def has_delete_permission(self, request, obj=None):
        # A member leaves with a date; only an administrator removes a row entered by mistake.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        group = form.cleaned_data.get("group") or obj.group
        added, changed = membership_apply(forms=[form], group=group, user=request.user)
        saved = added[0] if added else changed[0][0] if changed else None
        if saved is not None:
            adopt(obj, saved)
            enqueue_group_recompute(group.pk)


@admin.register(Product)
class ProductAdmin(DomainAdmin):
    list_display = ["name", "group", "kecamatan", "craft_type", "price_rp", "stock", "curation_status", "curated_at"]
    list_select_related = ["group__kecamatan", "craft_type"]
    list_filter = ["curation_status", "group__kecamatan", "craft_type"]
    search_fields = ["name", "group__name"]
    autocomplete_fields = ["group"]
    readonly_fields = ["curated_by", "curated_at", "created_at", "updated_at"]
    actions = ["mark_approved", "mark_rejected"]

    price_rp = rupiah_column("price", gettext_lazy("harga"))

    @admin.display(description=gettext_lazy("kecamatan"), ordering="group__kecamatan__code")
    def kecamatan(self, obj):
        return obj.group.kecamatan

    def save_model(self, request, obj, form, change):
        stamp_curation(obj, form.changed_data, request.user)
        super().save_model(request, obj, form, change)

    def _curate(self, request, queryset, status):
        count = 0
        for product in queryset:
            if product.curation_status != status:
                product.curation_status = status
                stamp_curation(product, ["curation_status"], request.user)
                product.save(update_fields=["curation_status", "curated_by", "curated_at"])
                count += 1
        self.message_user(request, _("%(count)d produk diperbarui.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Tandai layak pamer"), permissions=["change"])
    def mark_approved(self, request, queryset):
        self._curate(request, queryset, Product.Curation.APPROVED)

    @admin.action(description=gettext_lazy("Tandai belum layak"), permissions=["change"])
    def mark_rejected(self, request, queryset):
        self._curate(request, queryset, Product.Curation.REJECTED)
