"""Excel imports (`/laporan/impor/`): the template, the upload, the preview and its
confirmation, and the report each job keeps, for every kind of import in
`reports.imports.registry` (participants, inventory visits), chosen with `?jenis=` (the
template) or the form's `jenis` (the upload). Staff and admins import anywhere; a field
officer only into their kecamatan (the rows are checked as the uploader)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.scoping import get_scoped_or_404, scope_queryset
from core.files import DOWNLOAD_TYPES

from .imports import jobs, registry
from .imports.reader import open_workbook
from .models import ImportJob

PAGE_SIZE = 25
REFRESH_SECONDS = 2


def _may_import(user) -> bool:
    return bool(registry.kinds_for(user))


def _kind(user, key: str | None):
    kind = registry.kind_for(user, key)
    if kind is None:
        raise Http404
    return kind


def _check_access(user) -> None:
    if not _may_import(user):
        raise PermissionDenied


def _jobs_of(user):
    return scope_queryset(user, ImportJob.objects.select_related("uploaded_by"))


@login_required
@require_safe
def import_index(request):
    _check_access(request.user)
    page = Paginator(_jobs_of(request.user).order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for job in page.object_list:
        job.kind_title = registry.KINDS[job.kind].TITLE if job.kind in registry.KINDS else job.kind
    return render(
        request,
        "reports/import_index.html",
        {
            "page": page,
            "kinds": [
                {
                    "key": kind.KIND,
                    "title": kind.TITLE,
                    "help": kind.HELP,
                    "columns": [label for _key, label in kind.COLUMNS],
                }
                for kind in registry.kinds_for(request.user)
            ],
            "max_mb": settings.TANGSEL_IMPORT_MAX_BYTES // (1024 * 1024),
        },
    )


@login_required
@require_safe
def import_template(request):
    _check_access(request.user)
    kind = _kind(request.user, request.GET.get("jenis"))
    content = kind.template_workbook(user=request.user)
    response = HttpResponse(content, content_type=DOWNLOAD_TYPES[".xlsx"])
    name = f"template-impor-{kind.KIND}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _upload_problem(upload) -> str | None:
    if upload is None:
        return _("Pilih berkas Excel (.xlsx) untuk diunggah.")
    if not upload.name.lower().endswith(".xlsx"):
        return _("Hanya berkas Excel .xlsx yang diterima.")
    if upload.size > settings.TANGSEL_IMPORT_MAX_BYTES:
        return _("Berkas terlalu besar; paling besar %(n)d MB.") % {"n": settings.TANGSEL_IMPORT_MAX_BYTES // 1048576}
    try:
        open_workbook(upload).close()
    except ValidationError as exc:
        return exc.messages[0]
    upload.seek(0)
    return None


@login_required
@require_POST
def import_upload(request):
    user = request.user
    _check_access(user)
    kind = _kind(user, request.POST.get("jenis"))
    upload = request.FILES.get("berkas")
    problem = _upload_problem(upload)
    if problem:
        messages.error(request, problem)
        return HttpResponseRedirect(reverse("reports:import_index"))
    content = upload.read()
    earlier = jobs.earlier_job(kind=kind.KIND, digest=jobs.sha256_of(content))
    if earlier is not None:
        if _jobs_of(user).filter(pk=earlier.pk).exists():
            messages.warning(request, _("Berkas yang sama sudah pernah diunggah; ini impor sebelumnya."))
            return HttpResponseRedirect(reverse("reports:import_detail", kwargs={"pk": earlier.pk}))
        messages.error(request, _("Berkas yang sama sudah pernah diunggah oleh pengguna lain; tidak diimpor lagi."))
        return HttpResponseRedirect(reverse("reports:import_index"))
    job = jobs.import_job_create(user=user, kind=kind.KIND, content=content)
    return HttpResponseRedirect(reverse("reports:import_detail", kwargs={"pk": job.pk}))


@login_required
@require_safe
def import_detail(request, pk: int):
    _check_access(request.user)
    job = get_scoped_or_404(request.user, ImportJob.objects.select_related("uploaded_by"), pk=pk)
    working = job.status == ImportJob.Status.RUNNING or job.checked_at is None
    return render(
        request,
        "reports/import_detail.html",
        {
            "job": job,
            "title": registry.KINDS[job.kind].TITLE if job.kind in registry.KINDS else job.kind,
            "working": working,
            "progress": jobs.progress_of(job),
            "refresh_seconds": REFRESH_SECONDS,
            "may_apply": jobs.may_apply(job) and job.uploaded_by_id == request.user.pk,
        },
    )


@login_required
@require_POST
def import_confirm(request, pk: int):
    _check_access(request.user)
    job = get_scoped_or_404(request.user, ImportJob.objects.all(), pk=pk)
    if job.uploaded_by_id != request.user.pk or registry.kind_for(request.user, job.kind) is None:
        raise PermissionDenied  # rows are written in the uploader's name and scope
    if not jobs.may_apply(job):
        messages.error(request, _("Impor ini tidak dapat diterapkan (sudah diterapkan, atau masih ada baris salah)."))
    else:
        job = jobs.import_job_confirm(job=job)
        if job.status == ImportJob.Status.DONE:
            messages.success(request, _("%(n)d baris berhasil diimpor.") % {"n": job.applied_rows})
        elif job.status == ImportJob.Status.FAILED:
            messages.error(request, _("Impor dibatalkan: ada baris yang salah. Tidak ada data yang disimpan."))
    return HttpResponseRedirect(reverse("reports:import_detail", kwargs={"pk": job.pk}))
