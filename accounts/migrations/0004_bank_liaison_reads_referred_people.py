"""Re-applies the role table of accounts/roles.py after two changes: bank liaisons may view
the participants and KUBs referred to their bank (scoping limits them to exactly those), and
every role but the bank's may view program outcomes (reports.view_outcomes)."""

from importlib import import_module

from django.db import migrations

create_roles = import_module("accounts.migrations.0003_roles").create_roles


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_roles"), ("reports", "0002_outcome_permission")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
