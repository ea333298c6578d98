"""The report of one exhibition (`?pameran=<pk>`), as its page shows it: participants, sales by
product, KUB, kecamatan, payment method and day, and the buyer leads (for those who keep
them; a lead's contact as the privacy registry shows it to the reader)."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from accounts.scoping import get_scoped_or_404
from exhibitions import selectors
from exhibitions.models import BuyerLead, Exhibition

from . import register
from .base import (
    DATE,
    DATETIME,
    INTEGER,
    RUPIAH,
    Column,
    Export,
    Exporter,
    Sheet,
    as_number,
    columns,
    personal_column,
    yes_no,
)


def _lines_sheet(title: str, heading: str, lines, extra: str = "") -> Sheet:
    cols = columns(
        Column(heading, lambda line: line.label, 28, DATE if lines and hasattr(lines[0].label, "year") else "text"),
        Column(extra, lambda line: line.extra, 22) if extra else None,
        Column(_("terjual"), lambda line: line.quantity, 10, INTEGER),
        Column(_("nilai penjualan"), lambda line: as_number(line.amount), 16, RUPIAH),
    )
    return Sheet(title, cols, lines)


@register
class ExhibitionReportExporter(Exporter):
    kind = "laporan-pameran"
    title = gettext_lazy("Laporan pameran")

    def allowed(self, user) -> bool:
        return user.role in roles.CITY_WIDE and user.has_perm("exhibitions.view_exhibitionsale")

    def build(self, *, user, params) -> Export:
        try:
            pk = int(params.get("pameran", ""))
        except ValueError:
            raise Http404 from None
        exhibition = get_scoped_or_404(user, Exhibition.objects.all(), pk=pk)
        report = selectors.report(user=user, exhibition=exhibition)
        entries = Sheet(
            _("Peserta"),
            [
                Column(_("KUB"), lambda e: e.group.name, 28),
                Column(_("kecamatan"), lambda e: e.group.kecamatan.name, 16),
                Column(_("nomor stan"), lambda e: e.booth, 10),
                Column(_("status"), lambda e: e.get_status_display(), 14),
                Column(_("produk"), lambda e: e.product_count, 10, INTEGER),
                Column(_("terjual"), lambda e: e.sold_quantity, 10, INTEGER),
                Column(_("nilai penjualan"), lambda e: as_number(e.sold_amount), 16, RUPIAH),
            ],
            report.entries,
        )
        sheets = [
            entries,
            _lines_sheet(_("Per produk"), _("produk"), report.by_product, _("KUB")),
            _lines_sheet(_("Per KUB"), _("KUB"), report.by_group, _("kecamatan")),
            _lines_sheet(_("Per kecamatan"), _("kecamatan"), report.by_kecamatan),
            _lines_sheet(_("Per cara bayar"), _("cara bayar"), report.by_payment),
            _lines_sheet(_("Per hari"), _("tanggal"), report.by_day),
        ]
        if report.leads:
            cols = columns(
                Column(_("KUB"), lambda lead: lead.entry.group.name, 28),
                Column(_("produk"), lambda lead: lead.product.name if lead.product else "", 22),
                Column(_("nama calon pembeli"), lambda lead: lead.buyer_name, 22),
                personal_column(
                    user, BuyerLead, "buyer_contact", _("kontak"), lambda lead: lead.buyer_contact, width=20
                ),
                Column(_("minat"), lambda lead: lead.interest, 40),
                Column(_("setuju dihubungi"), lambda lead: yes_no(lead.consent), 10),
                Column(_("dicatat pada"), lambda lead: lead.recorded_at, 16, DATETIME),
            )
            sheets.append(Sheet(_("Calon pembeli"), cols, report.leads))
        words = [
            (_("Pameran"), f"{exhibition.name} ({exhibition.start_date:%d-%m-%Y} – {exhibition.end_date:%d-%m-%Y})"),
            (_("Calon pembeli"), str(report.lead_count)),
        ]
        return Export(_("Laporan pameran %(name)s") % {"name": exhibition.name}, words, sheets)
