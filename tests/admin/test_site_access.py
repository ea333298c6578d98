"""Who may use the admin at all: Admin and Staf Disperindag. Field officers, leadership and
bank liaisons work in the portal; every admin page refuses them with the portal's 403."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, reverse

from tests.factories import UserFactory


def _every_admin_url() -> list[str]:
    """One address per URL pattern of the admin site, filled with real objects where there are some."""
    ct = ContentType.objects.get_for_model(apps.get_model("participants", "Participant"))
    urls = []
    for entry in admin.site.get_urls():
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):  # one ModelAdmin's patterns, under app_label/model_name/
            model = apps.get_model(*route.strip("/").split("/"))
            obj = model._default_manager.order_by("pk").first()
            pk = str(obj.pk) if obj is not None else "1"
            urls += [f"/admin/{route}{_fill(str(p.pattern), pk)}" for p in entry.url_patterns]
        elif route.startswith("^"):  # the index of each app: a regex of the app labels
            urls += [f"/admin/{label}/" for label in re.findall(r"\w+", route.split("(?P<app_label>")[-1])[1:]]
        elif route.startswith("("):  # the final catch-all
            urls.append("/admin/tidak-ada/")
        else:
            urls.append("/admin/" + _fill(route.replace("<int:content_type_id>", str(ct.pk)), "1"))
    return sorted(set(urls))


def _fill(route: str, pk: str) -> str:
    return re.sub(r"<[^>]+>", pk, route)


@pytest.mark.parametrize("who", ["pimpinan", "bank_bri", "petugas_ciputat"])
def test_every_admin_page_refuses_leadership_bank_liaisons_and_field_officers_with_403(client, request, places, who):
    client.force_login(request.getfixturevalue(who))
    urls = _every_admin_url()
    assert len(urls) > 150  # every ModelAdmin's changelist, add, change, history, delete, auditlog, ...
    for name in ("autocomplete", "index", "login", "logout", "jsi18n"):
        assert reverse(f"admin:{name}") in urls
    assert f"/admin/financing/loanreferral/{places.referral_bri.pk}/status/" in urls
    assert f"/admin/participants/participant/{places.participant_ciputat.pk}/auditlog/" in urls
    answers = {}
    for url in urls:
        for method in ("get", "post"):
            answers[f"{method} {url}"] = getattr(client, method)(url).status_code
    assert {k: v for k, v in answers.items() if v != 403} == {}


def test_an_autocomplete_answers_leadership_nothing(client, pimpinan, places):
    client.force_login(pimpinan)
    response = client.post(  # autocomplete is asked by POST (accounts/admin_guard.py)
        reverse("admin:autocomplete"),
        {"app_label": "groups", "model_name": "membership", "field_name": "participant", "term": "Warga"},
    )
    assert response.status_code == 403
    assert "Warga" not in response.content.decode()


def test_anonymous_visitors_still_get_the_admin_login(client, places):
    response = client.get(reverse("admin:participants_participant_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.get(reverse("admin:login")).status_code == 200


@pytest.mark.parametrize("who", ["admin_user", "staf"])
def test_the_back_office_roles_still_use_the_admin(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_user_without_a_role_gets_403_not_a_login_loop(client, db):
    client.force_login(UserFactory(username="tanpa.peran", is_staff=True))
    assert client.get(reverse("admin:index")).status_code == 403


@pytest.mark.parametrize(
    ("who", "shown"),
    [("admin_user", True), ("staf", True), ("petugas_ciputat", False), ("pimpinan", False), ("bank_bri", False)],
)
def test_the_administrasi_link_is_shown_only_to_roles_that_may_use_the_admin(client, request, who, shown):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("home")).content.decode()
    assert (f'href="{reverse("admin:index")}"' in page) == shown
