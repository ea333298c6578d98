"""A KUB's status and active member count follow its memberships, whatever writes them (see
core.derived); a product photo's files leave the disk with its last row."""

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete

from core.derived import Derived

from .models import BusinessGroup, Membership, Product, ProductPhoto
from .services import group_refresh_status


def _refresh(groups: list[BusinessGroup]) -> None:
    for group in groups:
        group_refresh_status(group=group)


def _still_used(name: str) -> bool:
    """A gallery row and its product's cover share stored names (Product.photo mirrors the
    first photo); a name is deleted only once nothing points at it any more."""
    return (
        ProductPhoto.objects.filter(Q(image=name) | Q(thumbnail=name)).exists()
        or Product.objects.filter(Q(photo=name) | Q(photo_thumbnail=name)).exists()
    )


def _delete_unused(storage, names: list[str]) -> None:
    for name in names:
        if not _still_used(name):
            storage.delete(name)


def _forget_files(sender, instance, using, **kwargs) -> None:
    """A photo removed on its own, or with its product or KUB by cascade: its image and
    thumbnail are deleted once the transaction commits (a rollback keeps the row and its
    files). The recycle bin (records.recycle) copies a KUB's files aside before it deletes
    the rows, so a photo in the bin keeps its copy until the item is purged."""
    fields = ("image", "thumbnail") if sender is ProductPhoto else ("photo", "photo_thumbnail")
    files = [getattr(instance, name) for name in fields]
    names = [f.name for f in files if f and f.name]
    if names:
        storage = files[0].storage
        transaction.on_commit(lambda: _delete_unused(storage, names), using=using)


def connect() -> None:
    for model in (ProductPhoto, Product):
        post_delete.connect(_forget_files, sender=model, dispatch_uid=f"groups.files:{model._meta.label}")
    Derived(BusinessGroup, _refresh, fields=["active_member_count", "status", "formed_on"]).follow(
        Membership, "group", watch=["left_on"]
    )
