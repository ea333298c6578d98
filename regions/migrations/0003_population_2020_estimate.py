"""Starting population figures per kecamatan for 2020, so the 2% indicator has a denominator.

The city total is the BPS census figure (Sensus Penduduk 2020: 1,354,350). Its split by
kecamatan is an estimate: the four largest kecamatan follow the BPS shares quoted in the
local press (Pamulang 311,189; Pondok Aren 296,659; Ciputat 213,275; Ciputat Timur
173,110 of 1,378,466), the remainder is divided 40/35/25 between Serpong, Serpong Utara
and Setu. Staff replace these with official BPS figures in the admin; every figure
carries its source.
"""

from django.db import migrations

SOURCE = (
    "Perkiraan: total BPS Sensus Penduduk 2020 (1.354.350) dibagi menurut sebaran BPS per kecamatan "
    "yang dikutip media; Serpong, Serpong Utara dan Setu diperkirakan. Ganti dengan angka resmi BPS."
)
FIGURES = {
    "36.74.01": 151004,
    "36.74.02": 132129,
    "36.74.03": 291469,
    "36.74.04": 209544,
    "36.74.05": 170081,
    "36.74.06": 305746,
    "36.74.07": 94377,
}


def load(apps, schema_editor):
    Kecamatan = apps.get_model("regions", "Kecamatan")
    PopulationFigure = apps.get_model("regions", "PopulationFigure")
    for code, population in FIGURES.items():
        PopulationFigure.objects.update_or_create(
            kecamatan=Kecamatan.objects.get(code=code), year=2020,
            defaults={"population": population, "source": SOURCE},
        )


def unload(apps, schema_editor):
    apps.get_model("regions", "PopulationFigure").objects.filter(year=2020, source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_load_kecamatan_kelurahan")]
    operations = [migrations.RunPython(load, unload)]
