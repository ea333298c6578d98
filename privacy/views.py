"""Pages for UU 27/2022: a participant's consents (/peserta/<pk>/persetujuan/), data subjects'
requests with their 3×24-hour clock (/privasi/permintaan/) and the retention runs
(/privasi/retensi/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.scoping import get_scoped_or_404
from core.pagination import CappedPaginator
from participants import selectors as participant_selectors
from participants.models import Consent, ConsentWording

from . import access, selectors, services
from .forms import (
    ConsentGrantForm,
    ConsentWithdrawForm,
    RequestFilterForm,
    RestrictionLiftForm,
    RightsRequestCloseForm,
    RightsRequestForm,
)
from .models import RightsRequest


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- consents --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def consent_list(request, pk: int):
    user = request.user
    _require(user.has_perm("participants.add_consent"))
    participant = participant_selectors.participant_get(user=user, pk=pk)
    form = None
    if request.method == "POST":
        form = ConsentGrantForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.consent_grant(
                    participant=participant,
                    purpose=data["purpose"],
                    wording=data["wording"],
                    method=data["method"],
                    scan=data["scan"],
                    guardian_name=data["guardian_name"],
                    guardian_relation=data["guardian_relation"],
                    user=user,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Persetujuan tercatat."))
                return HttpResponseRedirect(reverse("consents:list", kwargs={"pk": participant.pk}))
    purposes = []
    consents = list(
        Consent.objects.filter(participant=participant).select_related("recorded_by", "withdrawn_by", "wording")
    )
    for value, label in Consent.Purpose.choices:
        rows = [c for c in consents if c.purpose == value]
        in_force = next((c for c in rows if c.in_force), None)
        purposes.append(
            {
                "value": value,
                "label": label,
                "in_force": in_force,
                "history": rows,
                "wording": services.current_wording(value),
            }
        )
    if form is None:
        purpose = request.GET.get("keperluan", "")
        wording = services.current_wording(purpose) if purpose else None
        form = ConsentGrantForm(purpose=purpose, initial={"wording": wording})
    return render(
        request,
        "privacy/consents.html",
        {
            "p": participant,
            "purposes": purposes,
            "form": form,
            "needs_guardian": services.needs_guardian(participant),
            "wordings": ConsentWording.objects.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, pk: int, consent_pk: int):
    user = request.user
    _require(user.has_perm("participants.change_consent"))
    participant = participant_selectors.participant_get(user=user, pk=pk)
    consent = get_scoped_or_404(user, Consent.objects.filter(participant=participant), pk=consent_pk)
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(consent=consent, reason=form.cleaned_data["reason"], user=user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Persetujuan “%(purpose)s” ditarik. Portal berhenti memakainya sejak sekarang.")
                % {"purpose": consent.get_purpose_display()},
            )
            return HttpResponseRedirect(reverse("consents:list", kwargs={"pk": participant.pk}))
    return render(request, "privacy/consent_withdraw.html", {"p": participant, "consent": consent, "form": form})


# --- lifting a restriction ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def restriction_lift(request, pk: int):
    """An administrator lifts a participant's restriction of processing: the effect, a reason and
    a confirmation first; the request it ends (`?permintaan=`) is recorded with it."""
    user = request.user
    _require(services.may_lift_restriction(user))
    participant = participant_selectors.participant_get(user=user, pk=pk)
    source = request.POST if request.method == "POST" else request.GET
    linked = None
    if source.get("permintaan", "").isdigit():
        linked = RightsRequest.objects.filter(
            participant=participant,
            pk=int(source["permintaan"]),
            kind__in=[RightsRequest.Kind.RESTRICTION, RightsRequest.Kind.OBJECTION],
        ).first()
    form = RestrictionLiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.restriction_lift(
                participant=participant, user=user, reason=form.cleaned_data["reason"], request=linked
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Pembatasan pemrosesan data peserta ini dicabut."))
            return HttpResponseRedirect(reverse("participants:detail", kwargs={"pk": participant.pk}))
    return render(
        request,
        "privacy/restriction_lift.html",
        {
            "p": participant,
            "form": form,
            "linked": linked,
            "lifts": participant.restriction_lifts.select_related("lifted_by"),
        },
    )


# --- rights requests -------------------------------------------------------------------------


@login_required
@require_GET
def request_list(request):
    user = request.user
    _require(user.has_perm("privacy.view_rightsrequest"))
    form = RequestFilterForm(request.GET or {"status": RightsRequest.Status.OPEN})
    status, kind = RightsRequest.Status.OPEN, ""
    if form.is_valid():
        status, kind = form.cleaned_data["status"], form.cleaned_data["kind"]
    queryset = selectors.request_list(user=user, status=status, kind=kind)
    page = CappedPaginator(queryset, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/request_list.html",
        {"form": form, "page": page, "now": timezone.now(), "may_add": user.has_perm("privacy.add_rightsrequest")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    user = request.user
    _require(user.has_perm("privacy.add_rightsrequest"))
    source = request.POST if request.method == "POST" else request.GET
    pk = source.get("peserta", "")
    if not pk.isdigit():
        messages.info(request, _("Buka halaman peserta, lalu pilih “Catat permintaan hak”."))
        return HttpResponseRedirect(reverse("participants:list"))
    participant = participant_selectors.participant_get(user=user, pk=int(pk))
    if request.method == "POST":
        form = RightsRequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.request_create(
                    participant=participant,
                    kind=data["kind"],
                    channel=data["channel"],
                    received_at=data["received_at"],
                    purpose=data["purpose"],
                    notes=data["notes"],
                    user=user,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Permintaan tercatat; batas waktunya 3×24 jam sejak diterima."))
                return HttpResponseRedirect(reverse("privacy:request_detail", kwargs={"pk": created.pk}))
    else:
        form = RightsRequestForm(
            initial={
                "received_at": timezone.localtime().replace(second=0, microsecond=0),
                "kind": request.GET.get("jenis"),
            }
        )
    return render(request, "privacy/request_form.html", {"form": form, "p": participant})


@login_required
@require_GET
def request_detail(request, pk: int):
    user = request.user
    _require(user.has_perm("privacy.view_rightsrequest"))
    item = selectors.request_get(user=user, pk=pk)
    changed = (
        services.changes_since(item.participant, item.received_at) if item.kind == RightsRequest.Kind.CORRECTION else []
    )
    return render(
        request,
        "privacy/request_detail.html",
        {
            "item": item,
            "p": item.participant,
            "now": timezone.now(),
            "form": RightsRequestCloseForm(),
            "may_close": user.has_perm("privacy.change_rightsrequest") and item.is_open,
            "changed": changed,
        },
    )


@login_required
@require_POST
def request_close(request, pk: int):
    user = request.user
    _require(user.has_perm("privacy.change_rightsrequest"))
    item = selectors.request_get(user=user, pk=pk)
    form = RightsRequestCloseForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if item.kind == RightsRequest.Kind.DELETION and not data["refuse"] and not data["confirm"]:
            form.add_error("confirm", _("Centang pernyataan ini untuk menganonimkan data peserta."))
        else:
            try:
                services.request_close(request=item, user=user, outcome=data["outcome"], refuse=data["refuse"])
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Permintaan #%(pk)s ditutup.") % {"pk": item.pk})
                return HttpResponseRedirect(reverse("privacy:request_detail", kwargs={"pk": item.pk}))
    return render(
        request,
        "privacy/request_detail.html",
        {"item": item, "p": item.participant, "now": timezone.now(), "form": form, "may_close": item.is_open},
        status=400,
    )


class _AccessExporter:
    kind = "akses-data"
    contains_personal_data = True


@login_required
@require_POST
def request_access_file(request, pk: int):
    """The access request's file, made now and logged like every export of personal data."""
    from reports.services import export_now

    user = request.user
    _require(user.has_perm("privacy.change_rightsrequest"))
    item = selectors.request_get(user=user, pk=pk)
    with transaction.atomic():
        export = access.build(item.participant)
        _job, content = export_now(user=user, exporter=_AccessExporter, export=export)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{access.file_name(item.participant, timezone.now())}"'
    response["Cache-Control"] = "no-store"
    return response


# --- retention -------------------------------------------------------------------------------


@login_required
@require_GET
def retention_list(request):
    user = request.user
    _require(user.has_perm("privacy.view_retentionrun"))
    from .retention import periods

    page = CappedPaginator(selectors.retention_runs(), 25).get_page(request.GET.get("page"))
    return render(request, "privacy/retention_list.html", {"page": page, "periods": periods()})
