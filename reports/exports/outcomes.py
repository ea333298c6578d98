"""The outcomes tables (`/laporan/capaian/`) as a workbook: per kecamatan, per batch (every
batch in scope, not one page of them) and per year. Figures only, no personal data."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports import kpi

from . import register
from .base import INTEGER, PERCENT, Column, Export, Exporter, Sheet, yes_no


def _met(outcome) -> str:
    return yes_no(outcome.met)


def _figures() -> list[Column]:
    return [
        Column(_("lulus pelatihan"), lambda o: o.completed, 12, INTEGER),
        Column(_("pelaku usaha nyata"), lambda o: o.real, 12, INTEGER),
        Column(_("capaian"), lambda o: o.share, 10, PERCENT),
        Column(
            _("target %(percent)d%% tercapai") % {"percent": round(kpi.target() * 100)}, lambda o: yes_no(o.met), 12
        ),
    ]


@register
class OutcomesExporter(Exporter):
    kind = "capaian"
    title = gettext_lazy("Capaian program")
    contains_personal_data = False
    background = True

    def allowed(self, user) -> bool:
        return user.has_perm("reports.view_outcomes")

    def _year(self, user, params) -> int | None:
        year = params.get("tahun", "")
        return int(year) if year.isdigit() and int(year) in kpi.batch_years(user=user) else None

    def describe(self, *, user, params) -> list[tuple[str, str]]:
        year = self._year(user, params)
        return [(_("Tahun"), str(year))] if year else []

    def build(self, *, user, params) -> Export:
        year = self._year(user, params)
        by_kecamatan = kpi.outcomes_by_kecamatan(user=user, year=year)
        total = kpi.outcome_sum(by_kecamatan)
        batches = kpi.outcomes_for_batches(kpi.batches_in_scope(user=user, year=year).select_related("kecamatan"))
        sheets = [
            Sheet(
                _("Per kecamatan"),
                [Column(_("kecamatan"), lambda o: o.subject.name if o.subject else _("Jumlah"), 20), *_figures()],
                [*by_kecamatan, total],
            ),
            Sheet(
                _("Per angkatan"),
                [
                    Column(_("angkatan"), lambda o: o.subject.name, 30),
                    Column(_("kecamatan"), lambda o: o.subject.kecamatan.name, 18),
                    Column(_("tanggal mulai"), lambda o: o.subject.start_date, 12, "date"),
                    *_figures(),
                ],
                batches,
            ),
            Sheet(
                _("Per tahun"),
                [Column(_("tahun"), lambda o: o.subject, 10), *_figures()],
                kpi.outcomes_by_year(user=user),
            ),
        ]
        words = [(_("Tahun"), str(year))] if year else []
        return Export(self.title, words, sheets)
