from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.admin_mixins import DomainAdmin, ScopedTabularInline
from core.formats import rupiah_column

from .models import Exhibition, ExhibitionEntry, ExhibitionSale


class EntryForm(forms.ModelForm):
    class Meta:
        model = ExhibitionEntry
        fields = ["exhibition", "group", "products", "status", "booth", "notes"]

    def clean(self):
        data = super().clean()
        group = data.get("group")
        strangers = [p.name for p in data.get("products") or [] if group and p.group_id != group.pk]
        if strangers:
            self.add_error(
                "products",
                _("Produk ini bukan milik KUB %(group)s: %(names)s.") % {"group": group, "names": ", ".join(strangers)},
            )
        return data


class SaleForm(forms.ModelForm):
    class Meta:
        model = ExhibitionSale
        fields = ["entry", "product", "sold_on", "quantity", "amount"]

    def clean(self):
        data = super().clean()
        entry = data.get("entry") or (self.instance.entry if self.instance.entry_id else None)
        product = data.get("product")
        if entry and product and product.group_id != entry.group_id:
            self.add_error("product", _("Produk ini bukan milik KUB peserta pameran ini."))
        return data


class EntryInline(ScopedTabularInline):
    model = ExhibitionEntry
    form = EntryForm
    fields = ["group", "products", "status", "booth", "notes"]
    autocomplete_fields = ["group", "products"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("group")


class SaleInline(ScopedTabularInline):
    model = ExhibitionSale
    form = SaleForm
    fields = ["product", "sold_on", "quantity", "amount"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("product")
        if field is not None and obj is not None:
            field.queryset = field.queryset.filter(group_id=obj.group_id)
        return formset


@admin.register(Exhibition)
class ExhibitionAdmin(DomainAdmin):
    list_display = ["name", "kind", "location", "city", "start_date", "end_date"]
    list_filter = ["kind", "city"]
    search_fields = ["name", "location", "city"]
    date_hierarchy = "start_date"
    inlines = [EntryInline]


@admin.register(ExhibitionEntry)
class ExhibitionEntryAdmin(DomainAdmin):
    form = EntryForm
    list_display = ["group", "exhibition", "kecamatan", "status", "booth"]
    list_select_related = ["group__kecamatan", "exhibition"]
    list_filter = ["status", "exhibition", "group__kecamatan"]
    search_fields = ["group__name", "exhibition__name", "booth"]
    autocomplete_fields = ["exhibition", "group", "products"]
    inlines = [SaleInline]

    str_select_related = ["group", "exhibition"]

    @admin.display(description=gettext_lazy("kecamatan"), ordering="group__kecamatan__code")
    def kecamatan(self, obj):
        return obj.group.kecamatan


@admin.register(ExhibitionSale)
class ExhibitionSaleAdmin(DomainAdmin):
    form = SaleForm
    list_display = ["__str__", "product", "sold_on", "quantity", "amount_rp"]
    list_select_related = ["entry__group", "entry__exhibition", "product"]
    list_filter = ["entry__exhibition", "entry__group__kecamatan"]
    search_fields = ["entry__group__name", "entry__exhibition__name", "product__name"]
    autocomplete_fields = ["entry", "product"]
    date_hierarchy = "sold_on"

    amount_rp = rupiah_column("amount", gettext_lazy("nilai penjualan"))

    str_select_related = ["entry__group", "entry__exhibition"]
