"""The recycle bin, `/sampah/` (administrators only): what was deleted, restore, purge now.

The list shows the label (kind, number, place — never a person's name or NIK), who deleted
it, when, and when it will be destroyed; the payload itself is shown to nobody.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.pagination import CappedPaginator
from core.search import search_params, search_redirect

from . import recycle
from .access import may_use_bin
from .models import RecycledItem

PAGE_SIZE = 25


def _require_admin(request) -> None:
    if not may_use_bin(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def item_list(request):
    _require_admin(request)
    if request.method == "POST":
        return search_redirect(request, reverse("recycle:list"))
    params = search_params(request)
    q = params.get("q", "").strip()
    items = RecycledItem.objects.select_related("deleted_by").defer("payload")
    if q:
        items = items.filter(Q(label__icontains=q) | Q(model_label__icontains=q) | Q(object_pk=q))
    page = CappedPaginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "records/recycle_list.html", {"page": page, "q": q})


def _confirm(request, pk: int, *, action: str):
    _require_admin(request)
    item = get_object_or_404(RecycledItem.objects.select_related("deleted_by").defer("payload"), pk=pk)
    refused = []
    if request.method == "POST":
        if action == "restore":
            try:
                recycle.recycle_restore(item=item, user=request.user)
            except ValidationError as error:
                refused = error.messages
            else:
                messages.success(request, _("%(item)s dipulihkan.") % {"item": item.label})
                return redirect("recycle:list")
        else:
            recycle.recycle_purge(item=item, user=request.user)
            messages.success(request, _("%(item)s dimusnahkan.") % {"item": item.label})
            return redirect("recycle:list")
    return render(
        request,
        "records/recycle_confirm.html",
        {"item": item, "action": action, "refused": refused},
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_restore(request, pk: int):
    return _confirm(request, pk, action="restore")


@login_required
@require_http_methods(["GET", "POST"])
def item_purge(request, pk: int):
    return _confirm(request, pk, action="purge")
