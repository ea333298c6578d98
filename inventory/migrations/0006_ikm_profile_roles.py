"""Re-applies the role table of accounts/roles.py on databases made before the IKM profile:
licences (officers add and change them in their kecamatan), KBLI codes and curation (staff
curate; officers and leadership read)."""

from importlib import import_module

from django.db import migrations

create_roles = import_module("accounts.migrations.0003_roles").create_roles


class Migration(migrations.Migration):
    dependencies = [("inventory", "0005_kbli_2020_crafts"), ("accounts", "0004_bank_liaison_reads_referred_people")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
