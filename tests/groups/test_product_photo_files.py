"""A removed product photo leaves the disk (its image and thumbnail) once the transaction
commits: removed on its own with the confirmation, or with its product or KUB by cascade.
The recycle bin keeps its copy of a deleted KUB's photos until the item is purged."""

import pytest
from django.db import transaction
from django.urls import reverse

from groups.models import BusinessGroup, Product, ProductPhoto
from groups.services_products import photo_add, photo_remove
from records import recycle
from tests import factories
from tests.core import images

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(db):
    return factories.ProductFactory(group=factories.BusinessGroupFactory(kecamatan=factories.kecamatan("Ciputat")))


def add(product, user, color=(200, 30, 30)) -> ProductPhoto:
    return photo_add(product=product, image=images.upload(images.jpeg(size=(400, 300), color=color)), user=user)


def names(photo: ProductPhoto) -> list[str]:
    assert photo.image.name and photo.thumbnail.name
    return [photo.image.name, photo.thumbnail.name]


def on_disk(storage, files) -> list[bool]:
    return [storage.exists(name) for name in files]


def test_a_photo_removed_with_its_confirmation_leaves_the_disk_after_the_commit(
    client, staf, product, django_capture_on_commit_callbacks
):
    first, second = add(product, staf), add(product, staf, color=(20, 200, 20))
    storage = first.image.storage
    gone, kept = names(first), names(second)
    client.force_login(staf)
    remove = reverse("groups:product_photo_remove", args=[product.group_id, product.pk, first.pk])
    client.get(remove)  # the confirmation page removes nothing
    assert on_disk(storage, gone) == [True, True]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(remove)
        # Not before the commit: a rollback would keep the row, which needs its files.
        assert on_disk(storage, gone) == [True, True]
    for callback in callbacks:
        callback()

    assert on_disk(storage, gone) == [False, False]
    # The other photo, now the cover (the product mirrors its files), stays.
    assert on_disk(storage, kept) == [True, True]
    product.refresh_from_db()
    assert product.photo.name == second.image.name


def test_a_removal_rolled_back_keeps_the_files(staf, product, django_capture_on_commit_callbacks):
    photo = add(product, staf)
    photo_pk, files, storage = photo.pk, names(photo), photo.image.storage
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        photo_remove(photo=photo, user=staf)
        raise RuntimeError("rolled back")
    assert ProductPhoto.objects.filter(pk=photo_pk).exists()
    assert on_disk(storage, files) == [True, True]


def test_deleting_a_product_deletes_all_its_photos_files(staf, product, django_capture_on_commit_callbacks):
    photos = [add(product, staf, color=(10 * i, 100, 100)) for i in range(3)]
    storage = photos[0].image.storage
    files = [name for photo in photos for name in names(photo)]
    with django_capture_on_commit_callbacks(execute=True):
        Product.objects.get(pk=product.pk).delete()
    assert not any(on_disk(storage, files))


def test_deleting_a_kub_by_cascade_deletes_its_products_photos(staf, product, django_capture_on_commit_callbacks):
    photo = add(product, staf)
    files, storage = names(photo), photo.image.storage
    with django_capture_on_commit_callbacks(execute=True):
        BusinessGroup.objects.get(pk=product.group_id).delete()
    assert on_disk(storage, files) == [False, False]


def test_a_kub_in_the_recycle_bin_keeps_its_photos_until_purged(
    admin_user, staf, product, django_capture_on_commit_callbacks
):
    photo = add(product, staf)
    photo_pk, files, storage = photo.pk, names(photo), photo.image.storage
    content = storage.open(files[0]).read()

    with django_capture_on_commit_callbacks(execute=True):
        item = recycle.recycle_move(obj=product.group, user=admin_user)
    kept = [f["kept"] for f in item.payload["files"] if f["model"] == "groups.ProductPhoto"]
    assert len(kept) == 2 and all(on_disk(storage, kept))

    # Restored: the photo's files are back where its row expects them.
    with django_capture_on_commit_callbacks(execute=True):
        recycle.recycle_restore(item=item, user=admin_user)
    photo = ProductPhoto.objects.get(pk=photo_pk)
    assert on_disk(storage, [photo.image.name, photo.thumbnail.name]) == [True, True]
    assert storage.open(photo.image.name).read() == content
    # The product's cover still names the same files as its first photo (they were stored once).
    restored = Product.objects.get(pk=product.pk)
    assert (restored.photo.name, restored.photo_thumbnail.name) == (photo.image.name, photo.thumbnail.name)

    # In the bin again, then purged: nothing of it is left on disk.
    group = BusinessGroup.objects.get(pk=product.group_id)
    with django_capture_on_commit_callbacks(execute=True):
        item = recycle.recycle_move(obj=group, user=admin_user)
    kept = [f["kept"] for f in item.payload["files"]]
    assert all(on_disk(storage, kept))
    assert not any(on_disk(storage, [photo.image.name, photo.thumbnail.name]))
    with django_capture_on_commit_callbacks(execute=True):
        recycle.recycle_purge(item=item, user=admin_user)
    assert not any(on_disk(storage, kept))
