"""A KUB's products from its page: add and edit, and each product's photos (staff only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services_products
from .forms_products import ProductForm, ProductPhotoForm
from .models import Product, ProductPhoto
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
    return render(
        request,
        "groups/product_form.html",
        {
            "group": group,
            "product": product,
            "form": form,
            "photos": list(product.photos.all()) if product.pk else [],
            "photo_form": ProductPhotoForm() if product.pk else None,
            "max_photos": ProductPhoto.MAX_PER_PRODUCT,
        },
    )


def _product_of(request, pk: int, product_pk: int):
    _require(request.user, VIEW, "groups.change_product")
    group = selectors.group_get(user=request.user, pk=pk)
    return group, get_object_or_404(Product.objects.filter(group=group), pk=product_pk)


def _photos_url(group, product) -> str:
    return reverse("groups:product_edit", args=[group.pk, product.pk]) + "#foto"


@login_required
@require_POST
def product_photo_add(request, pk: int, product_pk: int):
    group, product = _product_of(request, pk, product_pk)
    form = ProductPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services_products.photo_add(
                product=product,
                image=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Foto ditambahkan."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(_photos_url(group, product))


@login_required
@require_http_methods(["GET", "POST"])
def product_photo_remove(request, pk: int, product_pk: int, photo_pk: int):
    """Removing a photo asks first (GET shows what goes), then removes it (POST)."""
    group, product = _product_of(request, pk, product_pk)
    photo = get_object_or_404(product.photos.all(), pk=photo_pk)
    if request.method == "POST":
        services_products.photo_remove(photo=photo, user=request.user)
        messages.success(request, _("Foto dihapus."))
        return redirect(_photos_url(group, product))
    return render(request, "groups/product_photo_remove.html", {"group": group, "product": product, "photo": photo})


@login_required
@require_POST
def product_photo_move(request, pk: int, product_pk: int, photo_pk: int):
    group, product = _product_of(request, pk, product_pk)
    photo = get_object_or_404(product.photos.all(), pk=photo_pk)
    step = -1 if request.POST.get("arah") == "naik" else 1
    services_products.photo_move(photo=photo, step=step, user=request.user)
    return redirect(_photos_url(group, product))
