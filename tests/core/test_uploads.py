"""core.uploads: every image is decoded, capped, re-encoded and renamed, by whatever path it
arrives (the ORM, FieldFile.save, full_clean, a form). The admin path: test_uploads_admin.py."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from core.uploads import MB, SafeImageFormField, reencode_image
from groups.models import Product
from inventory.models import InventoryVisit
from tests import factories
from tests.core import images

pytestmark = pytest.mark.django_db


def stored_bytes(field_file) -> bytes:
    with field_file.open("rb") as f:
        return f.read()


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_the_php_appended_to_a_jpeg_is_not_stored_when_a_visit_is_created():
    visit = factories.InventoryVisitFactory(evidence_photo=images.upload(images.polyglot(), "shell.php.jpg"))
    data = stored_bytes(visit.evidence_photo)
    assert b"<?php" not in data
    assert images.decode(data).format == "JPEG"


def test_the_php_appended_to_a_jpeg_is_not_stored_by_field_file_save():
    product = factories.ProductFactory()
    product.photo.save("shell.php", ContentFile(images.polyglot()))
    product.refresh_from_db()
    data = stored_bytes(product.photo)
    assert b"<?php" not in data
    assert images.decode(data).size == (64, 48)


def test_gps_and_camera_exif_and_comments_are_removed():
    photo = images.jpeg(exif=images.phone_exif(), comment=b"Rumah Bu Siti, Jl. Melati 3")
    assert images.decode(photo).getexif().get_ifd(images.GPS_IFD)  # the attack is real
    visit = factories.InventoryVisitFactory(evidence_photo=images.upload(photo))
    data = stored_bytes(visit.evidence_photo)
    stored = images.decode(data)
    assert not stored.getexif()
    assert "exif" not in stored.info and "comment" not in stored.info
    assert b"Samsung" not in data and b"Melati" not in data


def test_the_exif_orientation_is_applied_so_the_picture_stays_upright():
    # A phone held upright stores the picture sideways and says "rotate 90° clockwise" (6).
    sideways = images.Image.new("RGB", (80, 40), (255, 0, 0))
    sideways.paste((0, 0, 255), (40, 0, 80, 40))  # left red, right blue
    out = images.io.BytesIO()
    sideways.save(out, "JPEG", exif=images.phone_exif(orientation=6).tobytes())
    product = Product.objects.create(
        group=factories.BusinessGroupFactory(), name="Kaligrafi", price=1, photo=images.upload(out.getvalue())
    )
    upright = images.decode(stored_bytes(product.photo)).convert("RGB")
    assert upright.size == (40, 80)
    assert upright.getpixel((20, 10))[0] > 200  # red on top
    assert upright.getpixel((20, 70))[2] > 200  # blue below


def test_the_stored_name_is_random_with_the_extension_of_the_real_format():
    visit = factories.InventoryVisitFactory(evidence_photo=images.upload(images.png(), "../../Bu Siti KTP.php"))
    assert re.fullmatch(r"visits/[0-9a-f]{32}\.png", visit.evidence_photo.name)
    other = factories.InventoryVisitFactory(evidence_photo=images.upload(images.png(), "../../Bu Siti KTP.php"))
    assert other.evidence_photo.name != visit.evidence_photo.name


def test_transparency_of_a_png_is_kept():
    product = factories.ProductFactory(photo=images.upload(images.png(mode="RGBA"), "logo.png"))
    assert images.decode(stored_bytes(product.photo)).mode == "RGBA"


def test_it_refuses_a_file_over_10_mb_naming_its_size():
    big = images.jpeg() + b"\0" * (11 * MB - len(images.jpeg()))
    with pytest.raises(ValidationError) as refused:
        factories.InventoryVisitFactory(evidence_photo=images.upload(big))
    assert "Berkas terlalu besar: 11,0 MB. Paling besar 10 MB" in messages_of(refused.value)
    assert refused.value.error_dict.keys() == {"evidence_photo"}
    assert not InventoryVisit.objects.exists()


def test_the_size_cap_is_a_setting(settings):
    settings.TANGSEL_IMAGE_MAX_MB = 1
    padded = images.jpeg() + b"\0" * (2 * MB)
    with pytest.raises(ValidationError, match="Paling besar 1 MB"):
        reencode_image(ContentFile(padded))


def test_it_refuses_a_41_megapixel_image_naming_its_pixels():
    with pytest.raises(ValidationError) as refused:
        factories.ProductFactory(photo=images.upload(images.png((6500, 6400), mode="L"), "besar.png"))
    assert "6500 × 6400 piksel (41,6 megapiksel). Paling banyak 40 megapiksel" in messages_of(refused.value)


def test_the_megapixel_cap_is_a_setting(settings):
    settings.TANGSEL_IMAGE_MAX_MEGAPIXELS = 1
    with pytest.raises(ValidationError, match="Paling banyak 1 megapiksel"):
        reencode_image(ContentFile(images.png((1200, 1000))))


def test_a_decompression_bomb_is_refused_in_words_not_a_server_error():
    bomb = images.png_header(20_000, 20_000)  # 400 megapixels claimed in a few bytes
    with pytest.raises(ValidationError) as refused:
        reencode_image(ContentFile(bomb))
    assert refused.value.code == "too_many_pixels"
    assert "Paling banyak 40 megapiksel" in messages_of(refused.value)


def test_it_refuses_a_file_that_is_not_an_image():
    with pytest.raises(ValidationError) as refused:
        factories.ProductFactory(photo=images.upload(images.PHP, "foto.jpg"))
    assert "bukan gambar yang dapat dibaca" in messages_of(refused.value)


def test_it_refuses_a_truncated_jpeg():
    with pytest.raises(ValidationError, match="bukan gambar yang dapat dibaca"):
        reencode_image(ContentFile(images.jpeg((640, 480))[:2000]))


def test_it_refuses_an_unsupported_format_naming_it():
    with pytest.raises(ValidationError, match="Format gambar GIF tidak didukung"):
        factories.ProductFactory(photo=images.upload(images.gif(), "foto.gif", "image/gif"))


def test_full_clean_refuses_a_bad_upload_as_a_field_error():
    product = factories.ProductFactory.build(group=factories.BusinessGroupFactory(), photo=images.upload(images.PHP))
    with pytest.raises(ValidationError) as refused:
        product.full_clean()
    assert "photo" in refused.value.error_dict


def test_the_form_field_hands_over_the_cleaned_file():
    field = SafeImageFormField()
    cleaned = field.clean(images.upload(images.polyglot(), "shell.php"))
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", cleaned.name)
    assert b"<?php" not in cleaned.read()
    assert 'accept="image/jpeg,image/png,image/webp"' in str(
        field.widget.render("photo", None, field.widget_attrs(field.widget))
    )


def test_reencode_image_returns_the_bytes_and_their_size_for_later_thumbnails():
    image = reencode_image(ContentFile(images.polyglot()))
    assert (image.format, image.width, image.height, image.extension) == ("JPEG", 64, 48, ".jpg")
    assert image.size == len(image.content) and b"<?php" not in image.content
