"""Banks and loan referrals in the back office.

A referral is created by `referral_create` (the kecamatan is derived from the applicant) and
moves only by `referral_transition`: through the actions of the list, or the status page
of one referral. The status is never a field of a form here.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.admin_mixins import (
    DomainAdmin,
    ReadOnlyAdminMixin,
    ScopedTabularInline,
    ServiceCheckedForm,
    adopt,
    service_check,
)
from core.formats import rupiah_column
from records.admin import RecycleDeleteMixin

from . import services
from .forms import TransitionForm
from .models import (
    Bank,
    DocumentKind,
    DocumentView,
    JointLiability,
    KurProgramme,
    LoanReferral,
    LoanReferralEvent,
    ReferralDocument,
    ReferralStatus,
)


@admin.register(Bank)
class BankAdmin(DomainAdmin):
    list_display = ["short_name", "name", "branch", "contact_name", "contact_phone", "active"]
    list_filter = ["active"]
    search_fields = ["short_name", "name", "branch"]


@admin.register(DocumentKind)
class DocumentKindAdmin(DomainAdmin):
    list_display = ["name", "code", "required_above", "condition", "order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code"]


@admin.register(KurProgramme)
class KurProgrammeAdmin(DomainAdmin):
    list_display = ["name", "bank", "is_kur", "loan_min", "loan_max", "interest_rate", "tenor_max_months", "active"]
    list_select_related = ["bank"]
    list_filter = ["active", "is_kur", "bank"]
    search_fields = ["name"]
    filter_horizontal = ["documents"]


class ReferralForm(ServiceCheckedForm):
    # Not the model's (non-editable) override_reason: the service writes that.
    reason_to_refer = forms.CharField(
        label=gettext_lazy("Alasan tetap merujuk"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Hanya bila ada syarat pemeriksaan Disperindag yang belum terpenuhi."),
    )

    class Meta:
        model = LoanReferral
        fields = ["participant", "group", "bank", "programme", "purpose", "amount_requested"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("participant", "group"):
            if name in self.fields:
                self.fields[name].help_text = _("Isi peserta atau KUB, salah satu saja.")

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and "participant" in self.fields:
            if bool(data.get("participant")) == bool(data.get("group")):
                # On the participant field, so the model's generic constraint message is not added too.
                self.add_error("participant", _("Rujukan harus untuk satu peserta atau satu KUB, tidak keduanya."))
        return data

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["override_reason"] = data.pop("reason_to_refer", "")
        return data

    def check_with_service(self):
        if self.instance.pk is None:
            try:
                service_check(services.referral_create, user=self.user, check_eligibility=True, **self.service_data())
            except ValidationError as error:
                if hasattr(error, "error_dict") and "override_reason" in error.error_dict:
                    error.error_dict["reason_to_refer"] = error.error_dict.pop("override_reason")
                raise


class EventInline(ReadOnlyAdminMixin, ScopedTabularInline):
    model = LoanReferralEvent
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class DocumentInline(ReadOnlyAdminMixin, ScopedTabularInline):
    model = ReferralDocument
    fields = ["kind", "file", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


class JointLiabilityInline(ReadOnlyAdminMixin, ScopedTabularInline):
    model = JointLiability
    fields = ["participant", "method", "agreed_at", "recorded_by"]
    readonly_fields = fields


def transition_action(target: ReferralStatus, description):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        modeladmin.transition_many(request, queryset, target)

    action.__name__ = f"mark_{target.value}"
    return action


@admin.register(LoanReferral)
class LoanReferralAdmin(RecycleDeleteMixin, DomainAdmin):
    form = ReferralForm
    list_display = [
        "__str__",
        "applicant",
        "kecamatan",
        "bank",
        "amount_requested_rp",
        "status",
        "status_changed_at",
        "created_at",
    ]
    list_select_related = ["participant", "group", "bank", "kecamatan"]
    # A date filter, not date_hierarchy: its list of years is a DISTINCT over every referral
    # (60,000 at a million participants: 77 ms per page), as in inventory.admin.
    list_filter = ["status", "bank", "kecamatan", "created_at"]
    search_fields = ["participant__name", "group__name", "purpose"]
    autocomplete_fields = ["participant", "group"]
    inlines = [EventInline, DocumentInline, JointLiabilityInline]
    actions = [
        "mark_referred",
        "mark_documents_complete",
        "mark_under_review",
        "mark_disbursed",
        "mark_closed",
    ]
    # Approval needs an amount and rejection a reason: those are done on the status page.
    mark_referred = transition_action(ReferralStatus.REFERRED, gettext_lazy("Tandai dirujuk ke bank"))
    mark_documents_complete = transition_action(
        ReferralStatus.DOCUMENTS_COMPLETE, gettext_lazy("Tandai dokumen lengkap")
    )
    mark_under_review = transition_action(ReferralStatus.UNDER_REVIEW, gettext_lazy("Tandai dalam penilaian bank"))
    mark_disbursed = transition_action(
        ReferralStatus.DISBURSED, gettext_lazy("Tandai dicairkan (sebesar jumlah yang disetujui)")
    )
    mark_closed = transition_action(ReferralStatus.CLOSED, gettext_lazy("Tandai selesai"))

    amount_requested_rp = rupiah_column("amount_requested", gettext_lazy("jumlah diajukan"))
    amount_approved_rp = rupiah_column("amount_approved", gettext_lazy("jumlah disetujui"))
    amount_disbursed_rp = rupiah_column("amount_disbursed", gettext_lazy("jumlah dicairkan"))

    READONLY = [
        "participant",
        "group",
        "bank",
        "kecamatan",
        "ketua",
        "programme",
        "override_reason",
        "status",
        "status_changed_at",
        "amount_approved_rp",
        "amount_disbursed_rp",
        "created_by",
        "created_at",
    ]

    str_select_related = ["bank"]

    @admin.display(description=gettext_lazy("pemohon"))
    def applicant(self, obj):
        return obj.applicant

    @staticmethod
    def _request_editable(request, obj) -> bool:
        # The request itself is the department's, and only while it is a draft.
        return obj.status == ReferralStatus.DRAFT and request.user.has_perm("financing.add_loanreferral")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["participant", "group", "bank", "programme", "purpose", "amount_requested", "reason_to_refer"]
        requested = "amount_requested" if self._request_editable(request, obj) else "amount_requested_rp"
        return [*self.READONLY[:7], "purpose", requested, *self.READONLY[7:]]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        readonly = list(self.READONLY)
        if not self._request_editable(request, obj):
            readonly += ["purpose", "amount_requested_rp"]
        return readonly

    def has_delete_permission(self, request, obj=None):
        # A referral that left the office keeps its history.
        if obj is not None and obj.status != ReferralStatus.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            adopt(obj, services.referral_create(user=request.user, check_eligibility=True, **form.service_data()))

    # --- status ---------------------------------------------------------------------

    def transition_many(self, request, queryset, target: ReferralStatus) -> None:
        moved, refused = 0, []
        for referral in queryset:
            try:
                services.referral_transition(referral=referral, to_status=target, user=request.user)
            except ValidationError as error:
                refused.append(f"{referral}: {' '.join(error.messages)}")
            else:
                moved += 1
        if moved:
            self.message_user(
                request,
                _("%(count)d rujukan menjadi “%(status)s”.") % {"count": moved, "status": target.label},
                messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/status/",
                self.admin_site.admin_view(self.transition_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_transition",
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request, object_id):
        referral = self.get_object(request, unquote(object_id))
        if not self.has_change_permission(request, referral):
            raise PermissionDenied
        form = TransitionForm(request.POST or None, referral=referral)
        if request.method == "POST" and form.is_valid():
            moved = form.transition(request.user)
            if moved is not None:
                message = _("Status diubah menjadi “%(status)s”.") % {"status": moved.get_status_display()}
                self.log_change(request, moved, message)
                self.message_user(request, message, messages.SUCCESS)
                return redirect(reverse("admin:financing_loanreferral_change", args=[referral.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Ubah status %(referral)s") % {"referral": referral},
            "opts": self.opts,
            "original": referral,
            "form": form,
            "events": referral.events.select_related("by"),
        }
        return TemplateResponse(request, "admin/financing/loanreferral/transition.html", context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.allowed_next() and self.has_change_permission(request, obj):
            context["transition_url"] = reverse("admin:financing_loanreferral_transition", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(LoanReferralEvent)
class LoanReferralEventAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_display = ["referral", "from_status", "to_status", "by", "at", "note"]
    list_select_related = ["referral__bank", "by"]
    list_filter = ["to_status", "referral__bank"]
    search_fields = ["referral__participant__name", "referral__group__name", "note"]
    date_hierarchy = "at"


@admin.register(DocumentView)
class DocumentViewAdmin(ReadOnlyAdminMixin, DomainAdmin):
    """Who opened which referral document, when (administrators only: loan files are specific personal data)."""

    list_display = ["at", "by", "document"]
    list_select_related = ["by", "document__kind"]
    list_filter = ["document__kind"]
    search_fields = ["by__username"]
    date_hierarchy = "at"
