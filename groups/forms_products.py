from django import forms

from .models import Product


class ProductForm(forms.ModelForm):
    """A KUB's product as staff keep it; curation sets its status elsewhere (/inventaris/kurasi/)."""

    class Meta:
        model = Product
        fields = ["name", "craft_type", "price", "stock", "photo", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
