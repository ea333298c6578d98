"""The field officer's pages: the work list, a business found in the field, the visit form
for a phone, and a business's history."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import roles
from accounts.scoping import in_scope
from core import privacy
from core.pagination import CappedPaginator
from core.search import search_params, search_redirect
from participants.outcomes import participant_outcome

from . import selectors, services
from .forms import BusinessFilterForm, BusinessForm, VisitForm
from .maps import visit_map
from .models import Business, InventoryVisit

PAGE_SIZE = 25


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@login_required
@require_GET
def start(request):
    """Where login lands: a field officer's home is their work list; everyone else's, the dashboard."""
    if request.user.role == roles.FIELD_OFFICER:
        return HttpResponseRedirect(reverse("inventory:list"))
    return HttpResponseRedirect(reverse("home"))


@login_required
@require_http_methods(["GET", "POST"])
def business_list(request):
    user = request.user
    _require(user.has_perm("inventory.view_business"))
    if request.method == "POST":
        # The search box posts: an owner's name or NIK stays out of the address.
        return search_redirect(request, reverse("inventory:list"))
    form = BusinessFilterForm(search_params(request), user=user)
    values = form.values()
    nik = values["q"].replace(" ", "")
    if selectors.is_nik_query(nik) and len(nik) != 16 and not privacy.sees(user, Business, "owner_nik"):
        messages.info(request, _("Peran Anda hanya dapat mencari NIK lengkap (16 digit)."))
        return HttpResponseRedirect(reverse("inventory:list"))
    queryset = selectors.business_list(user=user, q=values["q"], kecamatan=values["kecamatan"])
    # One capped COUNT for the whole request (core.pagination): constant at any scale.
    page = CappedPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inventory/list.html",
        {
            "form": form,
            "page": page,
            "may_add": user.has_perm("inventory.add_business"),
            "may_visit": user.has_perm("inventory.add_inventoryvisit"),
            "overdue_days": settings.TANGSEL_VISIT_OVERDUE_DAYS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def business_create(request):
    user = request.user
    _require(user.has_perm("inventory.add_business"))
    form = BusinessForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            business = services.business_register(user=user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Usaha %(name)s tercatat.") % {"name": business.name})
            return HttpResponseRedirect(reverse("inventory:detail", kwargs={"pk": business.pk}))
    return render(request, "inventory/business_form.html", {"form": form})


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_GET
def business_detail(request, pk: int):
    user = request.user
    _require(user.has_perm("inventory.view_business"))
    business = selectors.business_get(user=user, pk=pk)
    visits = selectors.visit_timeline(user=user, business=business)
    shows_position = privacy.sees(user, InventoryVisit, "latitude")
    positioned = [v for v in visits if v.latitude is not None] if shows_position else []
    # The owner's page and outcome only for an owner the user may see (they may live elsewhere).
    owner = business.owner_participant
    owner_visible = owner is not None and user.has_perm("participants.view_participant") and in_scope(user, owner)
    return render(
        request,
        "inventory/detail.html",
        {
            "business": business,
            "visits": visits,
            "is_overdue": selectors.business_is_overdue(business),
            "overdue_days": settings.TANGSEL_VISIT_OVERDUE_DAYS,
            "shows_position": shows_position,
            "map": visit_map(
                kecamatan_code=business.kelurahan.kecamatan.code,
                kelurahan_code=business.kelurahan.code,
                positions=[
                    (float(v.latitude), float(v.longitude), f"{v.visited_on:%d-%m-%Y} · {v.get_status_display()}")
                    for v in positioned
                ],
            ),
            "owner_link": owner_visible,
            "owner_outcome": participant_outcome(owner)
            if owner_visible and user.has_perm("reports.view_outcomes")
            else None,
            "may_visit": user.has_perm("inventory.add_inventoryvisit"),
            "highlight": request.GET.get("kunjungan", ""),
            "changes": selectors.business_changes(user=user, business=business),
            "audit_url": reverse("admin:inventory_business_auditlog", args=[business.pk])
            if admin.site.has_permission(request)
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request, pk: int):
    user = request.user
    _require(user.has_perm("inventory.add_inventoryvisit"))
    business = selectors.business_get(user=user, pk=pk)
    form = VisitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit, created = services.visit_submit(
                business=business, officer=user, client_id=form.cleaned_data["client_id"], **form.service_fields()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if created:
                messages.success(request, _("Kunjungan tercatat."))
            else:
                messages.info(request, _("Kunjungan ini sudah tercatat sebelumnya; tidak dicatat dua kali."))
            url = reverse("inventory:detail", kwargs={"pk": business.pk})
            return HttpResponseRedirect(f"{url}?kunjungan={visit.pk}#kunjungan-{visit.pk}")
    return render(request, "inventory/visit_form.html", {"business": business, "form": form})
