"""The program's two city targets, and the role table again (Admin and Staf edit targets,
Pimpinan reads them).

Baselines: the 2016 article of Disperindag (the project's seed article) says entrepreneurs
are "belum mencapai 1 persen" of Tangsel's people, so the 2% target starts from under 1%,
kept as 1.00 with that note. For the 40% conversion it gives no baseline: left empty."""

import datetime as dt
from decimal import Decimal
from importlib import import_module

from django.db import migrations

create_roles = import_module("accounts.migrations.0003_roles").create_roles

ARTICLE = "Artikel Disperindag Kota Tangerang Selatan, 2016"


def add_targets(apps, schema_editor):
    Target = apps.get_model("reports", "Target")
    start = dt.date(2016, 1, 1)
    Target.objects.get_or_create(
        indicator="conversion",
        kecamatan=None,
        period_start=start,
        defaults={
            "value": Decimal("40.00"),
            "baseline_note": f"Belum ada nilai dasar; target dari {ARTICLE}.",
        },
    )
    Target.objects.get_or_create(
        indicator="population",
        kecamatan=None,
        period_start=start,
        defaults={
            "value": Decimal("2.00"),
            "baseline_value": Decimal("1.00"),
            "baseline_year": 2016,
            "baseline_note": f"Kurang dari 1% ({ARTICLE}).",
        },
    )


def drop_targets(apps, schema_editor):
    apps.get_model("reports", "Target").objects.filter(kecamatan=None, period_start=dt.date(2016, 1, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_target"), ("accounts", "0004_bank_liaison_reads_referred_people")]
    operations = [
        migrations.RunPython(add_targets, drop_targets),
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
