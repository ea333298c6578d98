"""The answer to an access request (UU 27/2022 Pasal 32): one .xlsx with everything the portal
holds about one person and what was done with it. Written by reports.exports.writer, so every
text cell is safe from formula injection and the title block says who made it and when.

Sheets: the record itself (unmasked: it is the person's own data), consents, trainings and
attendance, KUB memberships, their businesses and the visits to them, referrals with their
status history, the banks the data was sent to, the audit entries about their records, the
exports of lists that may have included them (an export job records its filters, not its rows),
and their earlier requests.
"""

import datetime as dt

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from financing.models import LoanReferral, LoanReferralEvent, ReferralStatus
from groups.models import Membership
from inventory.models import Business, InventoryVisit
from participants.models import Consent, Participant
from reports.exports.base import DATE, DATETIME, NIK, RUPIAH, TEXT, Column, Export, Sheet
from reports.models import ExportJob
from trainings.models import Attendance, Enrollment

from .models import RestrictionLift, RightsRequest


def _cols(*spec) -> list[Column]:
    """Columns over tuple rows: (header, width, format) in order."""
    return [Column(header, (lambda row, i=i: row[i]), width, fmt) for i, (header, width, fmt) in enumerate(spec)]


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _record_sheet(p: Participant) -> Sheet:
    rows = [
        (_("NIK"), p.nik),
        (_("Nama lengkap"), p.name),
        (_("Jenis kelamin"), p.get_sex_display()),
        (_("Tanggal lahir"), p.birth_date.strftime("%d-%m-%Y")),
        (_("Nomor HP"), p.phone),
        (_("Alamat"), p.address),
        (_("Kelurahan"), p.kelurahan.name),
        (_("Kecamatan"), p.kelurahan.kecamatan.name),
        (_("Terdaftar"), timezone.localtime(p.created_at).strftime("%d-%m-%Y %H:%M")),
        (_("Didaftarkan oleh"), _who(p.registered_by)),
        (_("Pemrosesan dibatasi"), _("ya") if p.processing_restricted else _("tidak")),
    ]
    return Sheet(_("Data diri"), _cols((_("Data"), 24, NIK), (_("Isi"), 50, NIK)), rows)


