"""The curation queue for staff: by status, with the moves each item may make (POST only;
a rejection asks for its reason on a page of its own)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import get_scoped_or_404
from groups.models import Product

from . import curation as services
from . import selectors_profile
from .curation import ALLOWED
from .forms_profile import CURATION_TABS, RejectForm
from .models import Business, Curation

PAGE_SIZE = 25
VIEW = "inventory.view_curation"
CHANGE = "inventory.change_curation"
ADD = "inventory.add_curation"
# The forward move offered from each status (rejection has its own page).
NEXT = {Curation.Status.NOMINATED: Curation.Status.CURATED, Curation.Status.CURATED: Curation.Status.SELECTED}


def _require(user, *perms: str) -> None:
    if not all(user.has_perm(perm) for perm in perms):
        raise PermissionDenied


def _int_or_404(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _back(request, default: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


@login_required
def curation_queue(request):
    _require(request.user, VIEW)
    status = request.GET.get("status") or Curation.Status.NOMINATED
    if status not in Curation.Status.values:
        status = Curation.Status.NOMINATED
    page = Paginator(selectors_profile.curation_queue(user=request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    can_change = request.user.has_perm(CHANGE)
    for item in page:
        item.next_status = NEXT.get(item.status) if can_change else None
        item.next_label = Curation.Status(item.next_status).label if item.next_status else ""
        item.may_reject = can_change and Curation.Status.REJECTED in ALLOWED[item.status]
        item.may_renominate = can_change and item.status == Curation.Status.REJECTED
    return render(
        request,
        "inventory/curation/queue.html",
        {"page": page, "status": status, "tabs": CURATION_TABS, "can_change": can_change},
    )


@login_required
@require_POST
def curation_move(request, pk):
    _require(request.user, CHANGE)
    item = get_scoped_or_404(request.user, Curation.objects.all(), pk=pk)
    to_status = request.POST.get("to_status", "")
    if to_status == Curation.Status.REJECTED:
        return redirect("curation:reject", pk=item.pk)
    try:
        services.curation_move(curation=item, to_status=to_status, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(target)s: %(status)s.") % {"target": item, "status": Curation.Status(to_status).label}
        )
    return redirect(f"{_queue_url()}?status={item.status}")  # the tab it came from


def _queue_url() -> str:
    return reverse("curation:queue")


@login_required
def curation_reject(request, pk):
    _require(request.user, CHANGE)
    item = get_scoped_or_404(request.user, Curation.objects.select_related("business", "product__group"), pk=pk)
    if Curation.Status.REJECTED not in ALLOWED[item.status]:
        messages.error(request, _("Kurasi ini tidak dapat ditolak lagi."))
        return redirect(f"{_queue_url()}?status={item.status}")
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        previous = item.status
        try:
            services.curation_move(
                curation=item, to_status=Curation.Status.REJECTED, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(target)s ditolak.") % {"target": item})
            return redirect(f"{_queue_url()}?status={previous}")
    return render(request, "inventory/curation/reject.html", {"item": item, "form": form})


@login_required
@require_POST
def curation_nominate(request):
    _require(request.user, ADD)
    if request.POST.get("business"):
        target = get_scoped_or_404(request.user, Business.objects.all(), pk=_int_or_404(request.POST["business"]))
        item = services.curation_nominate(user=request.user, business=target)
    elif request.POST.get("product"):
        target = get_scoped_or_404(request.user, Product.objects.all(), pk=_int_or_404(request.POST["product"]))
        item = services.curation_nominate(user=request.user, product=target)
    else:
        raise Http404
    messages.success(request, _("%(target)s: %(status)s.") % {"target": target, "status": item.get_status_display()})
    return _back(request, f"{_queue_url()}?status={item.status}")
