import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.admin_mixins import add_service_error
from accounts.scoping import scope_queryset
from core import privacy
from participants.models import Participant
from reports import kpi

from . import planner, selectors, services
from .forms import AttendanceForm, BatchFilterForm, EnrolPasteForm, PlannerForm, WithdrawForm
from .models import Attendance

PAGE_SIZE = 25


def _require(user, *perms) -> None:
    if not all(user.has_perm(p) for p in perms):
        raise PermissionDenied


@login_required
def index(request):
    """The timeline: batches by kecamatan and month of one year."""
    _require(request.user, "trainings.view_trainingbatch")
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    return render(
        request,
        "trainings/timeline.html",
        {
            "year": year,
            "rows": selectors.timeline(user=request.user, year=year),
            "months": [(m, MONTHS_3[m]) for m in range(1, 13)],
            "can_plan": request.user.has_perm("trainings.add_trainingbatch"),
        },
    )


PLANNER_LIST_FIELDS = {"craft_types", "trainers", "weekdays"}


@login_required
def plan(request):
    """Propose a rotation (preview), and create it only when the same parameters are confirmed."""
    _require(request.user, "trainings.view_trainingbatch", "trainings.add_trainingbatch")
    if request.method == "POST" and request.POST.get("action") == "search":
        # Finding trainers by name proposes nothing: the entries come back as they were, unchecked.
        entered = {key: values if key in PLANNER_LIST_FIELDS else values[-1] for key, values in request.POST.lists()}
        form = PlannerForm(initial=entered, user=request.user)
    else:
        form = PlannerForm(request.POST if request.method == "POST" else None, user=request.user)
    proposal = None
    if form.is_bound and form.is_valid():
        inp = form.plan_input()
        proposal = planner.propose(inp, selectors.planner_bookings_for(inp))
        if request.POST.get("action") == "confirm":
            created = _confirm(request, proposal)
            if created:
                messages.success(
                    request,
                    _("%(batches)d angkatan dan %(sessions)d sesi dibuat.")
                    % {"batches": len(created), "sessions": proposal.session_count},
                )
                return redirect(f"{reverse('trainings:index')}?tahun={proposal.start_date.year}")
    return render(request, "trainings/planner.html", {"form": form, "plan": proposal})


