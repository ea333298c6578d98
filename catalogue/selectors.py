"""Reads for the public catalogue (/katalog/): what curation selected, and nothing personal.

A product is in the catalogue when its curation is *selected* and its KUB is not dissolved.
The same rule decides whether its photo is served without login (`product_is_public`), so a
photo is public exactly while its product is shown. Only product and KUB fields leave here:
no member, no participant, no address or phone (the contact is the department's).
"""

import hashlib

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, QuerySet

from groups.models import BusinessGroup, Product, ProductPhoto
from inventory.models import Curation
from regions.models import Kecamatan
from trainings.models import CraftType


def catalogue_products() -> QuerySet:
    return (
        Product.objects.filter(curations__status=Curation.Status.SELECTED)
        .exclude(group__status=BusinessGroup.Status.DISSOLVED)
        .select_related("group__kecamatan", "craft_type")
        .only(
            "id",
            "name",
            "description",
            "price",
            "photo",
            "photo_thumbnail",
            "craft_type__id",
            "craft_type__name",
            "group__id",
            "group__name",
            "group__kecamatan__id",
            "group__kecamatan__name",
        )
        .order_by("group__name", "name", "pk")
    )


def gallery_prefetch() -> Prefetch:
    """A product's photos after the cover (which its card shows already), in their order."""
    return Prefetch(
        "photos",
        queryset=ProductPhoto.objects.filter(position__gt=0).only("id", "product_id", "image", "thumbnail", "caption"),
        to_attr="gallery",
    )


def product_is_public(product: Product) -> bool:
    return catalogue_products().filter(pk=product.pk).exists()


def filter_products(
    products: QuerySet, *, group: int | None = None, craft: int | None = None, kecamatan: int | None = None
) -> QuerySet:
    if group is not None:
        products = products.filter(group_id=group)
    if craft is not None:
        products = products.filter(craft_type_id=craft)
    if kecamatan is not None:
        products = products.filter(group__kecamatan_id=kecamatan)
    return products


def catalogue_version(products: QuerySet, *, salt: str = ""):
    """(etag, last_modified) of the products shown, from one query: their number and their
    latest change (a product edited, a curation moved). `salt` adds what else the page
    depends on (filters, page, language)."""
    stats = products.order_by().aggregate(
        count=Count("pk", distinct=True), product=Max("updated_at"), curation=Max("curations__changed_at")
    )
    changes = [value for value in (stats["product"], stats["curation"]) if value is not None]
    last_modified = max(changes) if changes else None
    raw = f"{salt}|{stats['count']}|{stats['product']}|{stats['curation']}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32], last_modified


def catalogue_crafts() -> QuerySet:
    """The craft types with at least one product in the catalogue."""
    return CraftType.objects.filter(products__in=catalogue_products().values("pk")).distinct().order_by("name")


def catalogue_kecamatans() -> QuerySet:
    return (
        Kecamatan.objects.filter(business_groups__products__in=catalogue_products().values("pk"))
        .distinct()
        .order_by("name")
    )


def catalogue_group(pk: int) -> BusinessGroup | None:
    """A KUB with at least one product in the catalogue; others do not exist publicly."""
    return (
        BusinessGroup.objects.filter(pk=pk, products__in=catalogue_products().values("pk"))
        .exclude(status=BusinessGroup.Status.DISSOLVED)
        .select_related("kecamatan", "craft_type")
        .only("id", "name", "kecamatan__name", "craft_type__name")
        .first()
    )


def catalogue_members(group: BusinessGroup) -> list[str]:
    """The names of the KUB's active members who consented to their name being published
    with the KUB's products (and have not withdrawn it); nobody else is named."""
    from groups.models import Membership
    from participants.models import Consent

    consented = Consent.objects.filter(
        participant=OuterRef("participant_id"), purpose=Consent.Purpose.PUBLISH_NAME, withdrawn_at__isnull=True
    )
    return list(
        Membership.objects.filter(Exists(consented), group=group, left_on__isnull=True)
        .order_by("participant__name", "pk")
        .values_list("participant__name", flat=True)
    )
