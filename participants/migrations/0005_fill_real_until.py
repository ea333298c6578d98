from django.db import migrations


def fill(apps, schema_editor):
    from participants.real_status import refresh_real_until

    refresh_real_until(
        participant_model=apps.get_model("participants", "Participant"),
        business_model=apps.get_model("inventory", "Business"),
        membership_model=apps.get_model("groups", "Membership"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0004_real_until"),
        ("inventory", "0002_visit_photo_safe_image"),
        ("groups", "0002_product_photo_safe_image"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
