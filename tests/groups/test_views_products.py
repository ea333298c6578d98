"""A KUB's products on its page (photo, craft, price, stock, curation) and staff adding and
editing them from the portal, with a photo through SafeImageField."""

import pytest
from django.urls import reverse

from groups.models import Product
from tests import factories
from tests.core import images

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(db):
    return factories.BusinessGroupFactory(kecamatan=factories.kecamatan("Ciputat"))


def test_staff_add_a_product_with_a_photo_and_see_it_on_the_kub_page(client, staf, group):
    client.force_login(staf)
    craft = factories.CraftTypeFactory(name="Batik ciprat")
    response = client.post(
        reverse("groups:product_add", args=[group.pk]),
        {
            "name": "Selendang Batik Ciprat",
            "craft_type": craft.pk,
            "price": "185000",
            "stock": "12",
            "photo": images.upload(images.jpeg(), "selendang.jpg"),
        },
    )
    product = Product.objects.get(group=group)
    assert response.status_code == 302 and response["Location"].endswith(f"#produk-{product.pk}")
    assert product.stock == 12 and product.craft_type == craft and product.curation_status == "draft"
    assert product.photo.name.startswith("products/") and product.photo.name.endswith(".jpg")

    html = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    row = html[html.index(f'id="produk-{product.pk}"') :]
    row = row[: row.index("</tr>")]
    for text in ["Selendang Batik Ciprat", "Batik ciprat", "Rp185.000", ">12<", "Draf"]:
        assert text in row
    assert product.photo_thumbnail.name.startswith("product-thumbs/")
    assert reverse("file", args=[product.photo_thumbnail.name]) in row
    assert reverse("groups:product_edit", args=[group.pk, product.pk]) in row


def test_staff_edit_a_products_price_and_stock(client, staf, group):
    product = factories.ProductFactory(group=group, stock=1)
    client.force_login(staf)
    url = reverse("groups:product_edit", args=[group.pk, product.pk])
    assert product.name in client.get(url).content.decode()
    response = client.post(url, {"name": product.name, "price": "90000", "stock": "7"})
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.price, product.stock, product.group) == (90000, 7, group)


def test_a_photo_taken_away_takes_its_thumbnail_along(group):
    product = factories.ProductFactory(group=group, photo=images.upload(images.jpeg(size=(1200, 900))))
    assert product.photo_thumbnail and max(images.decode(product.photo_thumbnail.read()).size) == 320
    product.photo = ""
    product.save()
    assert not product.photo_thumbnail


def test_a_non_image_photo_is_refused_and_nothing_is_saved(client, staf, group):
    client.force_login(staf)
    response = client.post(
        reverse("groups:product_add", args=[group.pk]),
        {"name": "Palsu", "price": "1000", "stock": "1", "photo": images.upload(images.PHP, "shell.jpg")},
    )
    assert response.status_code == 200 and not Product.objects.filter(group=group).exists()


def test_field_officers_see_products_but_cannot_add_or_edit(client, petugas_ciputat, group):
    product = factories.ProductFactory(group=group)
    client.force_login(petugas_ciputat)
    html = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert product.name in html
    assert reverse("groups:product_add", args=[group.pk]) not in html
    assert reverse("groups:product_edit", args=[group.pk, product.pk]) not in html
    assert client.get(reverse("groups:product_add", args=[group.pk])).status_code == 403
