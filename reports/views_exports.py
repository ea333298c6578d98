"""Excel exports (`/laporan/ekspor/`): start one from a list's button, follow a background one
to its download, and the list of one's own exports (administrators: everyone's).

A list's "Ekspor Excel" button posts to `export_start` with the list's own query string, so
the export applies the same filters, sort and scope as the page; a search text the list
keeps in the session (`core.search`) comes back from there. Up to TANGSEL_EXPORT_SYNC_LIMIT
rows come back at once; more become a background job whose page shows its progress.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import roles
from core.files import DOWNLOAD_TYPES, file_response
from core.search import search_params

from . import exports, services
from .exports import monthly
from .models import ExportJob

PAGE_SIZE = 25
REFRESH_SECONDS = 2


def _jobs_of(user):
    jobs = ExportJob.objects.select_related("requested_by")
    return jobs if user.role == roles.ADMIN else jobs.filter(requested_by=user)


def _may_see_monthly(user) -> bool:
    return exports.get(monthly.KIND).allowed(user)


def _job_or_404(user, pk: int) -> ExportJob:
    job = _jobs_of(user).filter(pk=pk).first()
    if job is None and _may_see_monthly(user):
        # Monthly reports are the program's, not one person's: every city-wide reader's.
        job = ExportJob.objects.filter(pk=pk, kind=monthly.KIND).first()
    if job is None:
        raise Http404
    return job


@login_required
@require_POST
def export_start(request, kind: str):
    exporter = exports.get(kind)
    if exporter is None:
        raise Http404
    user = request.user
    if not exporter.allowed(user):
        raise PermissionDenied
    params = search_params(request)
    if exporter.background:
        filters = exporter.describe(user=user, params=params)
    else:
        export = exporter.build(user=user, params=params)
        if not export.more_than(settings.TANGSEL_EXPORT_SYNC_LIMIT):
            job, content = services.export_now(user=user, exporter=exporter, export=export)
            response = HttpResponse(content, content_type=DOWNLOAD_TYPES[".xlsx"])
            name = services.export_file_name(kind, job.created_at)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["Cache-Control"] = "private, no-store"
            return response
        filters = export.filters
    job = services.export_job_create(user=user, exporter=exporter, filters=filters, params=params)
    return HttpResponseRedirect(reverse("reports:export_detail", kwargs={"pk": job.pk}))


@login_required
@require_safe
def export_list(request):
    page = Paginator(_jobs_of(request.user).order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    for job in page:
        exporter = exports.get(job.kind)
        job.list_title = exporter.title if exporter else job.kind
    return render(
        request,
        "reports/export_list.html",
        {
            "page": page,
            "is_admin": request.user.role == roles.ADMIN,
            "may_see_monthly": _may_see_monthly(request.user),
            "keep_days": settings.TANGSEL_EXPORT_KEEP_DAYS,
        },
    )


@login_required
@require_safe
def export_detail(request, pk: int):
    job = _job_or_404(request.user, pk)
    exporter = exports.get(job.kind)
    working = job.status in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING)
    return render(
        request,
        "reports/export_detail.html",
        {
            "job": job,
            "list_title": exporter.title if exporter else job.kind,
            "working": working,
            "refresh_seconds": REFRESH_SECONDS,
            "downloadable": job.status == ExportJob.Status.DONE and bool(job.file),
            "keep_days": settings.TANGSEL_EXPORT_KEEP_DAYS,
        },
    )


@login_required
@require_safe
def export_download(request, pk: int):
    job = _job_or_404(request.user, pk)
    # Only a finished job has a file in storage; a failed or interrupted one never does.
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    try:
        return file_response(job.file)
    except FileNotFoundError:
        raise Http404 from None


@login_required
@require_safe
def index(request):
    """`/laporan/`: the monthly program reports (made by beat on the 1st, or on demand)."""
    if not _may_see_monthly(request.user):
        raise PermissionDenied
    jobs = ExportJob.objects.filter(kind=monthly.KIND).select_related("requested_by").order_by("-created_at", "-pk")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    year, month = monthly.previous_month()
    return render(request, "reports/index.html", {"page": page, "default_month": f"{year:04d}-{month:02d}"})


@login_required
@require_POST
def monthly_create(request):
    if not _may_see_monthly(request.user):
        raise PermissionDenied
    month = monthly.parse_month(request.POST.get("bulan", ""))
    if month is None:
        messages.error(request, _("Pilih bulan laporan (tahun dan bulan)."))
        return HttpResponseRedirect(reverse("reports:index"))
    job = services.monthly_report_request(user=request.user, year=month[0], month=month[1])
    return HttpResponseRedirect(reverse("reports:export_detail", kwargs={"pk": job.pk}))
