"""The dashboard on `/` (`views.home` calls `dashboard_context`): figures from
`reports.dashboard`, each with a link to the list it counts under the same filters, the charts'
data for `static/js/dashboard.js`, and the map."""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scoping import scope_queryset
from exhibitions.models import ExhibitionSale
from groups.dormant import DORMANT
from groups.models import BusinessGroup, Product
from inventory.models import Business
from participants import selectors as participant_selectors
from regions.models import Kecamatan
from trainings.models import CraftType

from . import dashboard, exports, freshness, geo, kpi
from .exports import monthly
from .targets import FAR, MET, NEAR

MAP_INDICATORS = [("konversi", gettext_lazy("Konversi 40%")), ("penduduk", gettext_lazy("Indikator 2%"))]


class DashboardFilterForm(forms.Form):
    """Year, kecamatan, craft and the map's indicator, all in GET. A value that is not one of
    the choices is dropped with a message: the rest of the page still answers."""

    tahun = forms.TypedChoiceField(label=gettext_lazy("Tahun angkatan"), required=False, coerce=int, empty_value=None)
    kecamatan = forms.ModelChoiceField(
        label=gettext_lazy("Kecamatan"),
        queryset=Kecamatan.objects.none(),
        required=False,
        empty_label=gettext_lazy("Semua kecamatan"),
    )
    kerajinan = forms.ModelChoiceField(
        label=gettext_lazy("Kerajinan"),
        queryset=CraftType.objects.none(),
        required=False,
        empty_label=gettext_lazy("Semua kerajinan"),
    )
    peta = forms.ChoiceField(label=gettext_lazy("Peta"), required=False, choices=MAP_INDICATORS)

    def __init__(self, *args, user, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [("", _("Semua tahun")), *[(y, y) for y in years]]
        self.fields["kecamatan"].queryset = scope_queryset(user, Kecamatan.objects.order_by("code"))
        self.fields["kerajinan"].queryset = scope_queryset(user, CraftType.objects.order_by("name"))
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def values(self) -> tuple[dict, list[str]]:
        self.is_valid()
        values = {name: None if name in self.errors else self.cleaned_data.get(name) or None for name in self.fields}
        return values, [str(self.fields[name].label) for name in self.errors]


def _url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


class Links:
    """Each figure's list, under the dashboard's filters, for the lists this user may open."""

    def __init__(self, request, filters: dashboard.Filters):
        user = request.user
        self.filters = filters
        self.participants = user.has_perm("participants.view_participant")
        self.groups = user.has_perm("groups.view_businessgroup")
        self.referrals = user.has_perm("financing.view_loanreferral")
        self.referral_rows = user.sees_loan_data  # leadership's list is the totals page
        self.businesses = _admin_may_view(request, Business)
        self.products = _admin_may_view(request, Product)
        self.sales = _admin_may_view(request, ExhibitionSale)

    def _kecamatan(self, kecamatan) -> int | None:
        if kecamatan is not None:
            return kecamatan.pk
        return self.filters.kecamatan.pk if self.filters.kecamatan is not None else None

    def participant(self, kecamatan, status: str = "", training: bool = False) -> str | None:
        if not self.participants:
            return None
        f = self.filters
        return _url(
            "participants:list",
            kecamatan=self._kecamatan(kecamatan),
            status=status,
            craft=f.craft.pk if training and f.craft else None,
            tahun=f.year if training else None,
        )

    def group(self, status: str) -> str | None:
        if not self.groups:
            return None
        f = self.filters
        return _url(
            "groups:list", kecamatan=self._kecamatan(None), status=status, craft=f.craft.pk if f.craft else None
        )

    def business(self, kecamatan) -> str | None:
        if not self.businesses:
            return None
        return _url(
            "admin:inventory_business_changelist",
            kelurahan__kecamatan__id__exact=self._kecamatan(kecamatan),
            pemilik_lain="berjalan",
        )

    def product(self) -> str | None:
        if not self.products:
            return None
        f = self.filters
        return _url(
            "admin:groups_product_changelist",
            group__kecamatan__id__exact=self._kecamatan(None),
            craft_type__id__exact=f.craft.pk if f.craft else None,
        )

    def sale(self) -> str | None:
        # The sales list filters by kecamatan only: under a year or a craft it would count more.
        if not self.sales or self.filters.year is not None or self.filters.craft is not None:
            return None
        return _url(
            "admin:exhibitions_exhibitionsale_changelist", entry__group__kecamatan__id__exact=self._kecamatan(None)
        )

    def referral(self, status: str) -> str | None:
        if not self.referrals:
            return None
        if not self.referral_rows:
            return reverse("financing:list") if self.filters.kecamatan is None else None
        return _url("financing:list", status=status, kecamatan=self._kecamatan(None))


def _admin_may_view(request, model) -> bool:
    """Records with no portal page yet open in the admin, for the roles that may use it."""
    model_admin = admin.site._registry.get(model)
    return bool(admin.site.has_permission(request) and model_admin and model_admin.has_view_permission(request))


def _standing_json(standing) -> dict:
    return {
        "actual": None if standing.actual is None else round(float(standing.actual), 4),
        "target": float(standing.goal.value),
        "state": standing.state,
    }


def _chart_data(figures, trend, referrals) -> dict:
    rows = figures.rows
    return {
        "kecamatan": [r.kecamatan.name for r in rows],
        "conversion": [_standing_json(r.conversion) for r in rows],
        "population": [_standing_json(r.known_share) for r in rows],
        "trend": {
            "labels": [q.label for q in trend],
            "completed": [q.completed for q in trend],
            "real": [q.real for q in trend],
        },
        "funnel": None
        if referrals is None
        else {"labels": [r.label for r in referrals], "counts": [r.count for r in referrals]},
        "words": {
            "conversion": _("Konversi (%)"),
            "population": _("Pelaku usaha / penduduk (%)"),
            "target": _("Target"),
            "completed": _("Lulus pelatihan"),
            "real": _("Pelaku usaha nyata"),
            "referrals": _("Rujukan"),
        },
    }


def _map(figures, indicator: str) -> dict:
    shape = geo.city_shape()
    by_code = {r.kecamatan.code: r for r in figures.rows}
    areas = []
    for area in shape.areas:
        row = by_code.get(area.code)
        standing = None if row is None else (row.conversion if indicator == "konversi" else row.known_share)
        areas.append({"area": area, "row": row, "standing": standing})
    return {"shape": shape, "areas": areas, "indicator": indicator}


def _map_links(request) -> list[tuple[str, str, str]]:
    links = []
    for value, label in MAP_INDICATORS:
        query = request.GET.copy()
        query["peta"] = value
        links.append((value, label, f"?{query.urlencode()}"))
    return links


def _compute(user, filters: dashboard.Filters) -> tuple:
    """Every figure of the page: seconds at a million participants, so cached until the next
    write of their inputs (reports.freshness)."""
    figures = dashboard.kecamatan_figures(user=user, filters=filters)
    trend = figures.trend  # counted in the same pass as the figures (or by quarterly_trend)
    groups = dashboard.group_figures(user=user, filters=filters, today=figures.today)
    referrals = dashboard.referral_figures(user=user, filters=filters)
    return figures, trend, groups, referrals


def dashboard_context(request) -> dict:
    user = request.user
    form = DashboardFilterForm(request.GET, user=user, years=kpi.batch_years(user=user))
    values, dropped = form.values()
    if dropped:
        messages.warning(request, _("Saringan tidak dikenal diabaikan: %(names)s.") % {"names": ", ".join(dropped)})
    filters = dashboard.Filters(year=values["tahun"], kecamatan=values["kecamatan"], craft=values["kerajinan"])
    figures, trend, groups, referrals = freshness.cached(
        "dashboard",
        (
            freshness.viewer(user),
            filters.year,
            getattr(filters.kecamatan, "pk", None),
            getattr(filters.craft, "pk", None),
        ),
        lambda: _compute(user, filters),
    )
    links = Links(request, filters)
    status = participant_selectors
    for row in [*figures.rows, figures.total]:
        k = row.kecamatan
        row.links = {
            "registered": links.participant(k),
            "trained": links.participant(k, status.STATUS_TRAINED, training=True),
            "completed": links.participant(k, status.STATUS_COMPLETED, training=True),
            "real": links.participant(k, status.STATUS_COMPLETED_REAL, training=True),
            "known_participants": links.participant(k, status.STATUS_KNOWN),
            "other_businesses": links.business(k),
        }
    group_links = {
        "active": links.group(BusinessGroup.Status.ACTIVE),
        "forming": links.group(BusinessGroup.Status.FORMING),
        "dormant": links.group(DORMANT),
        "products": links.product(),
        "sales": links.sale(),
    }
    for r in referrals or []:
        r.link = links.referral(r.status)
    return {
        "form": form,
        "filters": filters,
        "figures": figures,
        "trend": trend,
        "groups": groups,
        "group_links": group_links,
        "referrals": referrals,
        "referral_total": None
        if referrals is None
        else dashboard.referral_total(referrals, withhold=not user.sees_loan_data),
        "sees_loan_data": user.sees_loan_data,
        "chart_data": _chart_data(figures, trend, referrals),
        "map": _map(figures, values["peta"] or "konversi"),
        "map_links": _map_links(request),
        "states": {"met": MET, "near": NEAR, "far": FAR},
        # Both targets month by month, as a workbook for leadership and the ministry.
        "monthly_reports_url": reverse("reports:index") if exports.get(monthly.KIND).allowed(user) else None,
    }
