"""The 7 kecamatan and 54 kelurahan of Kota Tangerang Selatan (Kepmendagri 300.2.2-2138/2025)."""

from django.db import migrations

KECAMATAN = [
    ("36.74.01", "Serpong", [
        "Ciater", "Rawabuntu", "Rawa Mekar Jaya", "Lengkong Gudang", "Lengkong Wetan", "Buaran",
        "Lengkong Gudang Timur", "Cilenggang", "Serpong",
    ]),
    ("36.74.02", "Serpong Utara", [
        "Pakulonan", "Pakualam", "Pakujaya", "Pondok Jagung", "Pondok Jagung Timur", "Jelupang", "Lengkong Karya",
    ]),
    ("36.74.03", "Pondok Aren", [
        "Pondok Betung", "Pondok Pucung", "Pondok Karya", "Pondok Jaya", "Pondok Aren", "Pondok Kacang Barat",
        "Pondok Kacang Timur", "Parigi", "Parigi Baru", "Jurangmangu Barat", "Jurangmangu Timur",
    ]),
    ("36.74.04", "Ciputat", ["Sawah Baru", "Serua", "Ciputat", "Sawah", "Serua Indah", "Jombang", "Cipayung"]),
    ("36.74.05", "Ciputat Timur", ["Cempaka Putih", "Pondok Ranji", "Pisangan", "Cireundeu", "Rempoa", "Rengas"]),
    ("36.74.06", "Pamulang", [
        "Pamulang Barat", "Benda Baru", "Pondok Benda", "Pondok Cabe Udik", "Pondok Cabe Ilir", "Kedaung",
        "Bambu Apus", "Pamulang Timur",
    ]),
    ("36.74.07", "Setu", ["Muncul", "Setu", "Keranggan", "Kademangan", "Babakan", "Bakti Jaya"]),
]


def load(apps, schema_editor):
    Kecamatan = apps.get_model("regions", "Kecamatan")
    Kelurahan = apps.get_model("regions", "Kelurahan")
    for code, name, kelurahan in KECAMATAN:
        kec, _ = Kecamatan.objects.update_or_create(code=code, defaults={"name": name})
        for i, kel_name in enumerate(kelurahan):
            Kelurahan.objects.update_or_create(
                code=f"{code}.{1001 + i}", defaults={"name": kel_name, "kecamatan": kec}
            )


def unload(apps, schema_editor):
    codes = [code for code, _, _ in KECAMATAN]
    apps.get_model("regions", "Kelurahan").objects.filter(kecamatan__code__in=codes).delete()
    apps.get_model("regions", "Kecamatan").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
