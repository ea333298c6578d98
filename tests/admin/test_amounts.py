"""The admin writes every amount of money as the pages do: Rp10.000.000."""

from decimal import Decimal

from exhibitions.models import ExhibitionSale
from financing.models import LoanReferral
from financing.services import referral_transition
from groups.models import Product
from tests.admin.conftest import admin_url


def test_list_columns_show_amounts_in_rupiah(client, staf, places):
    Product.objects.filter(pk=places.product_ciputat.pk).update(price=Decimal("1250000"))
    ExhibitionSale.objects.filter(pk=places.sale_ciputat.pk).update(amount=Decimal("10000000"))
    client.force_login(staf)
    assert "Rp5.000.000" in client.get(admin_url(LoanReferral, "changelist")).content.decode()
    assert "Rp1.250.000" in client.get(admin_url(Product, "changelist")).content.decode()
    assert "Rp10.000.000" in client.get(admin_url(ExhibitionSale, "changelist")).content.decode()


def test_read_only_amounts_of_a_referral_show_in_rupiah(client, staf, places):
    referral = places.referral_bri
    for step in ("referred", "documents_complete", "under_review"):
        referral = referral_transition(referral=referral, to_status=step, user=staf)
    referral = referral_transition(
        referral=referral, to_status="approved", user=staf, amount_approved=Decimal("4500000")
    )
    client.force_login(staf)
    page = client.get(admin_url(referral)).content.decode()
    # The request is no longer editable once sent: it reads as an amount, like the approval.
    assert "Rp5.000.000" in page and "Rp4.500.000" in page
    assert 'name="amount_requested"' not in page


def test_a_draft_request_stays_an_editable_number_for_staff(client, staf, places):
    client.force_login(staf)
    page = client.get(admin_url(places.referral_bri)).content.decode()
    assert 'name="amount_requested" value="5000000"' in page
