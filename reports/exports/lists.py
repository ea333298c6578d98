"""Exporters of the portal's lists. Each builds the list's own filter form from the list's
query parameters and calls the list's own selector, so a file holds what the page shows."""

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from accounts.scoping import scope_queryset
from financing import selectors as financing_selectors
from financing.forms import ReferralFilterForm
from financing.models import LoanReferral
from groups import selectors as groups_selectors
from groups.forms import GroupFilterForm
from groups.models import BusinessGroup, Membership
from participants import selectors as participants_selectors
from participants.forms import ParticipantFilterForm
from participants.models import Participant
from regions.models import Kecamatan
from reports.models import ExportJob
from trainings import selectors as trainings_selectors
from trainings.forms import BatchFilterForm
from trainings.models import Attendance, Enrollment

from . import register
from .base import (
    DATE,
    DATETIME,
    INTEGER,
    NIK,
    PERCENT,
    RUPIAH,
    Column,
    Export,
    Exporter,
    Sheet,
    as_date,
    choice_column,
    columns,
    form_words,
    personal_column,
    yes_no,
    yes_no_column,
)


def _participant_columns(user, get=lambda row: row) -> list[Column | None]:
    """NIK, phone, birth date and address of the participant `get(row)`, as `user` may see them."""
    return [
        personal_column(user, Participant, "nik", _("NIK"), lambda r: get(r).nik, width=20, format=NIK),
        personal_column(user, Participant, "birth_date", _("tanggal lahir"), lambda r: get(r).birth_date, format=DATE),
        personal_column(user, Participant, "phone", _("nomor HP"), lambda r: get(r).phone),
        personal_column(user, Participant, "address", _("alamat"), lambda r: get(r).address, width=40),
    ]


@register
class ParticipantExporter(Exporter):
    kind = "peserta"
    title = gettext_lazy("Daftar peserta")

    def allowed(self, user) -> bool:
        return user.has_perm("participants.view_participant")

    def build(self, *, user, params) -> Export:
        form = ParticipantFilterForm(params, user=user)
        values = form.values()
        rows = participants_selectors.participant_list(
            user=user,
            **{name: values[name] for name in ("q", "kecamatan", "kelurahan", "craft", "batch", "status")},
            sort=values["sort"],
        ).filter(processing_restricted=False)  # restricted or anonymised: not exported (privacy.services)
        cols = columns(
            Column(_("nama lengkap"), lambda p: p.name, 28),
            *_participant_columns(user),
            choice_column(_("jenis kelamin"), lambda p: p.sex, Participant.Sex.choices, 12),
            Column(_("kelurahan"), lambda p: p.kelurahan.name, 20),
            Column(_("kecamatan"), lambda p: p.kelurahan.kecamatan.name, 18),
            Column(_("terdaftar"), lambda p: as_date(p.created_at), 12, DATE),
            yes_no_column(_("persetujuan data pribadi"), lambda p: p.consent_given),
        )
        if form.show_status:
            cols += [
                yes_no_column(_("lulus pelatihan"), lambda p: p.completed),
                yes_no_column(_("anggota KUB aktif"), lambda p: p.in_kub),
                yes_no_column(_("pelaku usaha nyata"), lambda p: p.is_real),
            ]
        # The status flags as the list computes them for a page, here for each chunk of rows.
        flags = participants_selectors.participant_flags if form.show_status else None
        return Export(self.title, form_words(form), [Sheet(str(self.title), cols, rows, batch=flags)])


@register
class BatchExporter(Exporter):
    kind = "angkatan"
    title = gettext_lazy("Daftar angkatan pelatihan")
    contains_personal_data = False

    def allowed(self, user) -> bool:
        return user.has_perm("trainings.view_trainingbatch")

    def build(self, *, user, params) -> Export:
        form = BatchFilterForm(params or None, user=user)
        rows = trainings_selectors.batch_list(user=user, **form.filters())
        cols = [
            Column(_("nama angkatan"), lambda b: b.name, 30),
            Column(_("jenis kerajinan"), lambda b: b.craft_type.name, 18),
            Column(_("kecamatan"), lambda b: b.kecamatan.name, 18),
            Column(_("tempat"), lambda b: b.venue.name if b.venue else "", 24),
            Column(_("pelatih"), lambda b: b.trainer.name if b.trainer else "", 22),
            Column(_("tanggal mulai"), lambda b: b.start_date, 12, DATE),
            Column(_("tanggal selesai"), lambda b: b.end_date, 12, DATE),
            Column(_("kapasitas"), lambda b: b.capacity, 10, INTEGER),
            Column(_("peserta terdaftar"), lambda b: b.enrolled, 10, INTEGER),
            Column(_("status"), lambda b: b.get_status_display(), 14),
        ]
        words = form_words(form) if form.is_bound else []
        return Export(self.title, words, [Sheet(str(self.title), cols, rows)])


