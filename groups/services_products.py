"""Writes for a KUB's products from the portal (the admin keeps its own form)."""

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import BusinessGroup, Product, ProductPhoto


@transaction.atomic
def product_save(*, product: Product, group: BusinessGroup, user) -> Product:
    """Save a new or edited product of `group`; the photo is re-encoded by SafeImageField."""
    product.group = group
    with set_actor(user):
        product.save()
    return product


def _follow_cover(product: Product) -> None:
    """The first photo is the cover (`Product.photo`, the same files); the product's
    `updated_at` moves, so the public catalogue's ETag and Last-Modified follow the gallery."""
    first = product.photos.order_by("position", "pk").first()
    Product.objects.filter(pk=product.pk).update(
        photo=first.image.name if first else "",
        photo_thumbnail=(first.thumbnail.name or "") if first else "",
        updated_at=timezone.now(),
    )


def _renumber(product: Product, photos: list[ProductPhoto]) -> None:
    for position, photo in enumerate(photos):
        if photo.position != position:
            photo.position = position
            photo.save(update_fields=["position"])


@transaction.atomic
def photo_add(*, product: Product, image, caption: str = "", user) -> ProductPhoto:
    Product.objects.select_for_update().filter(pk=product.pk).first()  # one upload at a time
    count = product.photos.count()
    if count >= ProductPhoto.MAX_PER_PRODUCT:
        raise ValidationError(
            _("Satu produk paling banyak %(max)d foto; hapus dulu salah satunya.")
            % {"max": ProductPhoto.MAX_PER_PRODUCT}
        )
    with set_actor(user):
        photo = ProductPhoto(product=product, image=image, caption=caption.strip(), position=count)
        photo.save()
    _follow_cover(product)
    return photo


@transaction.atomic
def photo_remove(*, photo: ProductPhoto, user) -> None:
    product = photo.product
    with set_actor(user):
        photo.delete()
        _renumber(product, list(product.photos.order_by("position", "pk")))
    _follow_cover(product)


@transaction.atomic
def photo_move(*, photo: ProductPhoto, step: int, user) -> None:
    """Move a photo one place earlier (step -1) or later (+1); the first is the cover."""
    product = photo.product
    photos = list(product.photos.select_for_update().order_by("position", "pk"))
    index = next(i for i, p in enumerate(photos) if p.pk == photo.pk)
    target = index + step
    if not 0 <= target < len(photos):
        return
    photos[index], photos[target] = photos[target], photos[index]
    with set_actor(user):
        _renumber(product, photos)
    _follow_cover(product)
