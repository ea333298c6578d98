from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import SafeImageFormField

from .models import Product


class ProductForm(forms.ModelForm):
    """A KUB's product as staff keep it; curation sets its status elsewhere (/inventaris/kurasi/).
    A new product may come with its first photo; after that its photos are kept in its gallery."""

    class Meta:
        model = Product
        fields = ["name", "craft_type", "price", "stock", "photo", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["photo"]


class ProductPhotoForm(forms.Form):
    image = SafeImageFormField(label=_("Foto"), widget=forms.ClearableFileInput(attrs={"capture": "environment"}))
    caption = forms.CharField(label=_("Keterangan foto"), required=False, max_length=150)
