"""Loan referral pages (`/pembiayaan/`): a bank liaison's work list, one referral and its
steps; the department's view of every referral; leadership's totals.

Who sees what: staff and admins every referral and every step; a bank liaison the
referrals sent to their bank and the bank's steps (`services.BANK_STEPS`); leadership only
totals (loan data is specific personal data); field officers hold no financing permission.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.search import search_params, search_redirect

from . import selectors, services
from .forms import BulkTransitionForm, ReferralFilterForm, TransitionForm
from .models import ReferralStatus

PAGE_SIZE = 25


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _list_url(request) -> str:
    """Back to the list as the user left it (filters, sorting, page and search token only)."""
    query = request.GET.urlencode()
    return f"{reverse('financing:list')}?{query}" if query else reverse("financing:list")


@login_required
@require_http_methods(["GET", "POST"])
def referral_list(request):
    user = request.user
    _require(user.has_perm("financing.view_loanreferral"))
    if not selectors.may_see_referrals(user):
        # Leadership: totals per status and per bank, no individual rows (nothing to post).
        _require(request.method == "GET")
        return render(request, "financing/totals.html", {"totals": selectors.referral_totals(user=user)})
    if request.method == "POST":
        if "langkah" in request.POST:
            return _bulk(request)
        # The search box posts: an applicant's name never reaches the address bar or a log.
        return search_redirect(request, reverse("financing:list"))
    form = ReferralFilterForm(search_params(request), user=user)
    values = form.values()
    page = Paginator(selectors.referral_list(user=user, **values), PAGE_SIZE).get_page(request.GET.get("page"))
    steps = selectors.bulk_steps(user=user)
    return render(
        request,
        "financing/list.html",
        {
            "form": form,
            "page": page,
            "bulk_form": BulkTransitionForm(user=user) if steps else None,
            "show_bank": "bank" in form.fields,
            "sort": values["sort"],
            "searched": values["q"],
        },
    )


def _bulk(request):
    """Several referrals one step on: a confirmation page first, then each through the service."""
    user = request.user
    _require(selectors.may_change_referrals(user))
    form = BulkTransitionForm(request.POST, user=user)
    back = _list_url(request)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return HttpResponseRedirect(back)
    target = ReferralStatus(form.cleaned_data["langkah"])
    referrals = list(form.cleaned_data["rujukan"])
    if not form.cleaned_data["konfirmasi"]:
        rows = [(r, target in selectors.referral_steps(user=user, referral=r)) for r in referrals]
        return render(
            request,
            "financing/bulk_confirm.html",
            {"form": form, "target": target, "rows": rows, "back": back, "movable": sum(ok for _r, ok in rows)},
        )
    moved, refused = 0, []
    for referral in referrals:
        try:
            # The service refuses, in its own words, a referral that cannot take this step now.
            services.referral_transition(referral=referral, to_status=target, user=user)
        except ValidationError as error:
            refused.append(f"{referral}: {' '.join(error.messages)}")
        else:
            moved += 1
    if moved:
        messages.success(
            request, _("%(count)d rujukan menjadi “%(status)s”.") % {"count": moved, "status": target.label}
        )
    for line in refused:
        messages.error(request, line)
    return HttpResponseRedirect(back)


@login_required
@require_GET
def referral_detail(request, pk: int):
    user = request.user
    _require(user.has_perm("financing.view_loanreferral") and selectors.may_see_referrals(user))
    referral = selectors.referral_get(user=user, pk=pk)
    return render(
        request,
        "financing/detail.html",
        {
            "r": referral,
            "events": selectors.referral_events(user=user, referral=referral),
            "members": selectors.referral_group_members(referral=referral),
            "steps": selectors.referral_steps(user=user, referral=referral),
            "may_open_participant": user.has_perm("participants.view_participant"),
            "may_open_group": user.has_perm("groups.view_businessgroup"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_transition(request, pk: int):
    """One step of one referral: the step chosen on the detail page (`?ke=`), what it needs
    (an amount, a reason), and a button that confirms it."""
    user = request.user
    _require(selectors.may_change_referrals(user))
    referral = selectors.referral_get(user=user, pk=pk)
    steps = selectors.referral_steps(user=user, referral=referral)
    chosen = request.POST.get("to_status") or request.GET.get("ke", "")
    step = ReferralStatus(chosen) if chosen in ReferralStatus.values else None
    initial = {"to_status": chosen}
    if step == ReferralStatus.DISBURSED and referral.amount_approved is not None:
        initial["amount"] = referral.amount_approved
    form = TransitionForm(request.POST or None, referral=referral, steps=steps, step=step, initial=initial)
    if request.method == "POST" and form.is_valid():
        moved = form.transition(user)
        if moved is not None:
            messages.success(
                request, _("Status rujukan diubah menjadi “%(status)s”.") % {"status": moved.get_status_display()}
            )
            return HttpResponseRedirect(reverse("financing:detail", args=[referral.pk]))
    return render(
        request,
        "financing/transition.html",
        {
            "r": referral,
            "form": form,
            "steps": steps,
            "step": step if step in steps else None,
            "needs_amount": step in (ReferralStatus.APPROVED, ReferralStatus.DISBURSED),
            "needs_reason": step == ReferralStatus.REJECTED,
        },
    )
