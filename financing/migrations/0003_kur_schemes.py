"""The KUR schemes of Permenko Perekonomian 1/2022 as amended up to 12/2025 (DOMAIN.md §2) and
the documents banks usually ask for. Figures exactly as DOMAIN.md gives them; what it does not
give (tenors, most collateral) is left empty for staff to fill in the admin."""

from decimal import Decimal

from django.db import migrations

JUTA = Decimal(1_000_000)

DOCUMENTS = [
    # code, name, required above (Rp), condition
    ("ektp", "e-KTP", None, ""),
    ("kk", "Kartu Keluarga (KK)", None, ""),
    ("akta-nikah", "Akta atau buku nikah", None, "bila sudah menikah"),
    ("nib-sku", "NIB atau surat keterangan usaha dari kelurahan", None, ""),
    ("npwp", "NPWP", 50 * JUTA, ""),
    ("pas-foto", "Pas foto", None, ""),
    ("bpjs-tk", "Kartu BPJS Ketenagakerjaan", 100 * JUTA, ""),
]

SCHEMES = [
    # name, min, max, rate, rate note, collateral note, per member
    ("KUR Super Mikro", Decimal(1), 10 * JUTA, Decimal(3), "", "", False),
    (
        "KUR Mikro",
        10 * JUTA + 1,
        100 * JUTA,
        Decimal(6),
        "6% untuk pinjaman pertama; 7%, 8%, 9% untuk pinjaman ke-2, ke-3, ke-4",
        "",
        False,
    ),
    (
        "KUR Kecil",
        100 * JUTA + 1,
        500 * JUTA,
        Decimal(6),
        "seperti KUR Mikro: 6% untuk pinjaman pertama; 7%, 8%, 9% untuk pinjaman ke-2, ke-3, ke-4",
        "agunan ditentukan oleh bank",
        False,
    ),
    ("KUR Khusus (klaster, termasuk IKM)", Decimal(1), 500 * JUTA, Decimal(6), "", "", True),
]


def load(apps, schema_editor):
    DocumentKind = apps.get_model("financing", "DocumentKind")
    KurProgramme = apps.get_model("financing", "KurProgramme")
    kinds = []
    for order, (code, name, above, condition) in enumerate(DOCUMENTS, start=1):
        kind, _ = DocumentKind.objects.get_or_create(
            code=code, defaults={"name": name, "required_above": above, "condition": condition, "order": order}
        )
        kinds.append(kind)
    for name, low, high, rate, rate_note, collateral, per_member in SCHEMES:
        programme, _ = KurProgramme.objects.get_or_create(
            bank=None,
            name=name,
            defaults={
                "is_kur": True,
                "loan_min": low,
                "loan_max": high,
                "interest_rate": rate,
                "rate_note": rate_note,
                "collateral_note": collateral,
                "per_member": per_member,
            },
        )
        programme.documents.set(kinds)


def unload(apps, schema_editor):
    apps.get_model("financing", "KurProgramme").objects.filter(
        bank=None, name__in=[s[0] for s in SCHEMES], referrals__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("financing", "0002_programmes_documents")]
    operations = [migrations.RunPython(load, unload)]
