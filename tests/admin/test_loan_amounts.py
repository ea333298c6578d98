"""Loan amounts are specific personal data: leadership reads referrals without them."""

from decimal import Decimal

from financing.models import LoanReferral
from financing.services import referral_transition
from tests.admin.conftest import admin_url


def test_pimpinan_reads_referrals_without_their_amounts(client, pimpinan, places):
    client.force_login(pimpinan)
    changelist = client.get(admin_url(LoanReferral, "changelist"))
    assert changelist.status_code == 200
    assert not {"amount_requested", "amount_requested_rp"} & set(changelist.context["cl"].list_display)
    page = client.get(admin_url(places.referral_bri)).content.decode()
    assert "5.000.000" not in page and "5000000" not in page


def test_staff_and_the_bank_see_the_amounts(client, staf, bank_bri, places):
    referral_transition(referral=places.referral_bri, to_status="referred", user=staf)
    for user in (staf, bank_bri):
        client.force_login(user)
        assert "amount_requested_rp" in client.get(admin_url(LoanReferral, "changelist")).context["cl"].list_display
        page = client.get(admin_url(places.referral_bri)).content.decode()
        assert "5000000" in page or "5.000.000" in page
    assert places.referral_bri.amount_requested == Decimal("5000000")
