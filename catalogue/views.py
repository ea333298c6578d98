"""The public catalogue (/katalog/): the products curation selected, by KUB, craft type and
kecamatan. No login, no session, no form: every page is cacheable by anyone for five
minutes and answers a conditional GET with 304 while its products have not changed.

What a page shows comes from `catalogue.selectors` only; a KUB's page names only the members
who consented to publication (`participants.Consent`, purpose "publish_name").
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from regions.models import Kecamatan
from trainings.models import CraftType

from . import selectors

PAGE_SIZE = 24
MAX_AGE = 300


@require_safe
def index(request):
    return _catalogue(request, template="catalogue/index.html")


@require_safe
def group(request, pk: int):
    kub = selectors.catalogue_group(pk)
    if kub is None:
        raise Http404
    members = selectors.catalogue_members(kub)
    return _catalogue(request, template="catalogue/group.html", group=kub, members=members)


@require_safe
def craft(request, pk: int):
    craft_type = CraftType.objects.filter(pk=pk).only("id", "name").first()
    if craft_type is None:
        raise Http404
    return _catalogue(request, template="catalogue/index.html", craft=craft_type)


@require_safe
def kecamatan(request, pk: int):
    place = Kecamatan.objects.filter(pk=pk).only("id", "name").first()
    if place is None:
        raise Http404
    return _catalogue(request, template="catalogue/index.html", kecamatan=place)


def _catalogue(request, *, template: str, group=None, craft=None, kecamatan=None, members=()):
    products = selectors.filter_products(
        selectors.catalogue_products(),
        group=group.pk if group else None,
        craft=craft.pk if craft else None,
        kecamatan=kecamatan.pk if kecamatan else None,
    )
    page_number = request.GET.get("page", "1")
    etag, last_modified = selectors.catalogue_version(
        products,
        # The names shown change the page too (a consent given or withdrawn).
        salt=f"{get_language()}|{request.path}|{page_number}|{settings.TANGSEL_CATALOGUE_CONTACT}|{members}",
    )
    etag = quote_etag(etag)
    modified = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is None:
        if group is not None:
            # A KUB's page shows each product's gallery; the lists show its cover only.
            products = products.prefetch_related(selectors.gallery_prefetch())
        page = Paginator(products, PAGE_SIZE).get_page(page_number)
        context = {
            "page": page,
            "products": page.object_list,
            "group": group,
            "craft": craft,
            "kecamatan": kecamatan,
            "contact": settings.TANGSEL_CATALOGUE_CONTACT,
            "members": members,
        }
        if group is None:
            context["crafts"] = selectors.catalogue_crafts()
            context["kecamatans"] = selectors.catalogue_kecamatans()
        response = render(request, template, context)
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    # The language cookie changes the page's words.
    patch_vary_headers(response, ["Cookie"])
    return response
