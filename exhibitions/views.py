"""Exhibition pages (`/pameran/`).

Who does what: staff and admins create exhibitions, choose the KUBs and products, assign
booths and confirm who attends; field officers record the sales and buyer leads of their
kecamatan's KUBs at the booth (another kecamatan's entry is 404); leadership reads the
report (totals, how many leads, not who); bank liaisons hold no exhibition permission (403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import roles
from accounts.scoping import get_scoped_or_404, scope_queryset
from core.pagination import CappedPaginator

from . import selectors, services
from .forms import EntryProductsForm, ExhibitionFilterForm, ExhibitionForm, LeadForm, SaleForm
from .models import Exhibition, ExhibitionEntry

PAGE_SIZE = 25


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _exhibition(request, pk: int) -> Exhibition:
    _require(request.user.has_perm("exhibitions.view_exhibition"))
    return get_scoped_or_404(request.user, Exhibition.objects.all(), pk=pk)


def _entry(request, exhibition: Exhibition, entry_pk: int) -> ExhibitionEntry:
    return get_scoped_or_404(
        request.user,
        ExhibitionEntry.objects.filter(exhibition=exhibition).select_related("group__kecamatan"),
        pk=entry_pk,
    )


def _may_manage(user) -> bool:
    return user.has_perm("exhibitions.change_exhibition") and user.has_perm("exhibitions.add_exhibitionentry")


def _may_report(user) -> bool:
    return user.role in roles.CITY_WIDE and user.has_perm("exhibitions.view_exhibitionsale")


@login_required
@require_GET
def exhibition_list(request):
    user = request.user
    _require(user.has_perm("exhibitions.view_exhibition"))
    form = ExhibitionFilterForm(request.GET)
    values = form.values()
    page = CappedPaginator(selectors.exhibition_list(user=user, **values), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "exhibitions/list.html",
        {
            "form": form,
            "page": page,
            "sort": values["sort"],
            "may_manage": _may_manage(user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exhibition_create(request):
    _require(request.user.has_perm("exhibitions.add_exhibition"))
    return _exhibition_form(request, Exhibition())


@login_required
@require_http_methods(["GET", "POST"])
def exhibition_edit(request, pk: int):
    exhibition = _exhibition(request, pk)
    _require(request.user.has_perm("exhibitions.change_exhibition"))
    return _exhibition_form(request, exhibition)


def _exhibition_form(request, exhibition: Exhibition):
    adding = exhibition.pk is None
    form = ExhibitionForm(request.POST if request.method == "POST" else None, instance=exhibition)
    if request.method == "POST" and form.is_valid():
        from auditlog.context import set_actor

        with set_actor(request.user):
            saved = form.save()
        text = _("Pameran %(name)s dibuat.") if adding else _("Pameran %(name)s disimpan.")
        messages.success(request, text % {"name": saved.name})
        return redirect("exhibitions:detail", pk=saved.pk)
    return render(request, "exhibitions/form.html", {"form": form, "exhibition": exhibition})


@login_required
@require_GET
def exhibition_detail(request, pk: int):
    exhibition = _exhibition(request, pk)
    user = request.user
    entries = list(selectors.entries_of(user=user, exhibition=exhibition))
    return render(
        request,
        "exhibitions/detail.html",
        {
            "exhibition": exhibition,
            "entries": entries,
            "booths_taken": sum(1 for e in exhibition.entries.all() if e.booth),
            "may_manage": _may_manage(user),
            "may_record": user.has_perm("exhibitions.add_exhibitionsale"),
            "may_lead": user.has_perm("exhibitions.add_buyerlead"),
            "may_report": _may_report(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entries_add(request, pk: int):
    """Choose KUBs by name or kecamatan (thousands exist) and add them with their products
    curated "Layak pamer"; each entry's products are then ticked on its own page."""
    exhibition = _exhibition(request, pk)
    user = request.user
    _require(_may_manage(user))
    from groups.models import BusinessGroup
    from regions.models import Kecamatan

    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("kub") if v.isdigit()]
        groups = list(scope_queryset(user, BusinessGroup.objects.filter(pk__in=ids)))
        if not groups:
            messages.error(request, _("Centang dulu KUB yang ikut."))
            return redirect(request.get_full_path())
        try:
            added = services.entries_add(exhibition=exhibition, groups=groups, user=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.get_full_path())
        messages.success(
            request,
            _("%(count)d KUB ditambahkan dengan produk “Layak pamer”-nya. Periksa produk tiap KUB di bawah.")
            % {"count": len(added)},
        )
        return redirect("exhibitions:detail", pk=exhibition.pk)
    q = request.GET.get("q", "").strip()[:100]
    kecamatans = scope_queryset(user, Kecamatan.objects.order_by("name"))
    kecamatan = (
        kecamatans.filter(pk=request.GET.get("kecamatan")).first()
        if request.GET.get("kecamatan", "").isdigit()
        else None
    )
    kubs = selectors.kubs_to_add(user=user, exhibition=exhibition, q=q, kecamatan=kecamatan)
    return render(
        request,
        "exhibitions/entries_add.html",
        {
            "exhibition": exhibition,
            "q": q,
            "kecamatans": kecamatans,
            "kecamatan": kecamatan,
            "kubs": kubs,
            "limit": selectors.KUB_SEARCH_LIMIT,
            "searched": bool(q or kecamatan),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, pk: int, entry_pk: int):
    """Tick the products an entry shows: those curated "Layak pamer", and with ?semua=1 every
    product of the KUB (a product waiting for curation may still go, the staff's call)."""
    exhibition = _exhibition(request, pk)
    user = request.user
    _require(_may_manage(user))
    entry = _entry(request, exhibition, entry_pk)
    from groups.models import Product

    show_all = request.GET.get("semua") == "1"
    products = entry.group.products.order_by("name")
    if not show_all:
        products = products.filter(Q(curation_status=Product.Curation.APPROVED) | Q(pk__in=entry.products.values("pk")))
    form = EntryProductsForm(
        request.POST if request.method == "POST" else None,
        entry=entry,
        products=products,
        initial={"products": list(entry.products.all()), "notes": entry.notes},
    )
    if request.method == "POST" and form.is_valid():
        services.entry_update(
            entry=entry, products=form.cleaned_data["products"], notes=form.cleaned_data["notes"], user=user
        )
        messages.success(request, _("Produk %(group)s disimpan.") % {"group": entry.group.name})
        return redirect(reverse("exhibitions:detail", args=[exhibition.pk]) + f"#peserta-{entry.pk}")
    others = entry.group.products.exclude(curation_status=Product.Curation.APPROVED).count()
    return render(
        request,
        "exhibitions/entry_form.html",
        {"exhibition": exhibition, "entry": entry, "form": form, "show_all": show_all, "others": others},
    )


@login_required
@require_http_methods(["GET", "POST"])
def booths(request, pk: int):
    """Every entry on one page: its booth and whether it attends."""
    exhibition = _exhibition(request, pk)
    user = request.user
    _require(_may_manage(user))
    entries = list(exhibition.entries.select_related("group__kecamatan").order_by("group__name", "pk"))
    statuses = ExhibitionEntry.Status
    error = None
    if request.method == "POST":
        rows = {}
        for entry in entries:
            status = request.POST.get(f"status-{entry.pk}", entry.status)
            if status not in statuses.values:
                status = entry.status
            rows[entry.pk] = (request.POST.get(f"booth-{entry.pk}", entry.booth)[:30], status)
        try:
            changed = services.booths_assign(exhibition=exhibition, rows=rows, user=user)
        except ValidationError as problem:
            error = " ".join(problem.messages)
            for entry in entries:
                entry.booth, entry.status = rows[entry.pk]
        else:
            messages.success(request, _("Stan dan kehadiran disimpan (%(count)d berubah).") % {"count": changed})
            return redirect("exhibitions:detail", pk=exhibition.pk)
    return render(
        request,
        "exhibitions/booths.html",
        {"exhibition": exhibition, "entries": entries, "statuses": statuses.choices, "error": error},
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_sales(request, pk: int, entry_pk: int):
    """The booth's phone page: one sale per submission, the day's list below."""
    exhibition = _exhibition(request, pk)
    user = request.user
    _require(user.has_perm("exhibitions.add_exhibitionsale"))
    entry = _entry(request, exhibition, entry_pk)
    form = SaleForm(request.POST if request.method == "POST" else None, entry=entry, day=request.GET.get("hari"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sale, created = services.sale_submit(
                entry=entry,
                user=user,
                client_id=data["client_id"],
                product=data["product"],
                sold_on=data["sold_on"],
                quantity=data["quantity"],
                amount=data["amount"],
                payment_method=data["payment_method"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            if created:
                messages.success(
                    request,
                    _("Tercatat: %(quantity)d × %(product)s, Rp%(amount)s.")
                    % {
                        "quantity": sale.quantity,
                        "product": sale.product.name,
                        "amount": f"{sale.amount:,.0f}".replace(",", "."),
                    },
                )
            else:
                messages.info(request, _("Penjualan ini sudah tercatat; tidak dicatat dua kali."))
            # The next sale is most likely of the same day.
            url = reverse("exhibitions:entry_sales", args=[exhibition.pk, entry.pk])
            return redirect(f"{url}?hari={sale.sold_on.isoformat()}")
    sales = list(entry.sales.select_related("product").order_by("-sold_on", "-pk"))
    return render(
        request,
        "exhibitions/sales.html",
        {
            "exhibition": exhibition,
            "entry": entry,
            "form": form,
            "sales": sales,
            "total_quantity": sum(s.quantity for s in sales),
            "total_amount": sum(s.amount for s in sales),
            "open": bool(form.fields["sold_on"].choices),
            "has_products": entry.products.exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_leads(request, pk: int, entry_pk: int):
    exhibition = _exhibition(request, pk)
    user = request.user
    _require(user.has_perm("exhibitions.add_buyerlead"))
    entry = _entry(request, exhibition, entry_pk)
    form = LeadForm(request.POST if request.method == "POST" else None, entry=entry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.lead_record(entry=entry, user=user, **data)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Calon pembeli dicatat."))
            return redirect("exhibitions:entry_leads", pk=exhibition.pk, entry_pk=entry.pk)
    leads = entry.leads.select_related("product").order_by("-recorded_at", "-pk")
    return render(
        request, "exhibitions/leads.html", {"exhibition": exhibition, "entry": entry, "form": form, "leads": leads}
    )


@login_required
@require_GET
def exhibition_report(request, pk: int):
    exhibition = _exhibition(request, pk)
    _require(_may_report(request.user))
    data = selectors.report(user=request.user, exhibition=exhibition)
    return render(request, "exhibitions/report.html", {"exhibition": exhibition, "report": data})


@login_required
@require_GET
def exhibition_catalogue(request, pk: int):
    """The printable catalogue of the event: each KUB's products, and a QR code to its page in
    the public catalogue."""
    exhibition = _exhibition(request, pk)
    entries = (
        scope_queryset(request.user, exhibition.entries.exclude(status__in=["declined", "withdrawn"]))
        .select_related("group__kecamatan", "group__craft_type")
        .prefetch_related("products")
        .order_by("booth", "group__name")
    )
    from .qr import qr_svg

    rows = []
    for entry in entries:
        url = request.build_absolute_uri(reverse("catalogue:group", args=[entry.group_id]))
        rows.append({"entry": entry, "url": url, "qr": qr_svg(url)})
    return render(request, "exhibitions/catalogue.html", {"exhibition": exhibition, "rows": rows})
