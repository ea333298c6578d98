import django.utils.timezone

import core.uploads
import groups.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("groups", "0002_product_photo_safe_image")]

    operations = [
        migrations.AddField(
            model_name="product",
            name="photo_thumbnail",
            field=core.uploads.SafeImageField(
                blank=True,
                editable=False,
                upload_to=groups.models.product_thumbnail_path,
                verbose_name="gambar kecil foto",
            ),
        ),
        migrations.AddField(
            model_name="product",
            name="stock",
            field=models.PositiveIntegerField(default=0, verbose_name="stok"),
        ),
        migrations.AddField(
            model_name="product",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name="diubah pada"),
            preserve_default=False,
        ),
    ]
