"""Several photos per product (groups.ProductPhoto): the old single photo moved into the
gallery, upload / reorder / remove from the product page, the cover mirrored into
Product.photo, the files served by the scope, and the catalogue's gallery and ETag."""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from groups.models import Product, ProductPhoto
from tests import factories
from tests.core import images

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(db):
    return factories.ProductFactory(group=factories.BusinessGroupFactory(kecamatan=factories.kecamatan("Ciputat")))


def _add(client, product, color=(200, 30, 30), caption=""):
    url = reverse("groups:product_photo_add", args=[product.group_id, product.pk])
    return client.post(url, {"image": images.upload(images.jpeg(size=(800, 600), color=color)), "caption": caption})


def _selected(product):
    from inventory.curation import curation_move, curation_nominate

    staff = factories.UserFactory(username="kurator-foto")
    item = curation_nominate(user=staff, product=product)
    curation_move(curation=item, to_status="curated", user=staff)
    curation_move(curation=item, to_status="selected", user=staff)


def test_the_data_migration_moves_each_single_photo_into_the_gallery(product):
    plain = factories.ProductFactory(group=product.group)
    Product.objects.filter(pk=product.pk).update(photo="products/lama.jpg", photo_thumbnail="product-thumbs/lama.jpg")
    import_module("groups.migrations.0004_product_photos").photos_from_products(apps, None)
    photo = ProductPhoto.objects.get()
    assert (photo.product, photo.image.name, photo.thumbnail.name, photo.position) == (
        product,
        "products/lama.jpg",
        "product-thumbs/lama.jpg",
        0,
    )
    assert not plain.photos.exists()


def test_a_photo_set_on_the_product_itself_becomes_the_first_of_its_gallery(product):
    product.photo = images.upload(images.jpeg(), "admin.jpg")
    product.save()
    photo = product.photos.get()
    assert photo.image.name == product.photo.name and photo.thumbnail.name == product.photo_thumbnail.name
    product.save()  # saved again: still one
    assert product.photos.count() == 1


def test_staff_upload_reorder_and_remove_photos_the_first_being_the_cover(client, staf, product):
    client.force_login(staf)
    before = product.updated_at
    response = _add(client, product, caption="Tampak depan")
    assert response.status_code == 302 and response["Location"].endswith("#foto")
    _add(client, product, color=(30, 200, 30), caption="Tampak samping")
    first, second = product.photos.order_by("position")
    assert (first.position, second.position) == (0, 1)
    assert first.thumbnail.name.startswith("product-thumbs/") and first.image.name.startswith("products/")
    product.refresh_from_db()
    assert product.photo.name == first.image.name and product.photo_thumbnail.name == first.thumbnail.name
    assert product.updated_at > before

    # The second one forward: it is the cover now.
    client.post(reverse("groups:product_photo_move", args=[product.group_id, product.pk, second.pk]), {"arah": "naik"})
    product.refresh_from_db()
    assert product.photo.name == second.image.name
    assert list(product.photos.values_list("pk", flat=True)) == [second.pk, first.pk]

    # Removing asks first; the remaining photo becomes the cover.
    remove = reverse("groups:product_photo_remove", args=[product.group_id, product.pk, second.pk])
    page = client.get(remove)
    assert page.status_code == 200 and "Hapus foto ini?" in page.content.decode()
    assert product.photos.count() == 2
    client.post(remove)
    product.refresh_from_db()
    assert list(product.photos.all()) == [first]
    assert product.photo.name == first.image.name and first.position == 0
    client.post(reverse("groups:product_photo_remove", args=[product.group_id, product.pk, first.pk]))
    product.refresh_from_db()
    assert not product.photo and not product.photo_thumbnail

    html = client.get(reverse("groups:product_edit", args=[product.group_id, product.pk])).content.decode()
    assert "Belum ada foto." in html


def test_a_file_that_is_not_an_image_is_refused(client, staf, product):
    client.force_login(staf)
    url = reverse("groups:product_photo_add", args=[product.group_id, product.pk])
    client.post(url, {"image": images.upload(b"<html>not a photo</html>", "foto.jpg")})
    assert not product.photos.exists()


def test_no_more_than_the_most_photos_per_product(client, staf, product):
    client.force_login(staf)
    for _ in range(ProductPhoto.MAX_PER_PRODUCT + 1):
        _add(client, product)
    assert product.photos.count() == ProductPhoto.MAX_PER_PRODUCT


def test_gallery_photos_are_served_by_the_scope_and_public_once_selected(client, staf, petugas_pamulang, product):
    client.force_login(staf)
    _add(client, product)
    _add(client, product)
    second = product.photos.get(position=1)
    client.logout()
    url = reverse("file", args=[second.image.name])
    assert client.get(url).status_code == 302  # not in the catalogue: log in
    client.force_login(petugas_pamulang)
    assert client.get(url).status_code == 404  # another kecamatan's product
    client.logout()
    _selected(product)
    response = client.get(url)
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert client.get(reverse("file", args=[second.thumbnail.name])).status_code == 200


def test_the_catalogue_shows_the_cover_and_the_gallery_and_its_etag_follows_the_photos(client, staf, product):
    _selected(product)
    url = reverse("catalogue:group", args=[product.group_id])
    etag = client.get(url)["ETag"]
    client.force_login(staf)
    _add(client, product)
    _add(client, product)
    client.logout()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    html = response.content.decode()
    first, second = product.photos.all()
    card = html[html.index(f'id="produk-{product.pk}"') :]
    assert reverse("file", args=[first.thumbnail.name]) in card  # the cover
    assert reverse("file", args=[second.thumbnail.name]) in card  # the gallery
    # The lists show the cover only.
    index = client.get(reverse("catalogue:index")).content.decode()
    assert reverse("file", args=[first.thumbnail.name]) in index
    assert reverse("file", args=[second.thumbnail.name]) not in index
