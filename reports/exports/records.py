"""Exporters of products, businesses with their visits (the inventory list's own filters), and
exhibitions with their sales. Products and exhibitions have no portal list yet: registered
so the dashboard and the exhibition pages can add a button; until those lists bring their
own filter forms, they take the one filter every list has, `?kecamatan=<pk>` (in scope)."""

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scoping import scope_queryset
from exhibitions.models import Exhibition, ExhibitionEntry, ExhibitionSale
from groups.models import Product
from inventory import selectors as inventory_selectors
from inventory.forms import BusinessFilterForm
from inventory.models import Business, InventoryVisit
from regions.models import Kecamatan

from . import register
from .base import (
    DATE,
    INTEGER,
    NIK,
    RUPIAH,
    Column,
    Export,
    Exporter,
    Sheet,
    columns,
    form_words,
    personal_column,
    yes_no,
)


def _kecamatan(user, params: QueryDict) -> Kecamatan | None:
    value = params.get("kecamatan", "")
    if not str(value).isdigit():
        return None
    return scope_queryset(user, Kecamatan.objects.filter(pk=value)).first()


def _words(kecamatan: Kecamatan | None) -> list[tuple[str, str]]:
    return [(_("Kecamatan"), kecamatan.name)] if kecamatan else []


@register
class ProductExporter(Exporter):
    kind = "produk"
    title = gettext_lazy("Daftar produk KUB")
    contains_personal_data = False

    def allowed(self, user) -> bool:
        return user.has_perm("groups.view_product")

    def build(self, *, user, params) -> Export:
        kecamatan = _kecamatan(user, params)
        rows = scope_queryset(user, Product.objects.select_related("group__kecamatan", "craft_type"))
        if kecamatan:
            rows = rows.filter(group__kecamatan=kecamatan)
        cols = [
            Column(_("nama produk"), lambda p: p.name, 28),
            Column(_("KUB"), lambda p: p.group.name, 26),
            Column(_("kecamatan"), lambda p: p.group.kecamatan.name, 18),
            Column(_("jenis kerajinan"), lambda p: p.craft_type.name if p.craft_type_id else "", 18),
            Column(_("harga (Rp)"), lambda p: p.price, 14, RUPIAH),
            Column(_("status kurasi"), lambda p: p.get_curation_status_display(), 14),
        ]
        rows = rows.order_by("group__name", "name", "pk")
        return Export(self.title, _words(kecamatan), [Sheet(str(self.title), cols, rows)])


@register
class BusinessExporter(Exporter):
    """Businesses of the field inventory, and a sheet of their visits."""

    kind = "usaha"
    title = gettext_lazy("Inventaris usaha kreatif")

    def allowed(self, user) -> bool:
        return user.has_perm("inventory.view_business")

    def build(self, *, user, params) -> Export:
        # The inventory list's own search and filter (`/inventaris/`), in its order.
        form = BusinessFilterForm(params, user=user)
        values = form.values()
        businesses = inventory_selectors.business_list(user=user, q=values["q"], kecamatan=values["kecamatan"])

        def owner(b):
            if b.owner_participant_id:
                return b.owner_participant.name
            return b.group.name if b.group_id else b.owner_name

        business_cols = columns(
            Column(_("nama usaha"), lambda b: b.name, 28),
            Column(_("pemilik"), owner, 24),
            personal_column(user, Business, "owner_nik", _("NIK pemilik"), lambda b: b.owner_nik, width=20, format=NIK),
            personal_column(user, Business, "phone", _("nomor HP"), lambda b: b.phone),
            personal_column(user, Business, "address", _("alamat"), lambda b: b.address, width=36),
            Column(_("kelurahan"), lambda b: b.kelurahan.name, 20),
            Column(_("kecamatan"), lambda b: b.kelurahan.kecamatan.name, 18),
            Column(_("jenis kerajinan"), lambda b: b.craft_type.name if b.craft_type_id else "", 18),
            Column(_("NIB"), lambda b: b.nib, 16, NIK),
            Column(_("kondisi kunjungan terakhir"), lambda b: b.get_last_visit_status_display(), 16),
            Column(_("tanggal kunjungan terakhir"), lambda b: b.last_visited_on, 12, DATE),
        )
        sheets = [Sheet(_("Usaha"), business_cols, businesses)]
        if user.has_perm("inventory.view_inventoryvisit"):
            visits = scope_queryset(
                user,
                InventoryVisit.objects.filter(business__in=businesses.values("pk")).select_related(
                    "business__kelurahan", "officer"
                ),
            ).order_by("-visited_on", "-pk")
            visit_cols = columns(
                Column(_("tanggal kunjungan"), lambda v: v.visited_on, 12, DATE),
                Column(_("nama usaha"), lambda v: v.business.name, 28),
                Column(_("kelurahan"), lambda v: v.business.kelurahan.name, 20),
                Column(_("petugas"), lambda v: v.officer.username if v.officer_id else "", 16),
                Column(_("kondisi usaha"), lambda v: v.get_status_display(), 14),
                personal_column(user, InventoryVisit, "latitude", _("lintang"), lambda v: v.latitude, width=12),
                personal_column(user, InventoryVisit, "longitude", _("bujur"), lambda v: v.longitude, width=12),
                Column(_("direkomendasikan untuk pameran"), lambda v: yes_no(v.recommend_for_exhibition), 12),
                Column(_("catatan"), lambda v: v.notes, 36),
            )
            sheets.append(Sheet(_("Kunjungan"), visit_cols, visits))
        return Export(self.title, form_words(form), sheets)


