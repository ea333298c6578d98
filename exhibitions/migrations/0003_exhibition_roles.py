"""Re-applies the role table of accounts/roles.py after the buyer leads: staff keep them, field
officers record sales and leads at the booth of their kecamatan's KUBs; and after the products'
galleries (groups.ProductPhoto), seen by whoever sees the products."""

from importlib import import_module

from django.db import migrations

create_roles = import_module("accounts.migrations.0003_roles").create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("exhibitions", "0002_exhibition_pages_payment_leads"),
        ("accounts", "0005_financing_programmes_documents_roles"),
        ("groups", "0004_product_photos"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
