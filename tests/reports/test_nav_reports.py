"""The report pages in the portal's navigation: "Laporan" (the monthly program reports) for the
roles that may open them, "Ekspor saya" for everyone, and the dashboard's link to the reports."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav(client, url="/") -> dict[str, tuple[str, bool]]:
    """The navbar's links: label -> (address, active)."""
    html = client.get(url).content.decode()
    block = html.split('<ul class="navbar-nav me-auto">', 1)[1].split("</ul>", 1)[0]
    return {
        label.strip(): (href, "active" in classes)
        for classes, href, label in re.findall(r'<a class="nav-link([^"]*)" href="([^"]+)"[^>]*>(.*?)</a>', block)
    }


@pytest.mark.parametrize("who", ["staf", "pimpinan", "admin_user"])
def test_city_wide_readers_find_the_monthly_reports_and_their_exports(client, request, who):
    client.force_login(request.getfixturevalue(who))
    links = nav(client)
    assert links["Laporan"][0] == reverse("reports:index")
    assert links["Ekspor saya"][0] == reverse("reports:export_list")
    assert client.get(links["Laporan"][0]).status_code == 200
    html = client.get("/").content.decode()
    assert 'id="monthly-reports-link"' in html and f'href="{reverse("reports:index")}"' in html


@pytest.mark.parametrize("who", ["bank_bri", "petugas_ciputat"])
def test_others_get_their_exports_but_no_monthly_reports(client, request, who):
    client.force_login(request.getfixturevalue(who))
    links = nav(client)
    assert "Laporan" not in links
    assert links["Ekspor saya"][0] == reverse("reports:export_list")
    assert client.get(links["Ekspor saya"][0]).status_code == 200
    assert client.get(reverse("reports:index")).status_code == 403
    assert 'id="monthly-reports-link"' not in client.get("/").content.decode()


def test_the_page_under_way_marks_only_its_own_link(client, staf):
    client.force_login(staf)
    for url, label in [
        (reverse("reports:index"), "Laporan"),
        (reverse("reports:export_list"), "Ekspor saya"),
        (reverse("reports:outcomes"), "Capaian"),
    ]:
        active = [name for name, (_, on) in nav(client, url).items() if on]
        assert active == [label], url
