"""The home page (/): shortcuts to the portal's own pages, the admin only for roles that may
use it, and a bank liaison's latest referrals."""

import re

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def _shortcuts(response) -> dict[str, str]:
    html = response.content.decode()
    block = html.split('id="shortcuts"', 1)[1].split("</div>", 1)[0]
    return {
        " ".join(re.sub(r"<[^>]+>", " ", label).split()): href
        for href, label in re.findall(r'href="([^"]+)"[^>]*>(.*?)</a>', block)
    }


def test_staff_shortcuts_open_the_portal_pages_and_the_admin_where_there_is_none(client, staf):
    client.force_login(staf)
    links = _shortcuts(client.get(reverse("home")))
    assert links["Peserta"] == reverse("participants:list")
    assert links["Pelatihan"] == reverse("trainings:index")
    assert links["KUB"] == reverse("groups:list")
    assert links["Capaian"] == reverse("reports:outcomes")
    assert links["Pembiayaan"] == reverse("financing:list")
    assert links["Produk (admin)"] == reverse("admin:groups_product_changelist")
    assert "Kub" not in links
    assert not [h for label, h in links.items() if h.startswith("/admin/") and "(admin)" not in label]


@pytest.mark.parametrize("who", ["pimpinan", "bank_bri"])
def test_roles_without_the_admin_get_no_admin_shortcut(client, request, who):
    client.force_login(request.getfixturevalue(who))
    links = _shortcuts(client.get(reverse("home")))
    assert links
    assert not [h for h in links.values() if h.startswith("/admin/")]


def test_a_bank_liaison_sees_the_latest_referrals_of_their_bank(client, bank_bri, bri):
    mine = factories.LoanReferralFactory(bank=bri, participant=factories.ParticipantFactory(name="Rahma Kredit"))
    factories.LoanReferralFactory(
        bank=bri, status="draft", participant=factories.ParticipantFactory(name="Belum Dikirim")
    )
    factories.LoanReferralFactory(participant=factories.ParticipantFactory(name="Bank Lain"))
    client.force_login(bank_bri)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert list(response.context["referrals"]) == [mine]
    assert f'href="{reverse("financing:detail", args=[mine.pk])}"' in html
    assert "Rahma Kredit" in html and "Dirujuk" in html
    assert "Belum Dikirim" not in html and "Bank Lain" not in html
    assert 'id="kecamatan-counts"' not in html  # no empty table of kecamatan they cannot see


def test_others_see_the_dashboard_per_kecamatan(client, pimpinan):
    client.force_login(pimpinan)
    response = client.get(reverse("home"))
    assert response.context["referrals"] is None
    assert len(response.context["dashboard"]["figures"].rows) == 7
