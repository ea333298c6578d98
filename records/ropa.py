"""The record of processing activities (UU 27/2022 Pasal 31), generated from the portal's own
configuration, so it cannot drift from what the portal does:

- purposes: `participants.Consent.Purpose` (each consent purpose is one activity) and the
  activities that rest on the department's public task or a legal duty;
- data: the personal fields of the privacy registry (`core.privacy.REGISTRY`) of the models
  each activity uses, with their verbose names, plus the other fields a person is known by;
- roles: who sees each kind of data in full and who masked (`accounts.roles`);
- retention: `settings.RETENTION` when it is defined (kind -> period), else
  `settings.RETENTION_YEARS`;
- recipients: the banks of the database for referrals, the public for the catalogue.
"""

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _

from accounts import roles
from core import privacy
from financing.models import Bank
from participants.models import Consent

# Fields that name or reach a person without being masked anywhere (the registry lists only
# those shown differently per role).
IDENTIFYING = {"participants.Participant": ["name", "sex", "kelurahan"], "inventory.Business": ["owner_name"]}


@dataclass
class Activity:
    purpose: str
    basis: str
    subjects: str
    data: list[str]
    full_access: list[str]
    masked_access: list[str]
    retention: str
    recipients: list[str]


def retention_text(kind: str) -> str:
    configured = getattr(settings, "RETENTION", None)
    if isinstance(configured, dict) and kind in configured:
        value = configured[kind]
        if isinstance(value, dt.timedelta):
            return _("%(days)d hari") % {"days": value.days}
        if isinstance(value, int):
            return _("%(years)d tahun") % {"years": value}
        return str(value)
    years = settings.RETENTION_YEARS.get(kind)
    return _("%(years)d tahun") % {"years": years} if years is not None else "—"


def _fields(labels: list[str]) -> list[str]:
    """The personal data of these models, as "model: field (kind)"."""
    out = []
    for label in labels:
        model = apps.get_model(label)
        names = [*IDENTIFYING.get(label, []), *privacy.rules(label)]
        for name in dict.fromkeys(names):
            try:
                field = model._meta.get_field(name)
            except Exception:  # a name this version of the model does not have
                continue
            rule = privacy.rule(label, name)
            kind = _(" (data keuangan, spesifik)") if rule and rule.kind is privacy.Kind.LOAN else ""
            out.append(f"{model._meta.verbose_name}: {field.verbose_name}{kind}")
    return out


def _roles(kind: privacy.Kind) -> tuple[list[str], list[str]]:
    full = roles.SEES_LOAN_DATA if kind is privacy.Kind.LOAN else roles.SEES_PERSONAL_DATA
    return (
        [str(roles.ROLE_LABELS[r]) for r in roles.ALL_ROLES if r in full],
        [str(roles.ROLE_LABELS[r]) for r in roles.ALL_ROLES if r not in full],
    )