def _confirm(request, proposal: planner.Plan):
    if request.POST.get("digest") != proposal.digest():
        messages.warning(
            request, _("Rencana berubah sejak pratinjau (parameter atau jadwal lain). Periksa lagi, lalu konfirmasi.")
        )
        return None
    if proposal.has_conflicts:
        messages.error(request, _("Rencana masih bentrok; tidak ada yang dibuat."))
        return None
    try:
        return services.rotation_create(plan=proposal, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return None


@login_required
def batch_list(request):
    _require(request.user, "trainings.view_trainingbatch")
    filters = BatchFilterForm(request.GET or None, user=request.user)
    params = filters.filters()
    page = Paginator(selectors.batch_list(user=request.user, **params), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "trainings/batch_list.html",
        {
            "filters": filters,
            "page": page,
            "sort": params["sort"],
        },
    )


@login_required
@require_GET
def batch_options(request):
    """htmx: the <option>s of a batch filter for what was typed (batch names hold no personal data)."""
    _require(request.user, "trainings.view_trainingbatch")
    kecamatan = request.GET.get("kecamatan", "")
    batches = selectors.batch_choices(
        user=request.user,
        kecamatan_id=int(kecamatan) if kecamatan.isdigit() else None,
        text=request.GET.get("batch_search", "")[:100],
    )
    return render(request, "trainings/_batch_options.html", {"batches": batches})


def _batch_page(request, batch, *, q="", **extra):
    user = request.user
    can_enrol = user.has_perm("trainings.add_enrollment")
    page = selectors.batch_roster_page(batch=batch, user=user, number=request.GET.get("page"))
    withdrawn, withdrawn_total = selectors.batch_withdrawn(batch=batch, user=user)
    held, total = selectors.batch_session_counts(batch=batch)
    context = {
        "batch": batch,
        "page": page,
        "enrollments": page.object_list,
        "enrolled": page.paginator.count,
        "withdrawn": withdrawn,
        "withdrawn_more": withdrawn_total - len(withdrawn),
        "held": held,
        "total": total,
        "sessions": selectors.batch_sessions(batch=batch),
        "statuses": Attendance.Status,
        "can_enrol": can_enrol,
        "can_record": user.has_perm("trainings.add_attendance") and user.has_perm("trainings.change_attendance"),
        "can_withdraw": user.has_perm("trainings.change_enrollment") and not services.batch_has_ended(batch),
        "show_nik": privacy.sees(user, Participant, "nik"),
        "q": q,
        "found": selectors.participant_search(user=user, q=q, batch=batch) if q else [],
        "paste_form": EnrolPasteForm(),
        # The 40% KPI for this batch, for roles that may read program outcomes.
        "outcome": kpi.batch_outcome(batch) if user.has_perm("reports.view_outcomes") else None,
        **extra,
    }
    return render(request, "trainings/batch_detail.html", context)


# The enrolment report names people (and, for roles that see NIKs, the NIKs as typed): it is
# kept in the session under a random token, and the batch page is shown at an address that
# carries only the token. A refresh shows the report again and enrols nobody.
REPORT_SESSION_KEY = "enrolment_reports"
REPORT_PARAM = "laporan"
REPORTS_KEPT = 5


def _report_store(request, batch, results, typed) -> str:
    show_nik = privacy.sees(request.user, Participant, "nik")
    rows = []
    for i, r in enumerate(results):
        rows.append(
            {
                "outcome": r.outcome,
                "label": r.label,
                # The NIK as the clerk typed it, so the one not found can be corrected.
                "typed": typed[i] if show_nik and i < len(typed) else "",
                "participant_name": r.participant_name,
                "detail": r.detail,
            }
        )
    left = [row["typed"] for row in rows if row["typed"] and row["outcome"] != services.ADDED]
    token = secrets.token_urlsafe(8)
    reports = dict(list(request.session.get(REPORT_SESSION_KEY, {}).items())[-(REPORTS_KEPT - 1) :])
    reports[token] = {"batch": batch.pk, "rows": rows, "left": left}
    request.session[REPORT_SESSION_KEY] = reports
    return token


def _report_load(request, batch) -> dict | None:
    report = request.session.get(REPORT_SESSION_KEY, {}).get(request.GET.get(REPORT_PARAM, ""))
    if not report or report["batch"] != batch.pk:
        return None
    rows = [{**row, "outcome_label": str(services.ENROLMENT_OUTCOMES[row["outcome"]])} for row in report["rows"]]
    return {
        "results": rows,
        "added": sum(row["outcome"] == services.ADDED for row in rows),
        "paste_form": EnrolPasteForm(initial={"niks": "\n".join(report["left"])}),
    }


@login_required
@require_http_methods(["GET", "POST"])
def batch_detail(request, pk: int):
    """The batch page. A POST is the participant search, so a NIK typed there stays out of URLs and logs."""
    _require(request.user, "trainings.view_trainingbatch")
    batch = selectors.batch_get(user=request.user, pk=pk)
    if request.method == "POST":
        _require(request.user, "trainings.add_enrollment")
        return _batch_page(request, batch, q=request.POST.get("q", "").strip())
    report = _report_load(request, batch) if request.user.has_perm("trainings.add_enrollment") else None
    return _batch_page(request, batch, **(report or {}))


@login_required
@require_POST
def batch_enrol(request, pk: int):
    """Enrol by pasted NIKs or by participants picked from the search; report every entry."""
    _require(request.user, "trainings.view_trainingbatch")
    batch = selectors.batch_get(user=request.user, pk=pk)
    _require(request.user, "trainings.add_enrollment")
    paste_form = EnrolPasteForm(request.POST if "niks" in request.POST else None)
    niks, typed, picked = [], [], []
    if paste_form.is_bound:
        if not paste_form.is_valid():
            return _batch_page(request, batch, paste_form=paste_form)
        niks, typed = paste_form.cleaned_data["niks"], paste_form.typed
    else:
        ids = [int(v) for v in request.POST.getlist("participant") if v.isdigit()]
        picked = list(scope_queryset(request.user, Participant.objects.filter(pk__in=ids)))
        if not picked:
            messages.warning(request, _("Pilih paling sedikit satu peserta."))
            return redirect("trainings:batch_detail", pk=batch.pk)
    try:
        results = services.enrollment_create_bulk(batch=batch, niks=niks, participants=picked, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("trainings:batch_detail", pk=batch.pk)
    added = sum(r.outcome == services.ADDED for r in results)
    if not paste_form.is_bound and added == len(results):
        messages.success(request, _("%(n)d peserta didaftarkan.") % {"n": added})
        return redirect("trainings:batch_detail", pk=batch.pk)
    # Post → redirect → get: the report waits in the session; the entries that were not added
    # go back into the box for a role that may see NIKs.
    token = _report_store(request, batch, results, typed)
    url = reverse("trainings:batch_detail", kwargs={"pk": batch.pk})
    return HttpResponseRedirect(f"{url}?{REPORT_PARAM}={token}#enrol-report")


@login_required
@require_http_methods(["GET", "POST"])
def enrollment_withdraw(request, pk: int):
    """Confirm, with a reason, that a participant withdraws from a batch (until the batch ends)."""
    _require(request.user, "trainings.view_trainingbatch")
    enrollment = selectors.enrollment_get(user=request.user, pk=pk)
    _require(request.user, "trainings.change_enrollment")
    batch = enrollment.batch
    refused = None
    if enrollment.is_withdrawn:
        refused = _("%(name)s sudah mengundurkan diri dari angkatan ini.") % {"name": enrollment.participant.name}
    elif services.batch_has_ended(batch):
        refused = _("Angkatan ini sudah berakhir; pendaftaran tidak dapat ditarik lagi.")
    form = WithdrawForm(request.POST if request.method == "POST" and not refused else None)
    if form.is_bound and form.is_valid():
        try:
            services.enrollment_withdraw(enrollment=enrollment, reason=form.cleaned_data["reason"], user=request.user)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s ditarik dari angkatan %(batch)s.") % {"name": enrollment.participant.name, "batch": batch},
            )
            return redirect("trainings:batch_detail", pk=batch.pk)
    return render(
        request,
        "trainings/enrollment_withdraw.html",
        {"enrollment": enrollment, "batch": batch, "form": form, "refused": refused},
    )


def _shown_ids(value: str) -> list[int] | None:
    """The enrollment ids a roster page posted as shown ("12,15,18"); None when absent or garbled."""
    try:
        ids = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        return None
    return ids or None


@login_required
def attendance(request, pk: int):
    """One session's roster: present / late / excused / absent for everyone, saved in one submit."""
    _require(request.user, "trainings.view_trainingbatch")
    session = selectors.session_get(user=request.user, pk=pk)
    can_record = request.user.has_perm("trainings.add_attendance") and request.user.has_perm(
        "trainings.change_attendance"
    )
    if request.method == "POST" and not can_record:
        raise PermissionDenied
    # Before the session starts there is nothing to record: the page says from when.
    not_open = None if session.has_started() else services.attendance_not_open_message(session)
    if request.method == "POST" and not_open:
        messages.error(request, not_open)
        return redirect("trainings:attendance", pk=session.pk)
    page = selectors.session_roster_page(session=session, number=request.GET.get("page"))
    roster = page.object_list
    shown = _shown_ids(request.POST.get("shown", "")) if request.method == "POST" else None
    if shown is not None:
        # Save the rows the page showed when it was opened, and no other: marks on other pages
        # are never touched, and a row that moved to another page since is not lost.
        roster = selectors.session_roster_of(session=session, enrollment_ids=shown)
    here = reverse("trainings:attendance", kwargs={"pk": session.pk})
    if page.number > 1:
        here = f"{here}?page={page.number}"
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, roster=roster, session=session, readonly=not can_record
    )
    if request.method == "POST" and form.is_valid():
        statuses = form.statuses()
        if statuses:
            try:
                services.attendance_record(
                    session=session,
                    statuses=statuses,
                    user=request.user,
                    from_paper=form.cleaned_data["from_paper"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Kehadiran %(n)d peserta disimpan.") % {"n": len(statuses)})
                return HttpResponseRedirect(here)
        else:
            messages.info(request, _("Belum ada kehadiran yang dipilih; tidak ada yang disimpan."))
            return HttpResponseRedirect(here)
    summary = selectors.session_attendance_summary(session=session, enrolled=page.paginator.count)
    counts = summary["counts"]
    unmarked_here = sum(1 for _enrollment, record in roster if record is None)
    return render(
        request,
        "trainings/attendance.html",
        {
            "session": session,
            "batch": session.batch,
            "form": form,
            "can_record": can_record,
            "page": page,
            "enrolled": page.paginator.count,
            "last": summary["last"],
            "from_paper_count": summary["from_paper"],
            "counts": [(label, counts[value]) for value, label in Attendance.Status.choices],
            "unmarked": summary["unmarked"],
            "unmarked_elsewhere": summary["unmarked"] - unmarked_here,
            "shown_ids": ",".join(str(enrollment.pk) for enrollment, _record in roster),
            "is_past": session.date < timezone.localdate(),
            "not_open": not_open,
        },
    )
