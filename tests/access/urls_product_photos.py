"""A product's photos on its page (/kub/<id>/produk/<id>/foto/…): staff and admins only; a
field officer of another kecamatan never gets past the permission (403)."""

from tests import factories
from tests.access.matrix import Route, everyone


def _photo(w):
    from groups.models import ProductPhoto
    from tests.core import images

    photo = ProductPhoto(product=w.product_ciputat, image=images.upload(images.jpeg(), "foto.jpg"))
    photo.save()
    return {"pk": w.group_ciputat.pk, "product_pk": w.product_ciputat.pk, "photo_pk": photo.pk}


def _product(w):
    return {"pk": w.group_ciputat.pk, "product_pk": w.product_ciputat.pk}


def _wrong_group(w):
    return {**_photo(w), "pk": factories.BusinessGroupFactory().pk}


STAFF = everyone(403, admin_user=200, staf=200)
STAFF_POST = everyone(403, admin_user=302, staf=302)

ROUTES = [
    # Nothing uploaded: back to the product with the reason.
    Route("groups:product_photo_add", STAFF_POST, kwargs=_product, method="post"),
    Route("groups:product_photo_add", everyone(405), kwargs=_product, label="get"),
    Route("groups:product_photo_remove", STAFF, kwargs=_photo),
    Route("groups:product_photo_remove", STAFF_POST, kwargs=_photo, method="post", label="post"),
    Route(
        "groups:product_photo_remove", everyone(403, admin_user=404, staf=404), kwargs=_wrong_group, label="other-kub"
    ),
    Route("groups:product_photo_move", STAFF_POST, kwargs=_photo, method="post", data={"arah": "naik"}),
]
