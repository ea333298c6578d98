"""The work list's filters, the form of a business found in the field, and the phone's visit form."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import scope_queryset
from core.uploads import SafeImageFormField
from participants.nik import parse_nik
from participants.phone import normalize_phone
from regions.models import Kecamatan, Kelurahan
from trainings.models import CraftType

from .models import InventoryVisit


class BusinessFilterForm(forms.Form):
    """The work list's search and kecamatan filter, in GET (the search text through core.search).
    Invalid values are dropped: a stale bookmark still shows a list."""

    q = forms.CharField(label=_("Cari usaha atau pemilik"), required=False, max_length=150)
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=Kecamatan.objects.none(), required=False, empty_label=_("Semua kecamatan")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        kecamatan = scope_queryset(user, Kecamatan.objects.all())
        self.fields["kecamatan"].queryset = kecamatan
        # An officer of one kecamatan has nothing to choose.
        if len(kecamatan[:2]) < 2:
            del self.fields["kecamatan"]
        self.fields["q"].widget.attrs.update({"class": "form-control form-control-sm", "autocomplete": "off"})
        if "kecamatan" in self.fields:
            self.fields["kecamatan"].widget.attrs["class"] = "form-select form-select-sm"

    def values(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": "" if "q" in self.errors else data.get("q", ""),
            "kecamatan": None if "kecamatan" in self.errors else data.get("kecamatan"),
        }


class KelurahanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.kecamatan.name} · {obj.name}"


class BusinessForm(forms.Form):
    name = forms.CharField(label=_("Nama usaha"), max_length=150)
    owner_name = forms.CharField(label=_("Nama pemilik"), max_length=150)
    owner_nik = forms.CharField(
        label=_("NIK pemilik"),
        required=False,
        max_length=32,
        help_text=_("Boleh dikosongkan. 16 digit sesuai KTP; NIK peserta menautkan usaha ke peserta itu."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    kelurahan = KelurahanChoiceField(
        label=_("Kelurahan"),
        queryset=Kelurahan.objects.none(),
        empty_label=_("— pilih kelurahan —"),
        error_messages={
            "invalid_choice": _("Pilih kelurahan dari daftar; kelurahan itu tidak ada atau di luar wilayah tugas Anda.")
        },
    )
    craft_type = forms.ModelChoiceField(
        label=_("Jenis kerajinan"), queryset=CraftType.objects.none(), required=False, empty_label=_("— lainnya —")
    )
    address = forms.CharField(label=_("Alamat"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    phone = forms.CharField(
        label=_("Nomor HP"),
        required=False,
        max_length=25,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].queryset = scope_queryset(
            user, Kelurahan.objects.select_related("kecamatan").order_by("code")
        )
        self.fields["craft_type"].queryset = scope_queryset(user, CraftType.objects.all())

    def clean_owner_nik(self):
        nik = "".join(self.cleaned_data["owner_nik"].split())
        if nik:
            parse_nik(nik)
        return nik

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])


class CoordinateField(forms.DecimalField):
    """Degrees as a phone or a hand writes them: a decimal point or an Indonesian comma."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class VisitForm(forms.ModelForm):
    """What an officer records at a business, from a phone. The location fields are filled by
    static/js/visit-form.js from the phone's GPS; typed when the phone refuses."""

    evidence_photo = SafeImageFormField(
        label=_("Foto bukti"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput(attrs={"data-client-id": ""}))
    # Any number of decimals from a phone or a hand; stored rounded to the model's six (~10 cm).
    latitude = CoordinateField(
        label=_("Lintang"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "-6.31234", "autocomplete": "off"}),
    )
    longitude = CoordinateField(
        label=_("Bujur"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "106.71234", "autocomplete": "off"}),
    )

    class Meta:
        model = InventoryVisit
        fields = [
            "visited_on",
            "status",
            "active_members",
            "monthly_output",
            "monthly_turnover",
            "products_seen",
            "evidence_photo",
            "latitude",
            "longitude",
            "location_accuracy",
            "location_source",
            "notes",
            "recommend_for_exhibition",
        ]
        widgets = {
            "visited_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "status": forms.RadioSelect,
            "active_members": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "monthly_output": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "monthly_turnover": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 1}),
            "products_seen": forms.Textarea(attrs={"rows": 2}),
            "location_accuracy": forms.HiddenInput,
            "location_source": forms.HiddenInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = InventoryVisit.Status.choices
        self.fields["status"].error_messages["required"] = _("Pilih kondisi usaha saat dikunjungi.")
        self.fields["visited_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        if not self.is_bound:
            self.initial.setdefault("visited_on", timezone.localdate())
        self.fields["monthly_turnover"].help_text = _("Perkiraan, dalam rupiah, tanpa titik.")

    def clean_client_id(self):
        # A phone without JavaScript sends none: that submission is recorded, once, as it is.
        return self.cleaned_data.get("client_id") or uuid.uuid4()

    def clean_latitude(self):
        value = self.cleaned_data.get("latitude")
        return round(value, 6) if value is not None else None

    def clean_longitude(self):
        value = self.cleaned_data.get("longitude")
        return round(value, 6) if value is not None else None

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data.get(name) for name in self.Meta.fields}
        fields["notes"] = fields["notes"] or ""
        fields["products_seen"] = fields["products_seen"] or ""
        fields["location_source"] = fields["location_source"] or ""
        fields["evidence_photo"] = fields["evidence_photo"] or None
        fields["recommend_for_exhibition"] = bool(fields["recommend_for_exhibition"])
        return fields
