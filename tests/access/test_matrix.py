"""Walk every named URL as every persona (pretix's test_permissions, adapted)."""

import importlib
import pkgutil

import pytest
from django.urls import get_resolver, reverse

import tests.access
from tests.access.matrix import LOGIN, PERSONAS, Route

pytestmark = pytest.mark.django_db

# Named URLs that are not pages of ours: Django admin (covered by tests/admin) and static/media serving.
IGNORED_NAMESPACES = {"admin"}


def _routes() -> list[Route]:
    routes = []
    for info in pkgutil.iter_modules(tests.access.__path__):
        if info.name.startswith("urls_"):
            routes += importlib.import_module(f"tests.access.{info.name}").ROUTES
    return routes


ROUTES = _routes()


def _named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            ns = pattern.namespace
            if ns in IGNORED_NAMESPACES:
                continue
            names |= _named_urls(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_named_url_is_in_the_access_matrix():
    covered = {r.name for r in ROUTES}
    missing = _named_urls() - covered
    assert not missing, f"Add these URLs to tests/access/urls_*.py: {sorted(missing)}"


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_access(route, persona, client, request):
    world = request.getfixturevalue("world")
    url = reverse(route.name, kwargs=route.kwargs(world) if route.kwargs else None)
    if persona is not None:
        client.force_login(persona)
    name = request.node.callspec.params["persona"]
    expected = route.expect[name]
    response = getattr(client, route.method)(url, route.data)
    if expected == LOGIN:
        assert response.status_code == 302, f"{route.id} as {name}: {response.status_code}"
        assert response["Location"].startswith(reverse("login")), response["Location"]
    else:
        assert response.status_code == expected, f"{route.id} as {name}: got {response.status_code}"
