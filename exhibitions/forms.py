import datetime as dt
import uuid

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .models import BuyerLead, Exhibition, ExhibitionEntry, ExhibitionSale

SORTS = {
    "-start_date": ["-start_date", "pk"],
    "start_date": ["start_date", "pk"],
    "name": ["name", "pk"],
    "-name": ["-name", "pk"],
}


class ExhibitionFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *Exhibition.Kind.choices]
    )
    sort = forms.ChoiceField(required=False, choices=[(k, k) for k in SORTS], widget=forms.HiddenInput)

    def values(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"q": data.get("q", ""), "kind": data.get("kind", ""), "sort": data.get("sort") or "-start_date"}


class ExhibitionForm(forms.ModelForm):
    class Meta:
        model = Exhibition
        fields = [
            "name",
            "kind",
            "location",
            "city",
            "organiser",
            "start_date",
            "end_date",
            "booth_count",
            "description",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "booth_count": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        count = data.get("booth_count")
        if self.instance.pk and count is not None:
            taken = self.instance.entries.exclude(booth="").count()
            if count < taken:
                self.add_error(
                    "booth_count", _("Sudah %(taken)d stan diisi; kosongkan dulu sebagian stan.") % {"taken": taken}
                )
        if self.instance.pk and start and end:
            sales = ExhibitionSale.objects.filter(entry__exhibition=self.instance)
            if sales.exclude(sold_on__range=(start, end)).exists():
                self.add_error("start_date", _("Ada penjualan tercatat di luar tanggal ini."))
        return data


class EntryProductsForm(forms.Form):
    products = forms.ModelMultipleChoiceField(
        label=_("Produk yang dipamerkan"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, entry: ExhibitionEntry, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = products
        self.fields["products"].label_from_instance = lambda p: f"{p.name} · {p.get_curation_status_display()}"


class SaleForm(forms.ModelForm):
    """One sale at the booth, from a phone. `client_id` is made when the form is shown: the
    same form sent twice is recorded once, with or without JavaScript."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = ExhibitionSale
        fields = ["product", "sold_on", "quantity", "amount", "payment_method"]
        widgets = {
            "payment_method": forms.RadioSelect,
            "quantity": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "class": "form-control-lg"}),
            "amount": forms.NumberInput(
                attrs={"inputmode": "numeric", "min": 0, "step": 1, "class": "form-control-lg"}
            ),
        }

    def __init__(self, *args, entry: ExhibitionEntry, day: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        exhibition = entry.exhibition
        today = timezone.localdate()
        days = [d for d in exhibition.days if d <= today]
        self.fields["product"].queryset = entry.products.order_by("name")
        self.fields["product"].required = True
        self.fields["product"].empty_label = _("— pilih produk —")
        self.fields["product"].widget.attrs["class"] = "form-select form-select-lg"
        self.fields["sold_on"] = forms.TypedChoiceField(
            label=_("Tanggal"),
            choices=[(d.isoformat(), formats.date_format(d, "l, j F Y")) for d in days],
            coerce=dt.date.fromisoformat,
            widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
        )
        self.fields["payment_method"].choices = ExhibitionSale.Payment.choices
        self.fields["amount"].help_text = _("Jumlah uang yang diterima, dalam rupiah, tanpa titik.")
        if not self.is_bound:
            self.initial["client_id"] = uuid.uuid4()
            chosen = [d for d in days if d.isoformat() == day]
            if days:
                self.initial.setdefault("sold_on", (chosen or [today if today in days else days[-1]])[0].isoformat())
            self.initial.setdefault("quantity", 1)


class LeadForm(forms.ModelForm):
    class Meta:
        model = BuyerLead
        fields = ["product", "interest", "buyer_name", "buyer_contact", "consent"]
        widgets = {
            "interest": forms.Textarea(attrs={"rows": 2, "placeholder": _("mis. pesan 50 tas untuk suvenir kantor")}),
            "buyer_contact": forms.TextInput(attrs={"autocomplete": "off"}),
            "buyer_name": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, entry: ExhibitionEntry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = entry.products.order_by("name")
        self.fields["product"].empty_label = _("— produk apa saja —")

    def clean(self):
        data = super().clean()
        if (data.get("buyer_name", "").strip() or data.get("buyer_contact", "").strip()) and not data.get("consent"):
            self.add_error("consent", _("Nama dan kontak calon pembeli hanya boleh disimpan bila ia setuju dihubungi."))
        return data
