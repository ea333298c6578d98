"""Leadership sees loan totals only: no page it can open shows one person's loan amount or
the bank's decision on it (UU PDP: loan data is specific personal data)."""

import re

import pytest
from django.urls import reverse

from financing.models import LoanReferral
from groups.models import BusinessGroup
from participants.models import Participant

pytestmark = pytest.mark.django_db

DECISIONS = ("disetujui", "ditolak", "dicairkan", "approved", "rejected", "disbursed")


def _amount_forms(value) -> set[str]:
    n = int(value)
    return {str(n), f"{n:,}", f"{n:,}".replace(",", "."), f"{n:,}".replace(",", " ")}


def _individual_amounts() -> set[str]:
    out = set()
    for r in LoanReferral.objects.all():
        for value in (r.amount_requested, r.amount_approved, r.amount_disbursed):
            if value is not None:
                out |= _amount_forms(value)
    return out


def _pages() -> list[str]:
    urls = [reverse("home"), reverse("financing:list"), reverse("participants:list"), reverse("groups:list")]
    urls += [reverse("participants:detail", args=[p.pk]) for p in Participant.objects.all()]
    urls += [reverse("groups:detail", args=[g.pk]) for g in BusinessGroup.objects.all()]
    for r in LoanReferral.objects.all():
        urls += [reverse("financing:detail", args=[r.pk]), reverse("financing:transition", args=[r.pk])]
    return urls


def test_no_page_shows_leadership_an_individual_amount_or_decision(client, pimpinan, loans):
    client.force_login(pimpinan)
    amounts = _individual_amounts()
    purposes = set(LoanReferral.objects.values_list("purpose", flat=True))
    seen = 0
    for url in _pages():
        response = client.get(url)
        assert response.status_code in (200, 403), url
        html = response.content.decode()
        numbers = set(re.findall(r"\d[\d.,  ]*\d", html))
        leaked = {a for a in amounts if a in html and any(a in n for n in numbers)}
        assert not leaked, f"{url} shows {leaked}"
        assert not [p for p in purposes if p in html], url
        # The totals page and the dashboard (`/`) show counts per status, so they name the
        # statuses as row headings; neither names an applicant or links to a referral.
        if url.startswith(reverse("financing:list")) or url == reverse("home"):
            assert not re.search(r'href="/pembiayaan/\d+/', html), url
            if response.status_code == 403:
                continue
            assert "Sari Satu" not in html and "KUB Mawar Biru" not in html
        else:
            words = [w for w in DECISIONS if w in html.lower()]
            assert not words, f"{url} says {words}"
        seen += response.status_code == 200
    assert seen >= 10  # the lists, every profile and KUB page were really read


def test_leadership_reads_counts_per_status_and_bank_and_the_sums_of_enough_referrals(client, pimpinan, loans):
    client.force_login(pimpinan)
    response = client.get(reverse("financing:list"))
    assert response.status_code == 200
    totals = response.context["totals"]
    assert {r.key: r.count for r in totals.by_status} == {
        "draft": 1,
        "referred": 3,
        "under_review": 1,
        "approved": 1,
    }
    assert {r.key: r.count for r in totals.by_bank} == {"BNI": 1, "BRI": 5}
    html = response.content.decode()
    assert "38.550.000" in html  # the three referrals waiting at the bank, together
    assert "62.400.000" in html  # every referral's request, together
    assert "tersembunyi" in html


def test_leadership_cannot_post_a_search_or_a_step(client, pimpinan, loans):
    client.force_login(pimpinan)
    assert client.post(reverse("financing:list"), {"q": "Sari"}).status_code == 403
    data = {"langkah": "closed", "rujukan": [loans.sent.pk], "konfirmasi": "1"}
    assert client.post(reverse("financing:list"), data).status_code == 403
    loans.sent.refresh_from_db()
    assert loans.sent.status == "referred"
