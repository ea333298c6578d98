"""Reads for the IKM profile: licences about to expire, the curation queue, and what an
exhibition is filled from (the selected businesses and products)."""

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from accounts.scoping import scope_queryset
from groups.models import Product

from .models import Business, BusinessLicence, Curation


def licences_expiring(*, user, expired: bool = False, today: dt.date | None = None) -> QuerySet:
    """Licences in the user's scope that expire within TANGSEL_LICENCE_EXPIRY_DAYS, soonest
    first; or, with `expired`, those already expired, latest first."""
    today = today or timezone.localdate()
    licences = BusinessLicence.objects.select_related("business__kelurahan__kecamatan")
    if expired:
        licences = licences.filter(valid_until__lt=today).order_by("-valid_until", "-pk")
    else:
        until = today + dt.timedelta(days=settings.TANGSEL_LICENCE_EXPIRY_DAYS)
        licences = licences.filter(valid_until__gte=today, valid_until__lte=until).order_by("valid_until", "pk")
    return scope_queryset(user, licences)


def curation_queue(*, user, status: str = Curation.Status.NOMINATED) -> QuerySet:
    curations = Curation.objects.filter(status=status).select_related(
        "kecamatan", "business__kelurahan", "product__group", "changed_by"
    )
    return scope_queryset(user, curations).order_by("-changed_at", "-pk")


def curated_selected_products(*, user=None) -> QuerySet:
    """The products curation selected: what an exhibition is filled from."""
    products = Product.objects.filter(curations__status=Curation.Status.SELECTED).select_related("group")
    return scope_queryset(user, products) if user is not None else products


def curated_selected_businesses(*, user=None) -> QuerySet:
    businesses = Business.objects.filter(curations__status=Curation.Status.SELECTED).select_related("kelurahan")
    return scope_queryset(user, businesses) if user is not None else businesses
