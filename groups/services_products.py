"""Writes for a KUB's products from the portal (the admin keeps its own form)."""

from auditlog.context import set_actor
from django.db import transaction

from .models import BusinessGroup, Product


@transaction.atomic
def product_save(*, product: Product, group: BusinessGroup, user) -> Product:
    """Save a new or edited product of `group`; the photo is re-encoded by SafeImageField."""
    product.group = group
    with set_actor(user):
        product.save()
    return product
