from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.scoping import scope_queryset
from participants.models import Participant
from reports import kpi

from . import planner, selectors, services
from .forms import AttendanceForm, BatchFilterForm, EnrolPasteForm, PlannerForm
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


@login_required
def plan(request):
    """Propose a rotation (preview), and create it only when the same parameters are confirmed."""
    _require(request.user, "trainings.view_trainingbatch", "trainings.add_trainingbatch")
    form = PlannerForm(request.POST if request.method == "POST" else None, user=request.user)
    proposal = None
    if request.method == "POST" and form.is_valid():
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


def _batch_page(request, batch, *, q="", **extra):
    user = request.user
    can_enrol = user.has_perm("trainings.add_enrollment")
    context = {
        "batch": batch,
        "enrollments": selectors.batch_enrollments(batch=batch),
        "sessions": selectors.batch_sessions(batch=batch),
        "statuses": Attendance.Status,
        "can_enrol": can_enrol,
        "can_record": user.has_perm("trainings.add_attendance") and user.has_perm("trainings.change_attendance"),
        "show_nik": user.sees_personal_data,
        "q": q,
        "found": selectors.participant_search(user=user, q=q, batch=batch) if q else [],
        "paste_form": EnrolPasteForm(),
        # The 40% KPI for this batch, for roles that may read program outcomes.
        "outcome": kpi.batch_outcome(batch) if user.has_perm("reports.view_outcomes") else None,
        **extra,
    }
    return render(request, "trainings/batch_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def batch_detail(request, pk: int):
    """The batch page. A POST is the participant search, so a NIK typed there stays out of URLs and logs."""
    _require(request.user, "trainings.view_trainingbatch")
    batch = selectors.batch_get(user=request.user, pk=pk)
    if request.method == "POST":
        _require(request.user, "trainings.add_enrollment")
        return _batch_page(request, batch, q=request.POST.get("q", "").strip())
    return _batch_page(request, batch)


@login_required
@require_POST
def batch_enrol(request, pk: int):
    """Enrol by pasted NIKs or by participants picked from the search; report every entry."""
    _require(request.user, "trainings.view_trainingbatch")
    batch = selectors.batch_get(user=request.user, pk=pk)
    _require(request.user, "trainings.add_enrollment")
    paste_form = EnrolPasteForm(request.POST if "niks" in request.POST else None)
    niks, picked = [], []
    if paste_form.is_bound:
        if not paste_form.is_valid():
            return _batch_page(request, batch, paste_form=paste_form)
        niks = paste_form.cleaned_data["niks"]
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
    # Shown once, in this response: the report is never stored (it names people).
    # Only the entries that were not added go back into the box, for a role that may see NIKs.
    if paste_form.is_bound and request.user.sees_personal_data:
        left = [nik for nik, r in zip(niks, results, strict=True) if r.outcome != services.ADDED]
        paste_form = EnrolPasteForm(initial={"niks": "\n".join(left)})
    else:
        paste_form = EnrolPasteForm()
    batch.refresh_from_db()
    return _batch_page(request, batch, results=results, added=added, paste_form=paste_form)


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
    roster = selectors.session_roster(session=session)
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
                return redirect("trainings:attendance", pk=session.pk)
        else:
            messages.info(request, _("Belum ada kehadiran yang dipilih; tidak ada yang disimpan."))
            return redirect("trainings:attendance", pk=session.pk)
    records = [record for _e, record in roster if record is not None]
    last = max(records, key=lambda r: r.recorded_at) if records else None
    counts = {status: 0 for status in Attendance.Status.values}
    for record in records:
        counts[record.status] += 1
    return render(
        request,
        "trainings/attendance.html",
        {
            "session": session,
            "batch": session.batch,
            "form": form,
            "can_record": can_record,
            "last": last,
            "from_paper_count": sum(r.from_paper for r in records),
            "counts": [(label, counts[value]) for value, label in Attendance.Status.choices],
            "unmarked": len(roster) - len(records),
            "is_past": session.date < timezone.localdate(),
        },
    )
