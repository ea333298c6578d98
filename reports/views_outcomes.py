"""The outcomes page: completed participants, real entrepreneurs and the share against the
40% target, per kecamatan, per batch and per year.

The kecamatan, total and year figures go over every completer in the user's scope; at a
million participants that takes seconds, so they are cached per scope (the set of kecamatan
the user sees) and year until the next write of their inputs (reports.freshness: a visit
recorded shows at the next load), and the page says when they were computed. The batch
table covers one page of batches and is always live."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import freshness, kpi

PAGE_SIZE = 25


def _link(name: str, *args, query: str = "") -> str | None:
    """A link to a page of another app, or None while that page does not exist."""
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return None


def _cached(user, name: str, year: int | None, compute, refresh: bool):
    """`compute()` and the time it ran, shared by every user who sees the same kecamatan, until
    the next write of the figures' inputs (reports.freshness): a change shows at the next load."""
    scope = freshness.viewer(user)[2]
    return freshness.cached(f"kpi:{name}", (scope, year), lambda: (compute(), timezone.now()), refresh=refresh)


def window_words(days: int) -> str:
    """The real-entrepreneur window (REAL_ENTREPRENEUR_WINDOW_DAYS, the setting the rule reads) in
    words: "12 bulan" for 365 days, "24 bulan" for 730, else in days."""
    if days % 365 == 0:
        months = days // 365 * 12
        return ngettext("%(n)d bulan", "%(n)d bulan", months) % {"n": months}
    return ngettext("%(n)d hari", "%(n)d hari", days) % {"n": days}


@login_required
def outcomes(request):
    user = request.user
    if not user.has_perm("reports.view_outcomes"):
        raise PermissionDenied
    years = kpi.batch_years(user=user)
    year = request.GET.get("tahun", "")
    year = int(year) if year.isdigit() and int(year) in years else None
    refresh = request.method == "POST"

    kecamatan_rows, computed_at = _cached(
        user, "kecamatan", year, lambda: kpi.outcomes_by_kecamatan(user=user, year=year), refresh
    )
    year_rows, _at = _cached(user, "years", None, lambda: kpi.outcomes_by_year(user=user), refresh)
    if refresh:
        messages.success(
            request,
            _("Angka per kecamatan dan per tahun sudah dihitung ulang pukul %(time)s.")
            % {"time": timezone.localtime(computed_at).strftime("%H:%M")},
        )
        return redirect(request.get_full_path())
    page = Paginator(kpi.batches_in_scope(user=user, year=year), PAGE_SIZE).get_page(request.GET.get("page"))
    # Each row: (label, detail, link, outcome).
    tables = [
        {
            "id": "by-kecamatan",
            "title": _("Per kecamatan tempat tinggal peserta"),
            "head": _("Kecamatan"),
            "rows": [
                (o.subject.name, o.subject.code, _link("participants:list", query=f"?kecamatan={o.subject.pk}"), o)
                for o in kecamatan_rows
            ],
            "total": kpi.outcome_sum(kecamatan_rows),
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
            "rows": [(str(o.subject), "", None, o) for o in year_rows],
        },
    ]
    return render(
        request,
        "reports/outcomes.html",
        {
            "target_percent": round(kpi.target() * 100),
            "window": window_words(settings.TANGSEL_REAL_ENTREPRENEUR_WINDOW_DAYS),
            "kub_size": settings.TANGSEL_KUB_SIZE,
            "years": years,
            "year": year,
            "tables": tables,
            "computed_at": computed_at,
        },
    )
