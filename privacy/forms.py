from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import SafeDocumentFormField
from participants.models import Consent, ConsentWording

from .models import RightsRequest


class ConsentGrantForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Keperluan"), choices=Consent.Purpose.choices)
    wording = forms.ModelChoiceField(
        label=_("Naskah yang dibacakan atau ditandatangani"), queryset=ConsentWording.objects.all()
    )
    method = forms.ChoiceField(label=_("Cara"), choices=Consent.Method.choices)
    scan = SafeDocumentFormField(
        label=_("Pindaian formulir kertas"),
        required=False,
        help_text=_("Wajib untuk formulir kertas: PDF atau foto formulir yang ditandatangani."),
    )
    guardian_name = forms.CharField(
        label=_("Nama orang tua/wali"),
        max_length=150,
        required=False,
        help_text=_("Wajib bila peserta belum 18 tahun."),
    )
    guardian_relation = forms.CharField(
        label=_("Hubungan dengan peserta"), max_length=50, required=False, help_text=_("mis. ibu, ayah, wali")
    )

    def __init__(self, *args, purpose=None, **kwargs):
        super().__init__(*args, **kwargs)
        if purpose:
            self.fields["purpose"].initial = purpose


class ConsentWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan atau cara penarikan disampaikan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class RestrictionLiftForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pencabutan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Mis. peserta meminta pembatasan diakhiri, atau keberatannya sudah diselesaikan."),
    )
    confirm = forms.BooleanField(
        label=_("Saya memastikan pemrosesan data peserta ini boleh dilanjutkan."),
        error_messages={"required": _("Centang pernyataan ini untuk mencabut pembatasan.")},
    )


class RightsRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis permintaan"), choices=RightsRequest.Kind.choices)
    channel = forms.ChoiceField(label=_("Saluran"), choices=RightsRequest.Channel.choices)
    received_at = forms.DateTimeField(
        label=_("Diterima pada"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M"],
        help_text=_("Batas waktu 3×24 jam dihitung dari sini."),
    )
    purpose = forms.ChoiceField(
        label=_("Keperluan yang ditarik"),
        choices=[("", _("Semua keperluan")), *Consent.Purpose.choices],
        required=False,
        help_text=_("Hanya untuk penarikan persetujuan."),
    )
    notes = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )


class RightsRequestCloseForm(forms.Form):
    outcome = forms.CharField(
        label=_("Hasil"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    refuse = forms.BooleanField(label=_("Tolak permintaan ini (tuliskan alasannya)"), required=False)
    confirm = forms.BooleanField(
        label=_("Saya mengerti: data pribadi peserta ini dianonimkan dan tidak dapat dikembalikan."),
        required=False,
    )


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Semua")), *RightsRequest.Status.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=[("", _("Semua jenis")), *RightsRequest.Kind.choices], required=False
    )
