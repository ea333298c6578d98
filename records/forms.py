from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Incident

DATETIME = {"type": "datetime-local"}


class IncidentForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = [
            "discovered_at",
            "description",
            "data_affected",
            "people_affected",
            "measures",
            "notified_at",
            "status",
        ]
        widgets = {
            "discovered_at": forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
            "notified_at": forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "data_affected": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "discovered_at": _("Batas pemberitahuan tertulis: 3×24 jam sejak waktu ini."),
            "data_affected": _("Jenis data, bukan datanya: misalnya “NIK dan nomor HP peserta Kecamatan Ciputat”."),
            "notified_at": _("Diisi setelah surat kepada orang terdampak dan lembaga dikirim."),
        }

    def clean(self):
        data = super().clean()
        found, notified = data.get("discovered_at"), data.get("notified_at")
        if found and notified and notified < found:
            self.add_error("notified_at", _("Waktu pemberitahuan tidak boleh sebelum insiden diketahui."))
        if data.get("status") == Incident.Status.NOTIFIED and not notified:
            self.add_error("notified_at", _("Isi waktu pemberitahuan untuk status ini."))
        return data
