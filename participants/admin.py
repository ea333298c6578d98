from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.admin_mixins import DomainAdmin, ServiceCheckedForm, adopt, service_check

from . import services
from .models import Participant
from .phone import normalize_phone

# The fields participant_register / participant_update take from the form.
SERVICE_FIELDS = ["nik", "name", "sex", "birth_date", "phone", "address", "kelurahan", "consent_given"]


class ParticipantAdminForm(ServiceCheckedForm):
    class Meta:
        model = Participant
        fields = SERVICE_FIELDS

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
        if self.instance.pk:
            service_check(services.participant_update, user=self.user, participant=self.instance, **data)
        else:
            service_check(services.participant_register, user=self.user, **data)


@admin.register(Participant)
class ParticipantAdmin(DomainAdmin):
    form = ParticipantAdminForm
    list_display = ["name", "nik", "sex", "kelurahan", "kecamatan", "consent_given"]
    list_select_related = ["kelurahan__kecamatan"]
    list_filter = ["kelurahan__kecamatan", "kelurahan", "sex", "consent_given"]
    search_fields = ["name"]
    search_help_text = gettext_lazy("Cari nama, atau NIK (16 digit atau awalannya).")
    search_holds_personal_data = True
    fieldsets = [
        (None, {"fields": ["nik", "name", "sex", "birth_date", "kelurahan"]}),
        (gettext_lazy("Kontak"), {"fields": ["phone", "address"]}),
        (gettext_lazy("Persetujuan data pribadi"), {"fields": ["consent_given", "consent_at"]}),
        (gettext_lazy("Catatan sistem"), {"fields": ["registered_by", "created_at", "updated_at"]}),
    ]
    readonly_fields = ["consent_at", "registered_by", "created_at", "updated_at"]
    personal_fields = {"nik": "nik_masked", "phone": "phone_masked", "address": None}

    @admin.display(description=gettext_lazy("kecamatan"), ordering="kelurahan__kecamatan__code")
    def kecamatan(self, obj):
        return obj.kelurahan.kecamatan

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if term.isdigit():
            # A NIK, whole or its first digits; only for roles that may see NIKs.
            if not request.user.sees_personal_data:
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
