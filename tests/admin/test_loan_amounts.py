"""Loan amounts are specific personal data: in the admin only the back office sees them;
leadership and the bank read referrals in the portal (tests/financing)."""

from financing.models import LoanReferral
from financing.services import referral_transition
from tests.admin.conftest import admin_url


def test_pimpinan_and_the_bank_get_403_instead_of_referrals_with_amounts(client, pimpinan, bank_bri, staf, places):
    referral_transition(referral=places.referral_bri, to_status="referred", user=staf)
    for user in (pimpinan, bank_bri):
        client.force_login(user)
        for url in (admin_url(LoanReferral, "changelist"), admin_url(places.referral_bri)):
            response = client.get(url)
            assert response.status_code == 403
            assert "5000000" not in response.content.decode() and "5.000.000" not in response.content.decode()


def test_staff_see_the_amounts(client, staf, places):
    client.force_login(staf)
    assert "amount_requested_rp" in client.get(admin_url(LoanReferral, "changelist")).context["cl"].list_display
    page = client.get(admin_url(places.referral_bri)).content.decode()
    assert "5000000" in page or "5.000.000" in page
