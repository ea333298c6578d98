"""Every admin of the site loads: its list, its add page and the change page of an object."""

import pytest
from django.contrib import admin

from accounts.admin_mixins import DomainAdmin, ScopedAdminMixin
from tests.admin.conftest import admin_url

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
DOMAIN_APPS = {"accounts", "regions", "participants", "trainings", "groups", "inventory", "exhibitions", "financing"}
# Written only by services or by the system; no one adds them by hand.
READ_ONLY = {
    "financing.LoanReferralEvent",
    "inventory.Curation",
    "financing.DocumentView",
    "reports.ExportJob",
    "reports.ImportJob",
    "auditlog.LogEntry",
    "security.SecurityEvent",
}


def _ids(item):
    return item[0]._meta.label


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=[_ids(i) for i in REGISTRY])
def test_every_changelist_and_add_page_loads_for_the_admin(client, admin_user, places, model, model_admin):
    client.force_login(admin_user)
    assert client.get(admin_url(model, "changelist")).status_code == 200
    response = client.get(admin_url(model, "add"))
    assert response.status_code == (403 if model._meta.label in READ_ONLY else 200)


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=[_ids(i) for i in REGISTRY])
@pytest.mark.parametrize("who", ["admin_user", "staf"])
def test_every_change_page_loads(client, request, places, model, model_admin, who):
    obj = model._default_manager.order_by("pk").first()
    if obj is None:
        pytest.skip("no object of this model in the fixture")
    user = request.getfixturevalue(who)
    client.force_login(user)
    if not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
        assert client.get(admin_url(obj)).status_code == 403  # only the Admin manages user accounts
        return
    assert client.get(admin_url(obj)).status_code == 200
    if isinstance(model_admin, DomainAdmin):
        assert client.get(admin_url(obj, "auditlog")).status_code == 200
        assert client.get(admin_url(obj, "history")).status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=[_ids(i) for i in REGISTRY])
def test_every_domain_admin_and_its_inlines_are_scoped(model, model_admin):
    if model._meta.app_label not in DOMAIN_APPS | {"reports"}:
        pytest.skip("not a domain model")
    assert isinstance(model_admin, ScopedAdminMixin)
    for inline in model_admin.inlines:
        assert issubclass(inline, ScopedAdminMixin), inline
    if model._meta.app_label != "accounts":
        assert isinstance(model_admin, DomainAdmin)
        assert model_admin.show_auditlog_history_link


def test_the_admin_searches_every_list(client, admin_user, places):
    client.force_login(admin_user)
    for model, model_admin in REGISTRY:
        if model_admin.search_fields:
            response = client.get(admin_url(model, "changelist"), {"q": "Ciputat"})
            assert response.status_code == 200, model._meta.label