@register
class ExhibitionExporter(Exporter):
    """Exhibitions, the KUBs taking part and what they sold."""

    kind = "pameran"
    title = gettext_lazy("Pameran dan penjualan")
    contains_personal_data = False

    def allowed(self, user) -> bool:
        return user.has_perm("exhibitions.view_exhibition") and user.has_perm("exhibitions.view_exhibitionentry")

    def build(self, *, user, params) -> Export:
        kecamatan = _kecamatan(user, params)
        entries = scope_queryset(user, ExhibitionEntry.objects.select_related("exhibition", "group__kecamatan"))
        if kecamatan:
            entries = entries.filter(group__kecamatan=kecamatan)
        sheets = [
            Sheet(
                _("Pameran"),
                [
                    Column(_("nama pameran"), lambda e: e.name, 30),
                    Column(_("jenis"), lambda e: e.get_kind_display(), 14),
                    Column(_("lokasi"), lambda e: e.location, 24),
                    Column(_("kota"), lambda e: e.city, 18),
                    Column(_("tanggal mulai"), lambda e: e.start_date, 12, DATE),
                    Column(_("tanggal selesai"), lambda e: e.end_date, 12, DATE),
                ],
                Exhibition.objects.order_by("-start_date", "pk"),
            ),
            Sheet(
                _("Peserta pameran"),
                [
                    Column(_("pameran"), lambda e: e.exhibition.name, 30),
                    Column(_("KUB"), lambda e: e.group.name, 26),
                    Column(_("kecamatan"), lambda e: e.group.kecamatan.name, 18),
                    Column(_("status"), lambda e: e.get_status_display(), 14),
                    Column(_("nomor stan"), lambda e: e.booth, 10),
                ],
                entries.order_by("-exhibition__start_date", "group__name", "pk"),
            ),
        ]
        if user.has_perm("exhibitions.view_exhibitionsale"):
            sales = scope_queryset(
                user,
                ExhibitionSale.objects.filter(entry__in=entries.values("pk")).select_related(
                    "entry__exhibition", "entry__group", "product"
                ),
            ).order_by("-sold_on", "pk")
            sheets.append(
                Sheet(
                    _("Penjualan"),
                    [
                        Column(_("tanggal"), lambda s: s.sold_on, 12, DATE),
                        Column(_("pameran"), lambda s: s.entry.exhibition.name, 30),
                        Column(_("KUB"), lambda s: s.entry.group.name, 26),
                        Column(_("produk"), lambda s: s.product.name if s.product_id else "", 24),
                        Column(_("jumlah terjual"), lambda s: s.quantity, 10, INTEGER),
                        Column(_("nilai penjualan (Rp)"), lambda s: s.amount, 14, RUPIAH),
                        Column(_("cara bayar"), lambda s: s.get_payment_method_display(), 12),
                    ],
                    sales,
                )
            )
        return Export(self.title, _words(kecamatan), sheets)