def build(participant: Participant) -> Export:
    p = participant
    consents = [
        (
            c.get_purpose_display(),
            c.granted_at,
            c.get_method_display(),
            c.wording_version,
            _who(c.recorded_by),
            c.guardian_name,
            c.guardian_relation,
            c.withdrawn_at,
            c.withdrawn_reason,
        )
        for c in Consent.objects.filter(participant=p).select_related("recorded_by").order_by("granted_at")
    ]
    enrollments = [
        (
            e.batch.name,
            e.batch.craft_type.name if e.batch.craft_type_id else "",
            e.batch.kecamatan.name,
            e.batch.start_date,
            e.batch.end_date,
            e.attendance_rate,
            _("ya") if e.completed else _("tidak"),
            e.withdrawn_at,
        )
        for e in Enrollment.objects.filter(participant=p).select_related("batch__craft_type", "batch__kecamatan")
    ]
    attendance = [
        (a.session.batch.name, a.session.date, a.get_status_display())
        for a in Attendance.objects.filter(enrollment__participant=p)
        .select_related("session__batch")
        .order_by("session__date")
    ]
    memberships = [
        (m.group.name, m.get_role_display(), m.joined_on, m.left_on)
        for m in Membership.objects.filter(participant=p).select_related("group").order_by("joined_on")
    ]
    group_ids = [m.group_id for m in Membership.objects.filter(participant=p)]
    businesses = Business.objects.filter(Q(owner_participant=p) | Q(group__in=group_ids) | Q(owner_nik=p.nik))
    visits = [
        (v.business.name, v.visited_on, v.get_status_display(), _who(v.officer), v.notes)
        for v in InventoryVisit.objects.filter(business__in=businesses)
        .select_related("business", "officer")
        .order_by("visited_on")
    ]
    referrals = list(LoanReferral.objects.filter(participant=p).select_related("bank").order_by("created_at"))
    referral_rows = [
        (f"#{r.pk}", r.bank.name, r.purpose, r.amount_requested, r.get_status_display(), r.created_at)
        for r in referrals
    ]
    events = [
        (f"#{e.referral_id}", e.get_from_status_display() or "—", e.get_to_status_display(), e.at, _who(e.by))
        for e in LoanReferralEvent.objects.filter(referral__participant=p).select_related("by").order_by("at")
    ]
    # Sent to a bank: any referral that left the department's drafts.
    banks = sorted(
        {(r.bank.name, r.created_at.date()) for r in referrals if r.status != ReferralStatus.DRAFT},
        key=lambda b: b[1],
    )
    audit = [
        (
            e.timestamp,
            e.content_type.name,
            e.get_action_display(),
            ", ".join(sorted((e.changes or {}).keys())),
            _who(e.actor),
        )
        for e in _log_entries(p)
    ]
    exports = [
        (
            j.created_at,
            j.kind,
            "; ".join(f"{k}: {v}" for k, v in (j.filters or {}).items()),
            j.row_count,
            _who(j.requested_by),
        )
        for j in ExportJob.objects.filter(contains_personal_data=True, created_at__gte=p.created_at)
        .exclude(kind="akses-data")
        .select_related("requested_by")
        .order_by("created_at")
    ]
    requests = [
        (r.pk, r.get_kind_display(), r.received_at, r.get_status_display(), r.closed_at, r.outcome)
        for r in RightsRequest.objects.filter(participant=p).order_by("received_at")
    ]
    lifts = [
        (lift.restricted_at, lift.lifted_at, _who(lift.lifted_by), lift.reason, lift.request_id or "")
        for lift in RestrictionLift.objects.filter(participant=p).select_related("lifted_by").order_by("lifted_at")
    ]
    sheets = [
        _record_sheet(p),
        Sheet(
            _("Persetujuan"),
            _cols(
                (_("Keperluan"), 30, TEXT),
                (_("Diberikan"), 18, DATETIME),
                (_("Cara"), 20, TEXT),
                (_("Versi naskah"), 18, TEXT),
                (_("Dicatat oleh"), 20, TEXT),
                (_("Orang tua/wali"), 20, TEXT),
                (_("Hubungan"), 14, TEXT),
                (_("Ditarik"), 18, DATETIME),
                (_("Alasan penarikan"), 30, TEXT),
            ),
            consents,
        ),
        Sheet(
            _("Pelatihan"),
            _cols(
                (_("Angkatan"), 28, TEXT),
                (_("Kerajinan"), 20, TEXT),
                (_("Kecamatan"), 16, TEXT),
                (_("Mulai"), 12, DATE),
                (_("Selesai"), 12, DATE),
                (_("Kehadiran (%)"), 12, TEXT),
                (_("Lulus"), 8, TEXT),
                (_("Mengundurkan diri"), 18, DATETIME),
            ),
            enrollments,
        ),
        Sheet(
            _("Kehadiran"),
            _cols((_("Angkatan"), 28, TEXT), (_("Tanggal"), 12, DATE), (_("Kehadiran"), 14, TEXT)),
            attendance,
        ),
        Sheet(
            _("Keanggotaan KUB"),
            _cols((_("KUB"), 28, TEXT), (_("Jabatan"), 14, TEXT), (_("Masuk"), 12, DATE), (_("Keluar"), 12, DATE)),
            memberships,
        ),
        Sheet(
            _("Kunjungan usaha"),
            _cols(
                (_("Usaha"), 28, TEXT),
                (_("Tanggal"), 12, DATE),
                (_("Kondisi"), 14, TEXT),
                (_("Petugas"), 20, TEXT),
                (_("Catatan"), 40, TEXT),
            ),
            visits,
        ),
        Sheet(
            _("Rujukan"),
            _cols(
                (_("Rujukan"), 10, TEXT),
                (_("Bank"), 28, TEXT),
                (_("Keperluan"), 28, TEXT),
                (_("Diajukan (Rp)"), 16, RUPIAH),
                (_("Status"), 18, TEXT),
                (_("Dibuat"), 18, DATETIME),
            ),
            referral_rows,
        ),
        Sheet(
            _("Riwayat rujukan"),
            _cols(
                (_("Rujukan"), 10, TEXT),
                (_("Dari"), 18, TEXT),
                (_("Ke"), 18, TEXT),
                (_("Waktu"), 18, DATETIME),
                (_("Oleh"), 20, TEXT),
            ),
            events,
        ),
        Sheet(_("Bank penerima data"), _cols((_("Bank"), 30, TEXT), (_("Sejak"), 12, DATE)), banks),
        Sheet(
            _("Jejak audit"),
            _cols(
                (_("Waktu"), 18, DATETIME),
                (_("Catatan"), 22, TEXT),
                (_("Tindakan"), 12, TEXT),
                (_("Kolom diubah"), 40, TEXT),
                (_("Oleh"), 20, TEXT),
            ),
            audit,
        ),
        Sheet(
            _("Ekspor yang mungkin memuat"),
            _cols(
                (_("Waktu"), 18, DATETIME),
                (_("Jenis"), 16, TEXT),
                (_("Filter"), 50, TEXT),
                (_("Baris"), 8, TEXT),
                (_("Oleh"), 20, TEXT),
            ),
            exports,
        ),
        Sheet(
            _("Permintaan hak"),
            _cols(
                (_("Nomor"), 8, TEXT),
                (_("Jenis"), 24, TEXT),
                (_("Diterima"), 18, DATETIME),
                (_("Status"), 12, TEXT),
                (_("Ditutup"), 18, DATETIME),
                (_("Hasil"), 40, TEXT),
            ),
            requests,
        ),
        Sheet(
            _("Pembatasan dicabut"),
            _cols(
                (_("Dibatasi sejak"), 18, DATETIME),
                (_("Dicabut"), 18, DATETIME),
                (_("Oleh"), 20, TEXT),
                (_("Alasan"), 40, TEXT),
                (_("Permintaan"), 10, TEXT),
            ),
            lifts,
        ),
    ]
    return Export(_("Data pribadi peserta dan pemrosesannya"), [(_("Peserta"), p.name)], sheets)


