"""A KUB's products from its page: add and edit, with a photo (staff only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors, services_products
from .forms_products import ProductForm
from .models import Product
from .views import VIEW, _require


@login_required
def product_add(request, pk: int):
    _require(request.user, VIEW, "groups.add_product")
    group = selectors.group_get(user=request.user, pk=pk)
    return _product_form(request, group, Product(group=group, craft_type=group.craft_type))


@login_required
def product_edit(request, pk: int, product_pk: int):
    _require(request.user, VIEW, "groups.change_product")
    group = selectors.group_get(user=request.user, pk=pk)
    product = get_object_or_404(Product.objects.filter(group=group), pk=product_pk)
    return _product_form(request, group, product)


def _product_form(request, group, product: Product):
    adding = product.pk is None
    form = ProductForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=product,
    )
    if request.method == "POST" and form.is_valid():
        saved = services_products.product_save(product=form.instance, group=group, user=request.user)
        text = _("Produk %(name)s ditambahkan.") if adding else _("Produk %(name)s disimpan.")
        messages.success(request, text % {"name": saved.name})
        return redirect(reverse("groups:detail", args=[group.pk]) + f"#produk-{saved.pk}")
    return render(request, "groups/product_form.html", {"group": group, "product": product, "form": form})