@register
class AttendanceExporter(Exporter):
    """The roster of one batch (`?angkatan=<pk>`) with each session's attendance."""

    kind = "kehadiran"
    title = gettext_lazy("Kehadiran angkatan")

    def allowed(self, user) -> bool:
        return user.has_perm("trainings.view_trainingbatch") and user.has_perm("trainings.view_attendance")

    def build(self, *, user, params) -> Export:
        from django.http import Http404

        try:
            pk = int(params.get("angkatan", ""))
        except ValueError:
            raise Http404 from None
        batch = trainings_selectors.batch_get(user=user, pk=pk)
        sessions = list(batch.sessions.order_by("date", "start_time"))
        marks = {
            (a["enrollment_id"], a["session_id"]): a["status"]
            for a in Attendance.objects.filter(session__batch=batch).values("enrollment_id", "session_id", "status")
        }
        statuses = dict(Attendance.Status.choices)

        def mark(session):
            return lambda e: str(statuses.get(marks.get((e.pk, session.pk)), ""))

        rows = scope_queryset(
            user, Enrollment.objects.filter(batch=batch).select_related("participant__kelurahan")
        ).order_by("participant__name", "pk")
        cols = columns(
            Column(_("nama lengkap"), lambda e: e.participant.name, 28),
            *_participant_columns(user, lambda e: e.participant)[:1],
            Column(_("kelurahan"), lambda e: e.participant.kelurahan.name, 20),
            *[Column(f"{s.date:%d-%m-%Y} {s.start_time:%H:%M}", mark(s), 12) for s in sessions],
            Column(_("persentase kehadiran"), lambda e: e.attendance_rate, 12, PERCENT),
            Column(_("lulus"), lambda e: yes_no(e.completed), 8),
            Column(_("mengundurkan diri pada"), lambda e: e.withdrawn_at, 16, DATETIME),
        )
        words = [(_("Angkatan"), f"{batch.name} ({batch.kecamatan.name}, {batch.start_date:%d-%m-%Y})")]
        return Export(
            _("Kehadiran angkatan %(name)s") % {"name": batch.name}, words, [Sheet(_("Kehadiran"), cols, rows)]
        )


@register
class GroupExporter(Exporter):
    """KUBs with their members: one sheet of KUBs, one of memberships (one row each)."""

    kind = "kub"
    title = gettext_lazy("Daftar KUB dan anggotanya")

    def allowed(self, user) -> bool:
        return user.has_perm("groups.view_businessgroup")

    def build(self, *, user, params) -> Export:
        form = GroupFilterForm(params, kecamatan_qs=scope_queryset(user, Kecamatan.objects.all()))
        form.is_valid()
        data = form.cleaned_data
        groups = groups_selectors.group_list(
            user=user,
            q=(data.get("q") or "").strip(),
            kecamatan=data.get("kecamatan"),
            status=data.get("status") or "",
            craft_type=data.get("craft"),
            sort=data.get("sort") or "name",
        )
        status_labels = dict(BusinessGroup.Status.choices)
        group_cols = [
            Column(_("nama KUB"), lambda g: g.name, 28),
            Column(_("kecamatan"), lambda g: g.kecamatan.name, 18),
            Column(_("jenis kerajinan"), lambda g: g.craft_type.name, 18),
            Column(_("status"), lambda g: str(status_labels[groups_selectors.group_shown_status(g)]), 14),
            Column(_("anggota aktif"), lambda g: g.active_member_count, 10, INTEGER),
            Column(_("tanggal dibentuk"), lambda g: g.formed_on, 12, DATE),
        ]
        sheets = [Sheet(_("KUB"), group_cols, groups)]
        if user.has_perm("groups.view_membership"):
            members = (
                scope_queryset(user, Membership.objects.filter(group__in=groups.values("pk")))
                .select_related("group__kecamatan", "participant__kelurahan")
                .order_by("group__name", "group__pk", F("left_on").desc(nulls_first=True), "participant__name", "pk")
            )
            roles_labels = dict(Membership.Role.choices)
            member_cols = columns(
                Column(_("nama KUB"), lambda m: m.group.name, 28),
                Column(_("kecamatan"), lambda m: m.group.kecamatan.name, 18),
                Column(_("nama anggota"), lambda m: m.participant.name, 28),
                *_participant_columns(user, lambda m: m.participant)[:1],
                personal_column(user, Participant, "phone", _("nomor HP"), lambda m: m.participant.phone),
                Column(_("kelurahan"), lambda m: m.participant.kelurahan.name, 20),
                Column(_("jabatan"), lambda m: str(roles_labels.get(m.role, m.role)), 12),
                Column(_("tanggal masuk"), lambda m: m.joined_on, 12, DATE),
                Column(_("tanggal keluar"), lambda m: m.left_on, 12, DATE),
            )
            sheets.append(Sheet(_("Anggota"), member_cols, members))
        return Export(self.title, form_words(form), sheets)


