"""Re-applies the role table of accounts/roles.py: data subjects' requests and retention runs
for Admin and Staf, consents for field officers in their area."""

from importlib import import_module

from django.db import migrations

create_roles = import_module("accounts.migrations.0003_roles").create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_financing_programmes_documents_roles"),
        ("participants", "0008_consent_wordings"),
        ("privacy", "0001_rights_requests_retention"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
