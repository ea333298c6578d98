"""KBLI 2020 classes (5 digits) that the department's creative crafts fall in.

Source: Klasifikasi Baku Lapangan Usaha Indonesia 2020, Peraturan Badan Pusat Statistik
Nomor 2 Tahun 2020 (category C, Industri Pengolahan). Only codes checked against the
published list are seeded; titles follow it, a few shortened. Staff add other codes in the
admin (inventory › KBLI 2020).
"""

from django.db import migrations

KBLI_2020 = [
    ("13134", "Industri Batik"),
    ("13911", "Industri Kain Rajutan"),
    ("13912", "Industri Kain Sulaman"),
    ("13921", "Industri Barang Jadi Tekstil untuk Keperluan Rumah Tangga"),
    ("13922", "Industri Barang Jadi Tekstil Sulaman"),
    ("13923", "Industri Bantal dan Sejenisnya"),
    ("13924", "Industri Barang Jadi Rajutan dan Sulaman"),
    ("13929", "Industri Barang Jadi Tekstil Lainnya"),
    ("13942", "Industri Barang dari Tali"),
    ("14111", "Industri Pakaian Jadi (Konveksi) dari Tekstil"),
    ("14112", "Industri Pakaian Jadi (Konveksi) dari Kulit"),
    ("14120", "Penjahitan dan Pembuatan Pakaian Sesuai Pesanan"),
    ("14131", "Industri Perlengkapan Pakaian dari Tekstil"),
    ("14132", "Industri Perlengkapan Pakaian dari Kulit"),
    ("14301", "Industri Pakaian Jadi Rajutan"),
    ("14302", "Industri Pakaian Jadi Sulaman/Bordir"),
    ("15121", "Industri Barang dari Kulit dan Kulit Komposisi untuk Keperluan Pribadi"),
    ("15129", "Industri Barang dari Kulit dan Kulit Komposisi untuk Keperluan Lainnya"),
    ("15201", "Industri Alas Kaki untuk Keperluan Sehari-hari"),
    ("15209", "Industri Alas Kaki Lainnya"),
    ("16291", "Industri Barang Anyaman dari Rotan dan Bambu"),
    ("16292", "Industri Barang Anyaman dari Tanaman Selain Rotan dan Bambu"),
    ("16293", "Industri Kerajinan Ukiran dari Kayu Bukan Furnitur"),
    ("16294", "Industri Alat Dapur dan Alat Makan dari Kayu, Rotan, dan Bambu"),
    ("16299", "Industri Barang dari Kayu, Rotan, Gabus Lainnya YTDL"),
    ("23121", "Industri Perlengkapan dan Peralatan Rumah Tangga dari Kaca"),
    ("23129", "Industri Barang Lainnya dari Kaca"),
    ("23931", "Industri Perlengkapan Rumah Tangga dari Porselen"),
    ("23932", "Industri Perlengkapan Rumah Tangga dari Tanah Liat/Keramik"),
    ("23939", "Industri Barang Tanah Liat/Keramik dan Porselen Lainnya"),
    ("31001", "Industri Furnitur dari Kayu"),
    ("31002", "Industri Furnitur dari Rotan dan/atau Bambu"),
    ("32111", "Industri Permata"),
    ("32112", "Industri Barang Perhiasan dari Logam Mulia untuk Keperluan Pribadi"),
    ("32120", "Industri Perhiasan Imitasi dan Barang Sejenis"),
    ("32201", "Industri Alat Musik Tradisional"),
    ("32402", "Industri Mainan Anak-Anak"),
    ("32903", "Industri Kerajinan YTDL"),
    ("32909", "Industri Pengolahan Lainnya YTDL"),
]


def load(apps, schema_editor):
    Kbli = apps.get_model("inventory", "Kbli")
    for code, title in KBLI_2020:
        Kbli.objects.update_or_create(code=code, defaults={"title": title})


def unload(apps, schema_editor):
    apps.get_model("inventory", "Kbli").objects.filter(code__in=[code for code, _ in KBLI_2020]).delete()


class Migration(migrations.Migration):
    dependencies = [("inventory", "0004_business_ikm_profile")]
    operations = [migrations.RunPython(load, unload)]
