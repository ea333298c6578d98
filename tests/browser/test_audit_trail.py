"""A record's Jejak audit (admin) on a phone: one card per entry, every change by name,
nothing wider than the screen. Field officers work in the portal; staff read the trail."""

import pytest
from auditlog.context import set_actor

from regions.models import Kelurahan
from tests.browser.conftest import login
from tests.browser.layout import assert_phone_friendly
from tests.factories import ParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_read_an_officers_changes_in_a_participants_audit_trail_on_a_phone(phone_page, petugas_ciputat, staf):
    ciputat, serua = (Kelurahan.objects.get(name=name, kecamatan__name="Ciputat") for name in ("Ciputat", "Serua"))
    with set_actor(petugas_ciputat):
        participant = ParticipantFactory(
            name="Siti Nurhaliza Binti Abdullah Rahman",
            kelurahan=ciputat,
            address="Jl. Kenanga Raya No. 7, RT 03/RW 05",
        )
        participant.kelurahan = serua
        participant.save()

    login(phone_page, "staf")
    phone_page.goto(f"/admin/participants/participant/{participant.pk}/auditlog/")
    rows = phone_page.locator("table.audit-trail tbody tr")
    assert rows.count() == 2
    assert "Kelurahan: Ciputat → Serua" in rows.first.inner_text()
    # A card per entry: the table's header gives way to each cell's own label.
    assert phone_page.locator("table.audit-trail thead").is_hidden()
    assert rows.first.locator("td.audit-when").get_attribute("data-label") == "Waktu"
    assert_phone_friendly(phone_page)
