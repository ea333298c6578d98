from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Business, BusinessLicence, Curation
from .services_profile import PROFILE_FIELDS


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Business
        fields = PROFILE_FIELDS
        widgets = {"raw_materials": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("capital", "turnover_per_year", "investment", "production_value_per_year"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "step": "1"})
        for name in ("workers_male", "workers_female"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"


class LicenceForm(forms.ModelForm):
    class Meta:
        model = BusinessLicence
        fields = ["kind", "name", "number", "issued_on", "valid_until", "scan"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


CURATION_TABS = [
    (Curation.Status.NOMINATED, _("Dinominasikan")),
    (Curation.Status.CURATED, _("Dikurasi")),
    (Curation.Status.SELECTED, _("Terpilih")),
    (Curation.Status.REJECTED, _("Ditolak")),
]