@register
class ReferralExporter(Exporter):
    kind = "rujukan"
    title = gettext_lazy("Daftar rujukan pinjaman")

    def allowed(self, user) -> bool:
        # Leadership sees totals only: no export of individual referrals or amounts.
        return user.has_perm("financing.view_loanreferral") and financing_selectors.may_see_referrals(user)

    def build(self, *, user, params) -> Export:
        form = ReferralFilterForm(params, user=user)
        rows = financing_selectors.referral_list(user=user, **form.values())
        statuses = dict(LoanReferral.Status.choices)

        def withheld(r) -> bool:
            # A referral cancelled because the person withdrew the bank consent: the bank's
            # export, like its pages, keeps the row (it ended) without who or what it was.
            return financing_selectors.applicant_withheld(user=user, referral=r)

        def applicant(r):
            if withheld(r):
                return _("(data pemohon tidak ditampilkan)")
            return r.participant.name if r.participant_id else r.group.name

        cols = columns(
            Column(_("nomor"), lambda r: r.pk, 8, INTEGER),
            Column(_("pemohon"), applicant, 28),
            Column(_("jenis pemohon"), lambda r: _("Perorangan") if r.participant_id else _("KUB"), 12),
            personal_column(
                user,
                Participant,
                "nik",
                _("NIK"),
                lambda r: r.participant.nik if r.participant_id and not withheld(r) else "",
                format=NIK,
            ),
            Column(_("bank"), lambda r: r.bank.short_name, 10),
            Column(_("kecamatan"), lambda r: r.kecamatan.name, 18),
            Column(_("keperluan pinjaman"), lambda r: "" if withheld(r) else r.purpose, 30),
            *[
                personal_column(
                    user,
                    LoanReferral,
                    name,
                    header,
                    lambda r, n=name: None if withheld(r) else getattr(r, n),
                    format=RUPIAH,
                )
                for name, header in (
                    ("amount_requested", _("jumlah diajukan (Rp)")),
                    ("amount_approved", _("jumlah disetujui (Rp)")),
                    ("amount_disbursed", _("jumlah dicairkan (Rp)")),
                )
            ],
            personal_column(
                user, LoanReferral, "status", _("status"), lambda r: str(statuses.get(r.status, r.status)), width=18
            ),
            personal_column(
                user,
                LoanReferral,
                "status_changed_at",
                _("status diubah"),
                lambda r: r.status_changed_at,
                format=DATETIME,
            ),
            Column(_("dirujuk"), lambda r: r.created_at, 16, DATETIME),
        )
        return Export(self.title, form_words(form), [Sheet(str(self.title), cols, rows)])


@register
class ExportLogExporter(Exporter):
    """The export log itself (who took what out, when, with which filters): admins only."""

    kind = "log-ekspor"
    title = gettext_lazy("Log ekspor")
    contains_personal_data = False

    def allowed(self, user) -> bool:
        return user.role == roles.ADMIN

    def build(self, *, user, params) -> Export:
        from . import REGISTRY

        rows = ExportJob.objects.select_related("requested_by").order_by("-created_at", "-pk")
        statuses = dict(ExportJob.Status.choices)

        def kind(job):
            exporter = REGISTRY.get(job.kind)
            return str(exporter.title) if exporter else job.kind

        cols = [
            Column(_("diminta pada"), lambda j: j.created_at, 16, DATETIME),
            Column(_("diminta oleh"), lambda j: j.requested_by.username if j.requested_by else "", 18),
            Column(_("daftar"), kind, 26),
            Column(_("filter"), lambda j: "; ".join(f"{k}: {v}" for k, v in (j.filters or {}).items()), 40),
            Column(_("jumlah baris"), lambda j: j.row_count, 10, INTEGER),
            Column(_("berisi data pribadi"), lambda j: yes_no(j.contains_personal_data), 10),
            Column(_("status"), lambda j: str(statuses.get(j.status, j.status)), 12),
            Column(_("selesai pada"), lambda j: j.finished_at, 16, DATETIME),
        ]
        return Export(self.title, [], [Sheet(str(self.title), cols, rows)])