def _log_entries(p: Participant):
    """Audit entries about the person's own records: their record, consents, enrolments,
    memberships, referrals and requests."""
    by_model = {
        Participant: [p.pk],
        Consent: list(Consent.objects.filter(participant=p).values_list("pk", flat=True)),
        Enrollment: list(Enrollment.objects.filter(participant=p).values_list("pk", flat=True)),
        Membership: list(Membership.objects.filter(participant=p).values_list("pk", flat=True)),
        LoanReferral: list(LoanReferral.objects.filter(participant=p).values_list("pk", flat=True)),
        RightsRequest: list(RightsRequest.objects.filter(participant=p).values_list("pk", flat=True)),
        RestrictionLift: list(RestrictionLift.objects.filter(participant=p).values_list("pk", flat=True)),
    }
    q = Q(pk__in=[])
    for model, pks in by_model.items():
        if pks:
            q |= Q(content_type=ContentType.objects.get_for_model(model), object_pk__in=[str(pk) for pk in pks])
    return LogEntry.objects.filter(q).select_related("content_type", "actor").order_by("timestamp", "pk")


def file_name(participant: Participant, when: dt.datetime) -> str:
    # No name or NIK in a file name (it ends up in logs and download folders): the record's number.
    return f"akses-data-{participant.pk}-{timezone.localtime(when):%Y%m%d-%H%M}.xlsx"
