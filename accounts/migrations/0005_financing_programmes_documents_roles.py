"""Re-applies the role table of accounts/roles.py after the financing programmes, document
kinds, referral documents and group KUR agreements (staff and the bank concerned; never
leadership) and consents."""

from importlib import import_module

from django.db import migrations

create_roles = import_module("accounts.migrations.0003_roles").create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_bank_liaison_reads_referred_people"),
        ("financing", "0004_group_kur_joint_liability"),
        ("participants", "0006_consent"),
        # Last of the role-table reruns: every model the table names exists by then.
        ("inventory", "0006_ikm_profile_roles"),
        ("reports", "0005_export_job_params_and_times"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
