"""Uploads through the back office: the admin's forms clean images the same way, and say why
they refuse one on the form (never a server error)."""

import datetime as dt

import pytest
from django.urls import reverse

from core.uploads import MB
from groups.models import Product
from inventory.models import InventoryVisit
from tests import factories
from tests.core import images

pytestmark = pytest.mark.django_db


def add_product(client, group, photo):
    return client.post(
        reverse("admin:groups_product_add"),
        {
            "group": group.pk,
            "name": "Kaligrafi kulit telur",
            "price": "150000",
            "stock": "3",
            "curation_status": "draft",
            "photo": photo,
        },
    )


def add_visit(client, business, photo):
    return client.post(
        reverse("admin:inventory_inventoryvisit_add"),
        {
            "business": business.pk,
            "visited_on": dt.date.today().isoformat(),
            "status": InventoryVisit.Status.RUNNING,
            "evidence_photo": photo,
        },
    )


def photo_errors(response, field):
    assert response.status_code == 200, response.status_code
    return " ".join(response.context["adminform"].form.errors.get(field, []))


@pytest.fixture
def group():
    return factories.BusinessGroupFactory(kecamatan=factories.kecamatan("Ciputat"))


@pytest.fixture
def business():
    return factories.BusinessFactory(kelurahan=factories.kelurahan_of("Ciputat"))


def test_a_polyglot_uploaded_as_a_product_photo_is_stored_without_the_php(client, staf, group):
    client.force_login(staf)
    response = add_product(client, group, images.upload(images.polyglot(), "produk.php.jpg"))
    assert response.status_code == 302
    photo = Product.objects.get(group=group).photo
    assert photo.name.startswith("products/") and photo.name.endswith(".jpg")
    with photo.open("rb") as f:
        data = f.read()
    assert b"<?php" not in data
    assert images.decode(data).format == "JPEG"


def test_a_polyglot_uploaded_as_a_visit_photo_is_stored_without_the_php(client, staf, business):
    client.force_login(staf)
    response = add_visit(client, business, images.upload(images.polyglot()))
    assert response.status_code == 302
    photo = InventoryVisit.objects.get(business=business).evidence_photo
    with photo.open("rb") as f:
        data = f.read()
    assert b"<?php" not in data
    assert images.decode(data).size == (64, 48)


def test_an_11_mb_photo_is_refused_on_the_form_with_its_size(client, staf, business):
    client.force_login(staf)
    big = images.jpeg() + b"\0" * (11 * MB)
    response = add_visit(client, business, images.upload(big))
    assert "Berkas terlalu besar: 11,0 MB. Paling besar 10 MB" in photo_errors(response, "evidence_photo")
    assert not InventoryVisit.objects.filter(business=business).exists()


def test_a_41_megapixel_photo_is_refused_on_the_form_not_with_a_server_error(client, staf, group):
    client.force_login(staf)
    response = add_product(client, group, images.upload(images.png((6500, 6400), mode="L"), "besar.png"))
    assert "41,6 megapiksel" in photo_errors(response, "photo")
    assert not Product.objects.filter(group=group).exists()


def test_a_decompression_bomb_is_refused_on_the_form_in_words(client, staf, group):
    client.force_login(staf)
    response = add_product(client, group, images.upload(images.png_header(20_000, 20_000), "bom.png"))
    assert "Paling banyak 40 megapiksel" in photo_errors(response, "photo")


def test_a_file_that_is_not_an_image_is_refused_on_the_form(client, staf, group):
    client.force_login(staf)
    response = add_product(client, group, images.upload(images.PHP, "shell.jpg"))
    assert "bukan gambar yang dapat dibaca" in photo_errors(response, "photo")


def test_the_change_form_links_the_photo_through_the_checked_view(client, staf, group):
    product = factories.ProductFactory(group=group, photo=images.upload(images.jpeg()))
    client.force_login(staf)
    response = client.get(reverse("admin:groups_product_change", args=[product.pk]))
    assert f'href="/berkas/{product.photo.name}"' in response.content.decode()
    assert "/media/" not in response.content.decode()
