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
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import roles
from accounts.scoping import get_scoped_or_404, scope_queryset
from core.search import search_params, search_redirect
from groups.models import BusinessGroup
from participants.models import Participant

from . import eligibility, selectors, services
from .forms import BulkTransitionForm, DocumentUploadForm, ReferralCreateForm, ReferralFilterForm, TransitionForm
from .models import FINISHED_STATUSES, JointLiability, ReferralStatus

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
            "may_make": selectors.may_make_referrals(user),
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
    withheld = selectors.applicant_withheld(user=user, referral=referral)
    checklist = [] if withheld else selectors.document_checklist(user=user, referral=referral)
    may_upload = selectors.may_add_documents(user) and referral.status not in FINISHED_STATUSES
    return render(
        request,
        "financing/detail.html",
        {
            "r": referral,
            "withheld": withheld,
            "checklist": checklist,
            "missing": selectors.checklist_missing(checklist),
            "upload_form": DocumentUploadForm() if may_upload else None,
            "events": selectors.referral_events(user=user, referral=referral),
            "members": selectors.referral_group_members(referral=referral),
            "group_kur": selectors.group_kur(user=user, referral=referral) if referral.group_id else None,
            "may_record_liability": selectors.may_add_documents(user) and referral.group_id is not None,
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
            "needs_programme": step == ReferralStatus.APPROVED,
            "needs_date": step == ReferralStatus.DISBURSED,
            "needs_reason": step == ReferralStatus.REJECTED,
        },
    )


SEARCH_RESULTS = 20


@login_required
@require_http_methods(["GET", "POST"])
def referral_new(request):
    """A new referral: find the participant or KUB (the name is posted, never in the address),
    see the department's eligibility check, then name the bank, programme and amount."""
    user = request.user
    _require(selectors.may_make_referrals(user))
    participant = group = None
    if request.GET.get("peserta"):
        participant = get_scoped_or_404(
            user, Participant.objects.select_related("kelurahan__kecamatan"), pk=_int(request.GET["peserta"])
        )
    elif request.GET.get("kub"):
        group = get_scoped_or_404(user, BusinessGroup.objects.select_related("kecamatan"), pk=_int(request.GET["kub"]))
    if participant is None and group is None:
        q = request.POST.get("cari", "").strip() if request.method == "POST" else ""
        found_people, found_groups = [], []
        if q:
            people = scope_queryset(user, Participant.objects.select_related("kelurahan"))
            groups = scope_queryset(user, BusinessGroup.objects.all())
            for word in q.split():
                people = people.filter(name__icontains=word)
                groups = groups.filter(name__icontains=word)
            found_people = list(people.order_by("name", "pk")[:SEARCH_RESULTS])
            found_groups = list(groups.order_by("name", "pk")[:SEARCH_RESULTS])
        return render(
            request,
            "financing/new_pick.html",
            {"q": q, "people": found_people, "groups": found_groups, "searched": bool(q)},
        )
    form = ReferralCreateForm(request.POST or None, user=user, participant=participant, group=group)
    if request.method == "POST" and form.is_valid():
        referral = form.create(user)
        if referral is not None:
            messages.success(request, _("Rujukan #%(pk)s dibuat sebagai draf.") % {"pk": referral.pk})
            return HttpResponseRedirect(reverse("financing:detail", args=[referral.pk]))
    return render(
        request,
        "financing/new.html",
        {
            "form": form,
            "participant": participant,
            "group": group,
            "check": eligibility.check(participant=participant, group=group),
            "member_checks": eligibility.check_members(group) if group is not None else [],
            "programmes": selectors.programmes_for(user=user).prefetch_related("documents"),
        },
    )


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@login_required
@require_GET
def referral_board(request):
    user = request.user
    _require(user.has_perm("financing.view_loanreferral") and selectors.may_see_referrals(user))
    return render(
        request,
        "financing/board.html",
        {"columns": selectors.referral_board(user=user), "show_bank": user.role != roles.BANK_LIAISON},
    )


@login_required
@require_GET
def referral_letter(request, pk: int):
    """The department's letter to the bank: who is referred, for what, with which documents.
    The bank sees the full NIK (that is the point of the letter); no other personal field."""
    user = request.user
    _require(user.has_perm("financing.view_loanreferral") and selectors.may_see_referrals(user))
    referral = selectors.referral_get(user=user, pk=pk)
    if selectors.applicant_withheld(user=user, referral=referral):
        raise Http404
    checklist = selectors.document_checklist(user=user, referral=referral)
    return render(
        request,
        "financing/letter.html",
        {
            "r": referral,
            "attached": [i for i in checklist if i.document is not None],
            "missing": selectors.checklist_missing(checklist),
            "members": selectors.referral_group_members(referral=referral),
            # The letter is how the bank learns who is referred: the full NIK, shown to the two
            # roles that reach this page (staff, and the liaison of the referral's bank), and no
            # other personal field (no phone, address or birth date).
            "full_nik": referral.participant.nik if referral.participant_id else "",
        },
    )


@login_required
@require_POST
def referral_document_upload(request, pk: int):
    user = request.user
    _require(selectors.may_add_documents(user))
    referral = selectors.referral_get(user=user, pk=pk)
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.document_add(
                referral=referral, kind=form.cleaned_data["kind"], file=form.cleaned_data["file"], user=user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Dokumen “%(kind)s” diunggah.") % {"kind": document.kind})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return HttpResponseRedirect(reverse("financing:detail", args=[referral.pk]) + "#documents")


@login_required
@require_POST
def referral_joint_liability(request, pk: int):
    """Record the members who signed the agreement to joint liability (tanggung renteng)."""
    user = request.user
    _require(selectors.may_add_documents(user) and user.has_perm("financing.add_jointliability"))
    referral = selectors.referral_get(user=user, pk=pk)
    if referral.group_id is None:
        raise Http404
    ids = [_int(v) for v in request.POST.getlist("anggota")]
    people = list(Participant.objects.filter(pk__in=ids))
    method = request.POST.get("cara") or JointLiability.Method.PAPER
    if method not in JointLiability.Method.values or not people:
        messages.error(request, _("Centang dulu anggota yang sudah menandatangani."))
    else:
        try:
            recorded = services.joint_liability_record(referral=referral, participants=people, method=method, user=user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)d persetujuan tanggung renteng dicatat.") % {"n": len(recorded)})
    return HttpResponseRedirect(reverse("financing:detail", args=[referral.pk]) + "#group-kur")


@login_required
@require_GET
def referral_group_letter(request, pk: int):
    """The department's letter validating a KUB for group KUR (Permenko 12/2025 Pasal 4)."""
    user = request.user
    _require(user.has_perm("financing.view_loanreferral") and selectors.may_see_referrals(user))
    referral = selectors.referral_get(user=user, pk=pk)
    if referral.group_id is None:
        raise Http404
    return render(
        request,
        "financing/group_letter.html",
        {"r": referral, "group_kur": selectors.group_kur(user=user, referral=referral)},
    )
