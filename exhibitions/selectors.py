"""Reads for the exhibition pages, every one scoped by the user's role."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from accounts import roles
from accounts.scoping import scope_queryset

from .forms import SORTS
from .models import BuyerLead, Exhibition, ExhibitionEntry, ExhibitionSale

# KUBs offered per search on the "add participants" page: thousands exist, a name narrows them.
KUB_SEARCH_LIMIT = 30


def exhibition_list(*, user, q: str = "", kind: str = "", sort: str = "-start_date") -> QuerySet:
    queryset = scope_queryset(user, Exhibition.objects.all())
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(location__icontains=q) | Q(city__icontains=q))
    if kind:
        queryset = queryset.filter(kind=kind)
    entries = scope_queryset(user, ExhibitionEntry.objects.all()).values("pk")
    return queryset.annotate(entry_count=Count("entries", filter=Q(entries__in=entries))).order_by(
        *SORTS.get(sort, SORTS["-start_date"])
    )


def entries_of(*, user, exhibition: Exhibition) -> QuerySet:
    return (
        scope_queryset(user, exhibition.entries.all())
        .select_related("group__kecamatan", "group__craft_type")
        .annotate(
            product_count=Count("products", distinct=True),
            sold=Sum("sales__quantity"),
        )
        .order_by("booth", "group__name", "pk")
    )


def kubs_to_add(*, user, exhibition: Exhibition, q: str, kecamatan=None) -> list:
    from groups.models import BusinessGroup, Product

    queryset = scope_queryset(user, BusinessGroup.objects.exclude(status=BusinessGroup.Status.DISSOLVED))
    queryset = queryset.exclude(exhibition_entries__exhibition=exhibition)
    if q:
        queryset = queryset.filter(name__icontains=q)
    if kecamatan:
        queryset = queryset.filter(kecamatan=kecamatan)
    if not q and not kecamatan:
        return []
    return list(
        queryset.select_related("kecamatan", "craft_type")
        .annotate(
            approved_count=Count("products", filter=Q(products__curation_status=Product.Curation.APPROVED)),
            product_count=Count("products"),
        )
        .order_by("name", "pk")[:KUB_SEARCH_LIMIT]
    )


@dataclass
class Line:
    label: str
    quantity: int = 0
    amount: Decimal = Decimal(0)
    extra: str = ""
    count: int = 0


@dataclass
class Report:
    exhibition: Exhibition
    entries: list = field(default_factory=list)
    status_counts: list = field(default_factory=list)
    product_count: int = 0
    by_product: list[Line] = field(default_factory=list)
    by_group: list[Line] = field(default_factory=list)
    by_kecamatan: list[Line] = field(default_factory=list)
    by_payment: list[Line] = field(default_factory=list)
    by_day: list[Line] = field(default_factory=list)
    total: Line = field(default_factory=lambda: Line(""))
    lead_count: int = 0
    leads: list = field(default_factory=list)


def _lines(sales: QuerySet, keys: list[str], label, extra=None) -> list[Line]:
    rows = sales.values(*keys).annotate(q=Sum("quantity"), a=Sum("amount"), n=Count("entry", distinct=True))
    out = [
        Line(label(row), row["q"] or 0, row["a"] or Decimal(0), extra(row) if extra else "", row["n"]) for row in rows
    ]
    return sorted(out, key=lambda line: (-line.amount, -line.quantity, str(line.label)))


def report(*, user, exhibition: Exhibition) -> Report:
    entries = scope_queryset(user, exhibition.entries.all())
    sales = scope_queryset(user, ExhibitionSale.objects.filter(entry__exhibition=exhibition))
    out = Report(exhibition)
    out.entries = list(
        entries.select_related("group__kecamatan")
        .annotate(
            product_count=Count("products", distinct=True),
        )
        .order_by("group__kecamatan__name", "group__name")
    )
    sold = {row["entry"]: row for row in sales.values("entry").annotate(q=Sum("quantity"), a=Sum("amount"))}
    for entry in out.entries:
        entry.sold_quantity = (sold.get(entry.pk) or {}).get("q") or 0
        entry.sold_amount = (sold.get(entry.pk) or {}).get("a") or Decimal(0)
    statuses = dict(entries.values_list("status").annotate(n=Count("pk")))
    out.status_counts = [(label, statuses.get(value, 0)) for value, label in ExhibitionEntry.Status.choices]
    out.product_count = entries.filter(products__isnull=False).values("products").distinct().count()
    out.by_product = _lines(
        sales,
        ["product", "product__name", "entry__group__name"],
        lambda r: r["product__name"] or "—",
        extra=lambda r: r["entry__group__name"],
    )
    out.by_group = _lines(
        sales,
        ["entry__group", "entry__group__name", "entry__group__kecamatan__name"],
        lambda r: r["entry__group__name"],
        extra=lambda r: r["entry__group__kecamatan__name"],
    )
    out.by_kecamatan = _lines(
        sales,
        ["entry__group__kecamatan", "entry__group__kecamatan__name"],
        lambda r: r["entry__group__kecamatan__name"],
    )
    methods = dict(ExhibitionSale.Payment.choices)
    out.by_payment = _lines(sales, ["payment_method"], lambda r: str(methods.get(r["payment_method"], "")))
    out.by_day = sorted(_lines(sales, ["sold_on"], lambda r: r["sold_on"]), key=lambda line: line.label)
    totals = sales.aggregate(q=Sum("quantity"), a=Sum("amount"))
    out.total = Line("", totals["q"] or 0, totals["a"] or Decimal(0))
    leads = scope_queryset(user, BuyerLead.objects.filter(entry__exhibition=exhibition))
    out.lead_count = leads.count()
    # Who the buyers are: for those who keep the leads; leadership sees how many.
    if user.has_perm("exhibitions.view_buyerlead") and user.role != roles.LEADERSHIP:
        out.leads = list(leads.select_related("entry__group", "product").order_by("entry__group__name", "recorded_at"))
    return out
