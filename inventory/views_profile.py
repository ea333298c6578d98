"""The IKM profile of a business (read in scope; edit for staff and officers in scope), its
licences, and the list of certificates about to expire."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.scoping import get_scoped_or_404, scope_queryset
from groups.models import Product

from . import selectors_profile, services_profile
from .forms_profile import LicenceForm, ProfileForm
from .models import Business, Curation

PAGE_SIZE = 25
VIEW = "inventory.view_business"
CHANGE = "inventory.change_business"
VIEW_LICENCE = "inventory.view_businesslicence"
ADD_LICENCE = "inventory.add_businesslicence"
CHANGE_LICENCE = "inventory.change_businesslicence"


def _require(user, *perms: str) -> None:
    if not all(user.has_perm(perm) for perm in perms):
        raise PermissionDenied


def _business(request, pk: int) -> Business:
    return get_scoped_or_404(
        request.user,
        Business.objects.select_related("kelurahan__kecamatan", "kbli", "craft_type", "group", "owner_participant"),
        pk=pk,
    )


@login_required
def business_profile(request, pk):
    _require(request.user, VIEW)
    business = _business(request, pk)
    user = request.user
    licences = scope_queryset(user, business.licences.all()) if user.has_perm(VIEW_LICENCE) else None
    curation = None
    products = []
    if user.has_perm("inventory.view_curation"):
        curation = scope_queryset(user, Curation.objects.filter(business=business)).first()
    if business.group_id and user.has_perm("groups.view_product"):
        products = list(
            scope_queryset(user, Product.objects.filter(group_id=business.group_id))
            .prefetch_related("curations")
            .order_by("name")[:50]
        )
        for product in products:
            product.curation = next(iter(product.curations.all()), None)
    return render(
        request,
        "inventory/profile/detail.html",
        {
            "business": business,
            "licences": licences,
            "curation": curation,
            "products": products,
            "can_edit": user.has_perm(CHANGE),
            "can_add_licence": user.has_perm(ADD_LICENCE),
            "can_change_licence": user.has_perm(CHANGE_LICENCE),
            "can_nominate": user.has_perm("inventory.add_curation"),
        },
    )


@login_required
def business_profile_edit(request, pk):
    _require(request.user, CHANGE)
    business = _business(request, pk)
    form = ProfileForm(request.POST or None, instance=business)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            if values:
                services_profile.business_profile_update(business=business, user=request.user, **values)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Profil IKM disimpan."))
            return redirect("ikm:profile", pk=business.pk)
    return render(request, "inventory/profile/edit.html", {"business": business, "form": form})


@login_required
def licence_add(request, pk):
    _require(request.user, VIEW, ADD_LICENCE)
    business = _business(request, pk)
    form = LicenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_profile.licence_add(business=business, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Izin atau sertifikat dicatat."))
            return redirect("ikm:profile", pk=business.pk)
    return render(request, "inventory/profile/licence_form.html", {"business": business, "form": form})


@login_required
def licence_edit(request, pk, licence_pk):
    _require(request.user, VIEW, CHANGE_LICENCE)
    business = _business(request, pk)
    licence = get_scoped_or_404(request.user, business.licences.all(), pk=licence_pk)
    form = LicenceForm(request.POST or None, request.FILES or None, instance=licence)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            if values:
                services_profile.licence_update(licence=licence, user=request.user, **values)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Izin atau sertifikat diperbarui."))
            return redirect("ikm:profile", pk=business.pk)
    return render(
        request, "inventory/profile/licence_form.html", {"business": business, "form": form, "licence": licence}
    )


@login_required
def licences_expiring(request):
    _require(request.user, VIEW_LICENCE)
    expired = request.GET.get("status") == "expired"
    licences = selectors_profile.licences_expiring(user=request.user, expired=expired)
    page = Paginator(licences, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inventory/profile/licences_expiring.html",
        {"page": page, "expired": expired, "days": settings.TANGSEL_LICENCE_EXPIRY_DAYS},
    )
