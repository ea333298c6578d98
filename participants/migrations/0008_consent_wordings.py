"""The first wording of each consent purpose (UU 27/2022 Pasal 21–22): what for, which data,
how long, the person's rights, in plain Indonesian. A later wording is a new row (new version),
never an edit of this one: consents point at the wording they were given on."""

import datetime as dt

from django.db import migrations

RIGHTS = (
    "Anda berhak melihat dan meminta salinan data Anda, meminta perbaikan, meminta penghapusan, "
    "membatasi pemrosesan, dan menarik persetujuan ini kapan saja tanpa kehilangan hak lain. "
    "Permintaan dijawab paling lambat 3×24 jam. Hubungi Disperindag Kota Tangerang Selatan "
    "atau petugas lapangan."
)

WORDINGS = [
    (
        "programme",
        "programme-v1",
        "Keperluan: mengikuti program pembinaan industri kreatif Disperindag Kota Tangerang Selatan "
        "(pelatihan, pembentukan KUB, pameran, kunjungan inventaris usaha).\n"
        "Data yang dipakai: NIK, nama, jenis kelamin, tanggal lahir, nomor HP, alamat, kelurahan, "
        "kehadiran pelatihan, keanggotaan KUB, dan data usaha Anda.\n"
        "Lama disimpan: selama Anda ikut program, lalu 5 tahun sejak kegiatan terakhir; sesudah itu "
        "data dianonimkan dan hanya angka rekapitulasi yang tersisa.\n" + RIGHTS,
    ),
    (
        "publish_name",
        "publish_name-v1",
        "Keperluan: mencantumkan nama Anda bersama produk KUB Anda di katalog publik Tangsel Kreatif "
        "dan di pameran.\n"
        "Data yang dipakai: nama Anda dan nama KUB. NIK, nomor HP, dan alamat tidak pernah ditampilkan.\n"
        "Lama disimpan: selama Anda anggota aktif KUB tersebut atau sampai persetujuan ditarik; nama "
        "langsung hilang dari katalog sesudah ditarik.\n" + RIGHTS,
    ),
    (
        "bank_referral",
        "bank_referral-v1",
        "Keperluan: membagikan data Anda kepada bank mitra yang Anda pilih untuk rujukan pembiayaan "
        "(KUR atau pinjaman lain).\n"
        "Data yang dipakai: NIK, nama, tanggal lahir, nomor HP, alamat, data usaha, jumlah pinjaman "
        "yang diajukan, dan dokumen persyaratan yang Anda serahkan.\n"
        "Lama disimpan: selama rujukan berjalan, lalu 5 tahun sejak rujukan ditutup; dokumen pindaian "
        "dihapus sesudahnya. Tanpa persetujuan ini tidak ada rujukan baru ke bank.\n" + RIGHTS,
    ),
    (
        "photos",
        "photos-v1",
        "Keperluan: memakai foto yang memperlihatkan diri Anda (kegiatan pelatihan, pameran, kunjungan "
        "usaha) dalam laporan dan publikasi Disperindag.\n"
        "Data yang dipakai: foto wajah atau diri Anda.\n"
        "Lama disimpan: sampai persetujuan ditarik atau 5 tahun sejak kegiatan terakhir; foto yang "
        "memperlihatkan Anda disembunyikan sesudah persetujuan ditarik.\n" + RIGHTS,
    ),
]


def seed(apps, schema_editor):
    ConsentWording = apps.get_model("participants", "ConsentWording")
    for purpose, version, text in WORDINGS:
        ConsentWording.objects.get_or_create(
            version=version, defaults={"purpose": purpose, "text": text, "valid_from": dt.date(2024, 10, 17)}
        )


def unseed(apps, schema_editor):
    apps.get_model("participants", "ConsentWording").objects.filter(version__in=[w[1] for w in WORDINGS]).delete()


class Migration(migrations.Migration):
    dependencies = [("participants", "0007_consent_proof_restriction")]
    operations = [migrations.RunPython(seed, unseed)]
