from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.admin_mixins import DomainAdmin, ServiceCheckedForm, adopt, service_check
from accounts.scoping import in_scope
from core import privacy
from privacy import services as privacy_services
from records.admin import RecycleDeleteMixin

from . import services
from .models import Consent, Participant
from .phone import normalize_phone

# What a new consent is recorded with (privacy.services.consent_grant).
CONSENT_FIELDS = ["participant", "purpose", "wording", "method", "granted_at", "scan"]
CONSENT_FIELDS += ["guardian_name", "guardian_relation"]
# The ticks of services.ConfirmationNeeded, on the form only when the service asks.
CONFIRMATIONS = ["nik_confirmed", "different_person"]
# The fields participant_register / participant_update take from the form.
SERVICE_FIELDS = ["nik", "name", "sex", "birth_date", "phone", "address", "kelurahan", "consent_given", *CONFIRMATIONS]


class ParticipantAdminForm(ServiceCheckedForm):
    # Hidden (their admin row too) until the service asks, then a checkbox.
    nik_confirmed = forms.BooleanField(
        label=gettext_lazy("NIK sudah dicocokkan dengan KTP"), required=False, widget=forms.HiddenInput
    )
    different_person = forms.BooleanField(
        label=gettext_lazy("Ini orang yang berbeda"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Participant
        fields = [name for name in SERVICE_FIELDS if name not in CONFIRMATIONS]

    def clean_nik(self):
        nik = (self.cleaned_data.get("nik") or "").strip()
        existing = services.participant_with_nik(nik, exclude_pk=self.instance.pk)
        if existing is not None:
            url = reverse("admin:participants_participant_change", args=[existing.pk])
            raise ValidationError(
                format_html('{} <a href="{}">{}</a>', _("NIK ini sudah terdaftar."), url, _("Buka data peserta itu."))
            )
        return nik

    def clean_phone(self):
        return normalize_phone(self.cleaned_data.get("phone"))

    def check_with_service(self):
        data = {name: self.cleaned_data[name] for name in SERVICE_FIELDS}
        try:
            if self.instance.pk:
                service_check(services.participant_update, user=self.user, participant=self.instance, **data)
            else:
                service_check(services.participant_register, user=self.user, **data)
        except services.ConfirmationNeeded as exc:
            errors = exc.error_dict
            if "different_person" in errors:
                errors["different_person"] = [*errors["different_person"], self._similar_note(exc.similar)]
            raise ValidationError(errors) from None

    def _similar_note(self, similar) -> str:
        """Links to the participants of the same name and birth date the user may open; of the
        others only that they exist, so the form cannot be used to probe another area."""
        visible = [p for p in similar if self.user.has_perm("participants.view_participant") and in_scope(self.user, p)]
        links = [
            format_html(
                '<a href="{}">{} ({})</a>',
                reverse("admin:participants_participant_change", args=[p.pk]),
                p.name,
                p.kelurahan,
            )
            for p in visible
        ]
        notes = []
        if links:
            notes.append(format_html("{} {}.", _("Buka:"), format_html_join(", ", "{}", ((link,) for link in links))))
        if len(visible) < len(similar):
            notes.append(
                _(
                    "Peserta dengan nama dan tanggal lahir yang sama terdaftar di luar wilayah tugas Anda; "
                    "hubungi staf Disperindag."
                )
            )
        note = format_html_join(" ", "{}", ((n,) for n in notes))
        return note

    def _post_clean(self):
        super()._post_clean()
        for name in CONFIRMATIONS:
            if name in self.errors or self.cleaned_data.get(name):
                self.fields[name].widget = forms.CheckboxInput()


@admin.register(Participant)
class ParticipantAdmin(RecycleDeleteMixin, DomainAdmin):
    form = ParticipantAdminForm
    list_display = ["name", "nik", "sex", "kelurahan", "kecamatan", "consent_given"]
    list_select_related = ["kelurahan__kecamatan"]
    list_filter = ["kelurahan__kecamatan", "kelurahan", "sex", "consent_given"]
    search_fields = ["name"]
    search_help_text = gettext_lazy("Cari nama, atau NIK (16 digit atau awalannya).")
    search_holds_personal_data = True
    fieldsets = [
        (None, {"fields": ["nik", "nik_confirmed", "name", "sex", "birth_date", "different_person", "kelurahan"]}),
        (gettext_lazy("Kontak"), {"fields": ["phone", "address"]}),
        (gettext_lazy("Persetujuan data pribadi"), {"fields": ["consent_given", "consent_at"]}),
        (gettext_lazy("Catatan sistem"), {"fields": ["registered_by", "created_at", "updated_at"]}),
    ]
    readonly_fields = ["consent_at", "registered_by", "created_at", "updated_at"]

    @admin.display(description=gettext_lazy("kecamatan"), ordering="kelurahan__kecamatan__code")
    def kecamatan(self, obj):
        return obj.kelurahan.kecamatan

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        writes = self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        if writes:
            return fieldsets
        # Read-only roles: no empty rows for questions never asked of them.
        return [
            (title, {**options, "fields": [f for f in options["fields"] if f not in CONFIRMATIONS]})
            for title, options in fieldsets
        ]

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if term.isdigit():
            # A NIK, whole or its first digits; only for roles that may see NIKs.
            if not privacy.sees(request.user, Participant, "nik"):
                return queryset.none(), False
            if len(term) == 16:
                return queryset.filter(nik=term), False
            return queryset.filter(nik__startswith=term), False
        return super().get_search_results(request, queryset, search_term)

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in SERVICE_FIELDS}
        if change:
            saved = services.participant_update(user=request.user, participant=obj, **data)
        else:
            saved = services.participant_register(user=request.user, **data)
        adopt(obj, saved)


class ConsentAdminForm(ServiceCheckedForm):
    """A new consent, checked by the portal's consent service (privacy.services): a minor's
    needs a parent or guardian, a paper form its scan, the wording its purpose."""

    class Meta:
        model = Consent
        fields = CONSENT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "wording" in self.fields:  # the add page; a recorded consent's page has none
            self.fields["wording"].required = True
            self.fields["granted_at"].required = False
            self.fields["granted_at"].help_text = _("Kosongkan untuk saat ini.")

    def check_with_service(self):
        data = self.cleaned_data
        privacy_services.consent_grant_check(
            participant=data["participant"],
            purpose=data["purpose"],
            wording=data["wording"],
            method=data["method"],
            granted_at=data.get("granted_at") or timezone.now(),
            scan=data.get("scan"),
            guardian_name=data.get("guardian_name") or "",
            guardian_relation=data.get("guardian_relation") or "",
        )

    def _post_clean(self):
        # The service fills granted_at, recorded_by and wording_version; the model's own checks
        # would refuse the empty ones first.
        if not self.cleaned_data.get("granted_at"):
            self.instance.granted_at = timezone.now()
        if self.cleaned_data.get("wording"):
            self.instance.wording_version = self.cleaned_data["wording"].version
        super()._post_clean()


@admin.register(Consent)
class ConsentAdmin(DomainAdmin):
    """Consents are recorded through privacy.services.consent_grant, as on the participant's
    consent page; once recorded they are proof and read only here. A withdrawal is recorded on
    that page (/peserta/<id>/persetujuan/), with its reason and the restriction it brings."""

    form = ConsentAdminForm
    list_display = ["participant", "purpose", "granted_at", "method", "wording_version", "withdrawn_at"]
    list_select_related = ["participant"]
    list_filter = ["purpose", "method"]
    search_fields = ["participant__name"]
    autocomplete_fields = ["participant"]
    fields = [*CONSENT_FIELDS, "wording_version", "withdrawn_at", "withdrawn_reason", "recorded_by"]
    readonly_fields = ["wording_version", "withdrawn_at", "withdrawn_reason", "recorded_by"]

    def get_fields(self, request, obj=None):
        return CONSENT_FIELDS if obj is None else self.fields

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = privacy_services.consent_grant(
            participant=data["participant"],
            purpose=data["purpose"],
            wording=data["wording"],
            method=data["method"],
            granted_at=data.get("granted_at") or None,
            scan=data.get("scan") or None,
            guardian_name=data.get("guardian_name") or "",
            guardian_relation=data.get("guardian_relation") or "",
            user=request.user,
        )
        adopt(obj, saved)
