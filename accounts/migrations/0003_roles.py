"""The five roles of DESIGN.md as Django groups, with their model permissions.

Permissions are created by a post_migrate signal, after all migrations; so this
migration creates them itself when they are not there yet. A later change to the role
table in accounts/roles.py comes with a new migration that runs create_roles again.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from accounts.roles import ROLE_PERMISSIONS


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for app_label, codename in perms:
            # A model added later has no permission yet: the migration that adds it runs this again.
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found is not None:
                wanted.append(found)
        group.permissions.set(wanted)


def drop_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_kecamatan_bank"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("auditlog", "__latest__"),
        ("regions", "0001_initial"),
        ("participants", "0001_initial"),
        ("trainings", "0001_initial"),
        ("groups", "0001_initial"),
        ("inventory", "0001_initial"),
        ("exhibitions", "0001_initial"),
        ("financing", "0001_initial"),
        ("reports", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_roles, drop_roles)]
