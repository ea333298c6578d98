"""The portal's URLs plus views that fail on purpose, for tests/test_error_pages.py."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpResponseNotFound
from django.urls import path

from tangsel_portal.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("a lookup nobody offered")


def broken(request):
    raise RuntimeError("the server broke")


def not_found_on_purpose(request):
    return HttpResponseNotFound("plain answer of a view")


urlpatterns = [
    path("uji/403/", forbidden),
    path("uji/400/", suspicious),
    path("uji/500/", broken),
    path("uji/404-sendiri/", not_found_on_purpose),
    *urlpatterns,
]
