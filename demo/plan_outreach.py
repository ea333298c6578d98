"""Promotion and finance: three exhibitions with entries and sales, and loan referrals at every status."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from exhibitions.models import Exhibition, ExhibitionEntry
from financing.models import REFERRAL_TRANSITIONS, ReferralStatus
from groups.models import BusinessGroup, Product

from . import vocab
from .records import Plan, PlanEntry, PlanExhibition, PlanReferral, PlanStep

CITY_BORN = 2008  # Kota Tangerang Selatan was formed on 26 November 2008


def plan_exhibitions(plan: Plan) -> None:
    rng, today = plan.rng("exhibitions"), plan.today
    fair_year = today.year if today >= dt.date(today.year, 11, 26) else today.year - 1
    craft_year = today.year if today >= dt.date(today.year, 4, 26) else today.year - 1
    fair = PlanExhibition(
        name=f"Pameran Produk Kreatif HUT ke-{fair_year - CITY_BORN} Kota Tangerang Selatan",
        kind=Exhibition.Kind.LOCAL_FAIR,
        location="Lapangan Cilenggang, Serpong",
        city="Tangerang Selatan",
        start=dt.date(fair_year, 11, 20),
        end=dt.date(fair_year, 11, 26),
        description="Pameran tahunan menyambut hari jadi Kota Tangerang Selatan, 26 November.",
    )
    craft_fair = PlanExhibition(
        name=f"INACRAFT {craft_year}",
        kind=Exhibition.Kind.OUT_OF_TOWN,
        location="Jakarta Convention Center, Senayan",
        city="Jakarta",
        start=dt.date(craft_year, 4, 22),
        end=dt.date(craft_year, 4, 26),
        description="Pameran kerajinan nasional; KUB binaan tampil di stan bersama Kota Tangerang Selatan.",
    )
    ministry = PlanExhibition(
        name="Etalase Produk IKM Kota Tangerang Selatan di Kementerian Perindustrian",
        kind=Exhibition.Kind.MINISTRY,
        location="Lobi Gedung Kementerian Perindustrian, Jl. Jend. Gatot Subroto Kav. 52–53",
        city="Jakarta Selatan",
        start=today - dt.timedelta(days=20),
        end=today + dt.timedelta(days=40),
        description="Etalase produk unggulan KUB binaan Disperindag di lobi Kemenperin, bergilir tiap dua bulan.",
    )
    approved: dict[int, list[tuple[int, dt.date]]] = {}
    for i, product in enumerate(plan.products):
        if product.curation == Product.Curation.APPROVED:
            approved.setdefault(product.kub, []).append((i, product.curated_on))
    # Its own generator, so that the payment methods leave every other draw of the demo as it was.
    payments = plan.rng("exhibition-payments")
    methods, weights = ["cash", "qris", "transfer", "other"], [50, 35, 12, 3]
    for exhibition, shown, booth, sale_chance in (
        (fair, 14, "A-{:02d}", 0.6),
        (craft_fair, 5, "Hall B No. {}", 0.7),
        (ministry, 6, "Etalase {}", 0.15),
    ):
        eligible = []
        for kub_index, kub in enumerate(plan.kubs):
            products = [i for i, day in approved.get(kub_index, []) if day <= exhibition.start]
            if kub.status == BusinessGroup.Status.ACTIVE and products:
                eligible.append((kub_index, products))
        chosen = rng.sample(eligible, min(len(eligible), shown + 3))
        exhibition.booth_count = shown + 2
        for n, (kub_index, products) in enumerate(chosen):
            entry = PlanEntry(kub=kub_index, products=products, status="", booth="", notes="")
            if n < shown:
                ongoing = exhibition.end >= today
                entry.status = ExhibitionEntry.Status.EXHIBITED
                entry.booth = booth.format(n + 1)
                last_day = min(exhibition.end, today - dt.timedelta(days=1))
                day = exhibition.start
                while day <= last_day:
                    if rng.random() < sale_chance:
                        product = rng.choice(products)
                        quantity = rng.randint(1, 6)
                        method = payments.choices(methods, weights)[0]
                        entry.sales.append((product, day, quantity, quantity * plan.products[product].price, method))
                    day += dt.timedelta(days=1)
                entry.notes = "Tampil sampai akhir periode etalase." if ongoing else ""
            elif n == shown:
                entry.status = ExhibitionEntry.Status.WITHDRAWN
                entry.notes = "Ketua berhalangan; stok belum cukup."
            elif exhibition.end >= today:
                entry.status = ExhibitionEntry.Status.PROPOSED
                entry.notes = "Diusulkan untuk rotasi etalase berikutnya."
            else:
                entry.status = ExhibitionEntry.Status.DECLINED
                entry.notes = "Kuota stan sudah penuh."
            exhibition.entries.append(entry)
        plan.exhibitions.append(exhibition)


STEP_DAYS = {
    ReferralStatus.REFERRED: (1, 7),
    ReferralStatus.DOCUMENTS_COMPLETE: (3, 21),
    ReferralStatus.UNDER_REVIEW: (2, 10),
    ReferralStatus.APPROVED: (7, 30),
    ReferralStatus.REJECTED: (7, 30),
    ReferralStatus.DISBURSED: (3, 14),
    ReferralStatus.CLOSED: (7, 30),
}
BANK_STEPS = {ReferralStatus.UNDER_REVIEW, ReferralStatus.APPROVED, ReferralStatus.REJECTED, ReferralStatus.DISBURSED}
STATUS_WEIGHTS = {
    ReferralStatus.DRAFT: 7,
    ReferralStatus.REFERRED: 10,
    ReferralStatus.DOCUMENTS_COMPLETE: 10,
    ReferralStatus.UNDER_REVIEW: 10,
    ReferralStatus.APPROVED: 8,
    ReferralStatus.REJECTED: 10,
    ReferralStatus.DISBURSED: 20,
    ReferralStatus.CLOSED: 25,
}
FINAL_STATUSES = {ReferralStatus.REJECTED, ReferralStatus.DISBURSED, ReferralStatus.CLOSED}
BANK_WEIGHTS = {"BRI": 40, "BJB": 20, "Bank Banten": 15, "BNI": 10, "Mandiri": 8, "BSI": 7}


def referral_path(final: str, rng) -> list[str]:
    """Statuses from draft to `final`, each move one of REFERRAL_TRANSITIONS."""
    base = [
        ReferralStatus.DRAFT,
        ReferralStatus.REFERRED,
        ReferralStatus.DOCUMENTS_COMPLETE,
        ReferralStatus.UNDER_REVIEW,
    ]
    if final in base:
        path = base[: base.index(final) + 1]
    elif final == ReferralStatus.APPROVED:
        path = base + [ReferralStatus.APPROVED]
    elif final == ReferralStatus.REJECTED:
        path = base + [ReferralStatus.REJECTED]
    elif final == ReferralStatus.DISBURSED:
        path = base + [ReferralStatus.APPROVED, ReferralStatus.DISBURSED]
    else:
        paid = rng.random() < 0.8
        ending = [ReferralStatus.APPROVED, ReferralStatus.DISBURSED] if paid else [ReferralStatus.REJECTED]
        path = base + ending + [ReferralStatus.CLOSED]
    for before, after in zip(path, path[1:], strict=False):
        if after not in REFERRAL_TRANSITIONS[before]:
            raise AssertionError(f"{before} -> {after} is not a referral move")
    return path


def _applicants(plan: Plan) -> list[tuple[int | None, int | None, int, dt.date]]:
    """(participant, kub, kecamatan, ready from) of everyone a referral could be for."""
    out = []
    for m in plan.memberships:
        if m.left_on is None and plan.kubs[m.kub].status == BusinessGroup.Status.ACTIVE:
            out.append((m.participant, None, plan.kubs[m.kub].kecamatan, m.joined_on))
    for business in plan.businesses:
        if business.owner is not None and business.last_visited_on:
            out.append((business.owner, None, business.kecamatan, business.last_visited_on))
    for kub_index, kub in enumerate(plan.kubs):
        if kub.status == BusinessGroup.Status.ACTIVE:
            out.append((None, kub_index, kub.kecamatan, kub.formed_on))
    return out


def plan_referrals(plan: Plan, size: int) -> None:
    rng, today = plan.rng("referrals"), plan.today
    zone = ZoneInfo(settings.TIME_ZONE)
    branches = {short: branch for _name, short, branch in vocab.BANKS}
    applicants = _applicants(plan)
    if not applicants:
        return
    # A referral is cancelled only by a withdrawn bank consent, which the demo does not plan.
    statuses = [status for status in ReferralStatus if status != ReferralStatus.CANCELLED]
    used: set[tuple[int | None, int | None]] = set()
    for n in range(max(32, round(size * 0.06))):
        if n < 2 * len(statuses):
            final = statuses[n // 2]
            bank = "BRI" if n % 2 == 0 else rng.choice(list(BANK_WEIGHTS)[1:])
        else:
            final = rng.choices(statuses, weights=[STATUS_WEIGHTS[s] for s in statuses])[0]
            bank = rng.choices(list(BANK_WEIGHTS), weights=list(BANK_WEIGHTS.values()))[0]
        path = referral_path(final, rng)
        gaps = [rng.randint(*STEP_DAYS[status]) for status in path[1:]]
        latest = today - dt.timedelta(days=1 + sum(gaps) + rng.randint(0, 20 if final != "draft" else 5))
        for _attempt in range(30):
            participant, kub, k, ready = rng.choice(applicants)
            if (participant, kub) not in used and ready + dt.timedelta(days=7) <= latest:
                break
        else:
            continue
        used.add((participant, kub))
        earliest = max(ready + dt.timedelta(days=7), today - dt.timedelta(days=540))
        if final not in FINAL_STATUSES:
            earliest = max(earliest, latest - dt.timedelta(days=45))  # a case in progress started lately
        day = earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))
        requested = rng.randint(25, 150) * 1_000_000 if kub is not None else rng.randint(10, 100) * 500_000
        approved = max(500_000, round(requested * rng.uniform(0.6, 1.0) / 500_000) * 500_000)
        steps = []
        for i, status in enumerate(path):
            if i:
                day += dt.timedelta(days=gaps[i - 1])
            at = dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.randint(0, 59)), tzinfo=zone)
            by = ("bank.bri" if bank == "BRI" else "staf") if status in BANK_STEPS else "staf"
            step = PlanStep(status=status, at=at, by=by, note=_note(rng, status, bank, branches[bank], approved))
            if status == ReferralStatus.APPROVED:
                step.amount_approved = approved
            if status == ReferralStatus.DISBURSED:
                step.amount_disbursed = approved
            steps.append(step)
        plan.referrals.append(
            PlanReferral(
                bank=bank,
                participant=participant,
                kub=kub,
                kecamatan=k,
                purpose=rng.choice(vocab.LOAN_PURPOSES),
                amount_requested=requested,
                steps=steps,
            )
        )


def _note(rng, status: str, bank: str, branch: str, approved: int) -> str:
    by_letter = "" if bank == "BRI" else " (dicatat dari surat bank)"
    if status == ReferralStatus.REFERRED:
        return f"Dirujuk ke {bank} {branch}."
    if status == ReferralStatus.DOCUMENTS_COMPLETE:
        return "Berkas lengkap: KTP, KK, NIB, foto usaha."
    if status == ReferralStatus.UNDER_REVIEW:
        return "Survei lokasi usaha oleh analis bank." + by_letter
    if status == ReferralStatus.APPROVED:
        return f"Disetujui Rp {approved:,}.".replace(",", ".") + by_letter
    if status == ReferralStatus.REJECTED:
        return rng.choice(vocab.REJECTION_NOTES) + by_letter
    if status == ReferralStatus.DISBURSED:
        return "Dana dicairkan ke rekening peminjam." + by_letter
    if status == ReferralStatus.CLOSED:
        return "Rujukan selesai."
    return ""
