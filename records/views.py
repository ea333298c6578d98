"""Records the law asks for (issue 13 point 4), under `/privasi/`: the privacy notice (public),
the record of processing activities (page and workbook), the incident register with its
3×24-hour deadline and its two letters."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from core.pagination import CappedPaginator
from participants.models import Consent
from reports.exports import base
from reports.exports.writer import write_workbook

from . import ropa
from .access import may_manage_incidents, may_read_records
from .forms import IncidentForm
from .models import Incident

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@require_safe
def notice(request):
    """The privacy notice: public, no login, plain Indonesian."""
    return render(
        request,
        "records/notice.html",
        {
            "purposes": Consent.Purpose.choices,
            "activities": ropa.activities(),
            "authority": settings.DATA_PROTECTION_AUTHORITY,
        },
    )


@login_required
@require_safe
def ropa_page(request):
    _require(may_read_records(request.user))
    return render(
        request,
        "records/ropa.html",
        {"activities": ropa.activities(), "may_manage_incidents": may_manage_incidents(request.user)},
    )


ROPA_COLUMNS = [
    (gettext_lazy("Kegiatan pemrosesan"), "purpose", 30),
    (gettext_lazy("Dasar pemrosesan"), "basis", 28),
    (gettext_lazy("Subjek data"), "subjects", 22),
    (gettext_lazy("Data pribadi"), "data", 50),
    (gettext_lazy("Melihat lengkap"), "full_access", 24),
    (gettext_lazy("Melihat tersamar / tidak melihat"), "masked_access", 24),
    (gettext_lazy("Masa simpan"), "retention", 16),
    (gettext_lazy("Penerima"), "recipients", 36),
]


@login_required
@require_safe
def ropa_xlsx(request):
    _require(may_read_records(request.user))

    def value(attr):
        def read(activity):
            found = getattr(activity, attr)
            return "; ".join(found) if isinstance(found, list) else found

        return read

    columns = [base.Column(str(header), value(attr), width) for header, attr, width in ROPA_COLUMNS]
    export = base.Export(
        title=_("Catatan kegiatan pemrosesan data pribadi"),
        sheets=[base.Sheet(_("Pemrosesan"), columns, ropa.activities())],
    )
    buffer = io.BytesIO()
    write_workbook(export, target=buffer, requested_by=request.user, generated_at=timezone.now())
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="catatan-pemrosesan.xlsx"'
    return response


@login_required
@require_safe
def incident_list(request):
    _require(may_manage_incidents(request.user))
    incidents = Incident.objects.all()
    status = request.GET.get("status", "")
    if status in Incident.Status.values:
        incidents = incidents.filter(status=status)
    page = CappedPaginator(incidents, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(incident, incident.urgency(now)) for incident in page]
    due = Incident.objects.filter(notified_at__isnull=True).order_by("deadline")
    warnings = [(i, i.urgency(now)) for i in due if i.urgency(now) in ("near", "late")]
    return render(
        request,
        "records/incident_list.html",
        {"page": page, "rows": rows, "warnings": warnings, "status": status, "statuses": Incident.Status.choices},
    )


def _incident_form(request, incident: Incident | None):
    form = IncidentForm(request.POST or None, instance=incident)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if saved.recorded_by_id is None:
            saved.recorded_by = request.user
        saved.save()
        messages.success(request, _("Insiden #%(pk)s disimpan.") % {"pk": saved.pk})
        return redirect("records:incident_detail", pk=saved.pk)
    return render(
        request,
        "records/incident_form.html",
        {"form": form, "incident": incident, "urgency": incident.urgency() if incident else None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request):
    _require(may_manage_incidents(request.user))
    return _incident_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def incident_detail(request, pk: int):
    _require(may_manage_incidents(request.user))
    return _incident_form(request, get_object_or_404(Incident, pk=pk))


def _letter(request, pk: int, *, to: str):
    _require(may_manage_incidents(request.user))
    incident = get_object_or_404(Incident, pk=pk)
    return render(
        request,
        "records/incident_letter.html",
        {
            "incident": incident,
            "to": to,
            "authority": settings.DATA_PROTECTION_AUTHORITY,
        },
    )


@login_required
@require_safe
def incident_letter_people(request, pk: int):
    return _letter(request, pk, to="people")


@login_required
@require_safe
def incident_letter_authority(request, pk: int):
    return _letter(request, pk, to="authority")
