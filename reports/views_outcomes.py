"""The outcomes page: completed participants, real entrepreneurs and the share against the
40% target, per year, per kecamatan and per batch."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from . import kpi

PAGE_SIZE = 25


def _link(name: str, *args, query: str = "") -> str | None:
    """A link to a page of another app, or None while that page does not exist."""
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return None


@login_required
def outcomes(request):
    user = request.user
    if not user.has_perm("participants.view_participant"):
        raise PermissionDenied
    years = kpi.batch_years(user=user)
    year = request.GET.get("tahun", "")
    year = int(year) if year.isdigit() and int(year) in years else None

    page = Paginator(kpi.batches_in_scope(user=user, year=year), PAGE_SIZE).get_page(request.GET.get("page"))
    # Each row: (label, detail, link, outcome).
    tables = [
        {
            "id": "by-kecamatan",
            "title": _("Per kecamatan tempat tinggal peserta"),
            "head": _("Kecamatan"),
            "rows": [
                (o.subject.name, o.subject.code, _link("participants:list", query=f"?kecamatan={o.subject.pk}"), o)
                for o in kpi.outcomes_by_kecamatan(user=user, year=year)
            ],
            "total": kpi.outcome_total(user=user, year=year),
        },
        {
            "id": "by-batch",
            "title": _("Per angkatan pelatihan"),
            "head": _("Angkatan"),
            "rows": [
                (
                    o.subject.name,
                    f"{o.subject.kecamatan.name} · {o.subject.start_date:%d-%m-%Y}",
                    _link("trainings:batch_detail", o.subject.pk),
                    o,
                )
                for o in kpi.outcomes_for_batches(page)
            ],
            "page": page,
        },
        {
            "id": "by-year",
            "title": _("Per tahun mulai angkatan"),
            "head": _("Tahun"),
            "rows": [(str(o.subject), "", None, o) for o in kpi.outcomes_by_year(user=user)],
        },
    ]
    return render(
        request,
        "reports/outcomes.html",
        {"target_percent": round(kpi.target() * 100), "years": years, "year": year, "tables": tables},
    )