def activities() -> list[Activity]:
    people, masked = _roles(privacy.Kind.PERSONAL)
    loans, loans_masked = _roles(privacy.Kind.LOAN)
    banks = [f"{b.name}{f' ({b.branch})' if b.branch else ''}" for b in Bank.objects.order_by("name")]
    consent = _("Persetujuan (Pasal 20 ayat 2 huruf a)")
    participants = _("Peserta pelatihan")
    per_purpose = {
        Consent.Purpose.PROGRAMME: Activity(
            purpose="",
            basis=consent,
            subjects=participants,
            data=_fields(
                [
                    "participants.Participant",
                    "trainings.Enrollment",
                    "trainings.Attendance",
                    "groups.Membership",
                    "participants.Consent",
                ]
            ),
            full_access=people,
            masked_access=masked,
            retention=retention_text("participant"),
            recipients=[_("Tidak ada pihak luar: hanya Disperindag Kota Tangerang Selatan")],
        ),
        Consent.Purpose.PUBLISH_NAME: Activity(
            purpose="",
            basis=consent,
            subjects=_("Anggota KUB"),
            data=[f"{_('peserta')}: {_('nama')}", f"{_('KUB')}: {_('produk')}"],
            full_access=people,
            masked_access=[],
            retention=_("selama persetujuan berlaku"),
            recipients=[_("Publik, melalui katalog produk (/katalog/)")],
        ),
        Consent.Purpose.BANK_REFERRAL: Activity(
            purpose="",
            basis=consent,
            subjects=_("Peserta dan KUB yang dirujuk"),
            data=_fields(["participants.Participant", "financing.LoanReferral", "financing.LoanReferralEvent"]),
            full_access=loans,
            masked_access=loans_masked,
            retention=retention_text("referral"),
            recipients=banks or [_("(belum ada bank mitra)")],
        ),
        Consent.Purpose.PHOTOS: Activity(
            purpose="",
            basis=consent,
            subjects=participants,
            data=[_("Foto diri dan foto kegiatan")],
            full_access=people,
            masked_access=[],
            retention=retention_text("photo"),
            recipients=[_("Tidak ada pihak luar: hanya Disperindag Kota Tangerang Selatan")],
        ),
    }
    out = []
    for purpose, activity in per_purpose.items():
        activity.purpose = str(purpose.label)
        out.append(activity)
    public_task = _("Tugas pelayanan publik (Pasal 20 ayat 2 huruf e)")
    out += [
        Activity(
            purpose=_("Pendataan usaha kreatif oleh petugas lapangan"),
            basis=public_task,
            subjects=_("Pemilik usaha kreatif"),
            data=_fields(["inventory.Business", "inventory.InventoryVisit"]),
            full_access=people,
            masked_access=masked,
            retention=retention_text("business"),
            recipients=[_("Tidak ada pihak luar: hanya Disperindag Kota Tangerang Selatan")],
        ),
        Activity(
            purpose=_("Jejak audit dan akun pengguna portal"),
            basis=_("Kewajiban hukum (Pasal 20 ayat 2 huruf c)"),
            subjects=_("Pengguna portal dan orang yang datanya diubah"),
            data=[
                *_fields(["accounts.User"]),
                _("jejak audit: siapa mengubah apa dan kapan (NIK, HP, alamat disamarkan)"),
            ],
            full_access=[str(roles.ROLE_LABELS[roles.ADMIN]), str(roles.ROLE_LABELS[roles.STAFF])],
            masked_access=[],
            retention=retention_text("audit"),
            recipients=[_("Tidak ada pihak luar: hanya Disperindag Kota Tangerang Selatan")],
        ),
        Activity(
            purpose=_("Calon pembeli yang ditemui di stan pameran"),
            basis=consent,
            subjects=_("Pengunjung pameran yang setuju dihubungi"),
            data=[f"{_('calon pembeli')}: {_('nama')}, {_('kontak')}, {_('minat')}"],
            full_access=[str(roles.ROLE_LABELS[r]) for r in (roles.ADMIN, roles.STAFF, roles.FIELD_OFFICER)],
            masked_access=[],
            retention=_("selama persetujuan berlaku"),
            recipients=[_("KUB yang produknya diminati, melalui Disperindag")],
        ),
        Activity(
            purpose=_("Log peristiwa keamanan (masuk, gagal masuk, akses ditolak, ekspor, berkas dilihat)"),
            basis=_("Kewajiban hukum (Pasal 20 ayat 2 huruf c)"),
            subjects=_("Pengguna portal dan siapa pun yang mencoba masuk"),
            data=[_("alamat IP, akun (nomor dan peran), alamat halaman tanpa parameter, jenis dan nomor data")],
            full_access=[str(roles.ROLE_LABELS[roles.ADMIN])],
            masked_access=[],
            retention=_("%(days)d hari") % {"days": settings.SECURITY_EVENT_RETENTION_DAYS},
            recipients=[_("Tidak ada pihak luar: hanya Disperindag Kota Tangerang Selatan")],
        ),
    ]
    return out
