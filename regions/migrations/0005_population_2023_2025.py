"""Population figures from published sources, beside the 2020 estimate of 0003.

- The city, 2025: Kepmendagri 300.2.2-2138/2025, civil-registry figures (also in
  regions/data/penduduk-kemendagri-2025.csv): 1,463,607 (729,068 men, 734,539 women).
- The city and its kecamatan, 2023: BPS mid-year estimate, 1,404,785 (700,754 men,
  704,031 women); Pamulang 324,059, Pondok Aren 295,812, Ciputat 222,186, Ciputat Timur
  169,555, Serpong 163,451. Serpong Utara and Setu are published only together (229,722,
  the city less the other five); they are split by their shares in the 2020 figures of
  0003 (132,129 : 94,377), and their source says so.

Figures are written once: a figure staff have already entered for the same place and
year is left as it is.
"""

from django.db import migrations

KEPMENDAGRI_2025 = (
    "Kepmendagri No. 300.2.2-2138/2025: jumlah penduduk menurut data administrasi kependudukan (Dukcapil)."
)
BPS_2023 = "BPS: perkiraan penduduk pertengahan tahun 2023 (proyeksi dari Sensus Penduduk 2020)."
BPS_2023_SPLIT = (
    "Perkiraan dari BPS pertengahan 2023: BPS hanya memberi Serpong Utara dan Setu bersama-sama (229.722, "
    "total kota dikurangi lima kecamatan lain); dibagi menurut bagian keduanya pada angka 2020 di portal ini "
    "(132.129 : 94.377), yang juga perkiraan."
)

CITY = [
    # (city code, year, population, men, women, source)
    ("36.74", 2025, 1_463_607, 729_068, 734_539, KEPMENDAGRI_2025),
    ("36.74", 2023, 1_404_785, 700_754, 704_031, BPS_2023),
]
KECAMATAN_2023 = [
    ("36.74.06", 324_059, BPS_2023),  # Pamulang
    ("36.74.03", 295_812, BPS_2023),  # Pondok Aren
    ("36.74.04", 222_186, BPS_2023),  # Ciputat
    ("36.74.05", 169_555, BPS_2023),  # Ciputat Timur
    ("36.74.01", 163_451, BPS_2023),  # Serpong
    ("36.74.02", 134_005, BPS_2023_SPLIT),  # Serpong Utara: 229,722 × 132,129 / 226,506
    ("36.74.07", 95_717, BPS_2023_SPLIT),  # Setu: the rest of 229,722
]


def load(apps, schema_editor):
    Kecamatan = apps.get_model("regions", "Kecamatan")
    PopulationFigure = apps.get_model("regions", "PopulationFigure")
    for city_code, year, population, men, women, source in CITY:
        PopulationFigure.objects.get_or_create(
            kecamatan=None,
            city_code=city_code,
            year=year,
            defaults={"population": population, "men": men, "women": women, "source": source},
        )
    for code, population, source in KECAMATAN_2023:
        PopulationFigure.objects.get_or_create(
            kecamatan=Kecamatan.objects.get(code=code),
            year=2023,
            defaults={"population": population, "source": source},
        )


def unload(apps, schema_editor):
    PopulationFigure = apps.get_model("regions", "PopulationFigure")
    PopulationFigure.objects.filter(source__in=[KEPMENDAGRI_2025, BPS_2023, BPS_2023_SPLIT]).delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0004_population_city_figures")]
    operations = [migrations.RunPython(load, unload)]
