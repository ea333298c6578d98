"""Excel exports (`/laporan/ekspor/`): start one from a list's button, follow a background one
to its download, and the list of one's own exports (administrators: everyone's).

A list's "Ekspor Excel" button posts to `export_start` with the list's own query string, so
the export applies the same filters, sort and scope as the page; a search text the list
keeps in the session (`core.search`) comes back from there. Up to TANGSEL_EXPORT_SYNC_LIMIT
rows come back at once; more become a background job whose page shows its progress.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from accounts import roles
from core.files import DOWNLOAD_TYPES, file_response
from core.search import search_params

from . import exports, services
from .models import ExportJob

PAGE_SIZE = 25
REFRESH_SECONDS = 2


def _jobs_of(user):
    jobs = ExportJob.objects.select_related("requested_by")
    return jobs if user.role == roles.ADMIN else jobs.filter(requested_by=user)


def _job_or_404(user, pk: int) -> ExportJob:
    job = _jobs_of(user).filter(pk=pk).first()
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
    export = exporter.build(user=user, params=params)
    if export.count() <= settings.TANGSEL_EXPORT_SYNC_LIMIT:
        job, content = services.export_now(user=user, exporter=exporter, export=export)
        response = HttpResponse(content, content_type=DOWNLOAD_TYPES[".xlsx"])
        response["Content-Disposition"] = f'attachment; filename="{services.export_file_name(kind, job.created_at)}"'
        response["Cache-Control"] = "private, no-store"
        return response
    job = services.export_job_create(user=user, exporter=exporter, export=export, params=params)
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
        {"page": page, "is_admin": request.user.role == roles.ADMIN, "keep_days": settings.TANGSEL_EXPORT_KEEP_DAYS},
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
