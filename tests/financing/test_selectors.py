"""Leadership's totals: counts and sums per status and per bank, with no sum that is one
person's loan (or can be worked back to one)."""

from decimal import Decimal

import pytest

from financing.models import ReferralStatus
from financing.selectors import MIN_CONTRIBUTORS, referral_totals
from tests import factories

pytestmark = pytest.mark.django_db

S = ReferralStatus


def _referral(bank, status, requested, approved=None):
    return factories.LoanReferralFactory(
        bank=bank, status=status, amount_requested=Decimal(requested), amount_approved=approved
    )


def _rows(rows) -> dict:
    return {r.key: r for r in rows}


def test_the_totals_count_and_add_up_per_status_and_per_bank(pimpinan, bri):
    bni = factories.BankFactory(short_name="BNI")
    for amount in (1_000_000, 2_000_000, 3_000_000):
        _referral(bri, S.REFERRED, amount)
    for amount in (4_000_000, 5_000_000, 6_000_000):
        _referral(bni, S.REFERRED, amount)
    totals = referral_totals(user=pimpinan)
    status = _rows(totals.by_status)["referred"]
    assert (status.count, status.sums["requested"], status.hidden) == (6, Decimal(21_000_000), set())
    banks = _rows(totals.by_bank)
    assert (banks["BRI"].count, banks["BRI"].sums["requested"]) == (3, Decimal(6_000_000))
    assert (banks["BNI"].count, banks["BNI"].sums["requested"]) == (3, Decimal(15_000_000))
    assert totals.total.sums["requested"] == Decimal(21_000_000)


def test_a_sum_of_fewer_than_three_referrals_is_withheld(pimpinan, bri):
    assert MIN_CONTRIBUTORS == 3
    for amount in (1_000_000, 2_000_000, 3_000_000):
        _referral(bri, S.REFERRED, amount)
    _referral(bri, S.APPROVED, 7_000_000, approved=Decimal(6_500_000))
    rows = _rows(referral_totals(user=pimpinan).by_status)
    assert "requested" in rows["approved"].hidden and "approved" in rows["approved"].hidden
    # The one approved amount is the only one: withheld in the total too.
    total = referral_totals(user=pimpinan).total
    assert "approved" in total.hidden and "requested" not in total.hidden


def test_a_lone_withheld_sum_takes_the_next_smallest_with_it(pimpinan, bri):
    """Otherwise the total (shown) minus the other rows would give the withheld one back."""
    for amount in (1_000_000, 2_000_000, 3_000_000, 4_000_000):
        _referral(bri, S.REFERRED, amount)
    for amount in (5_000_000, 6_000_000, 7_000_000):
        _referral(bri, S.UNDER_REVIEW, amount)
    _referral(bri, S.REJECTED, 9_000_000)
    rows = _rows(referral_totals(user=pimpinan).by_status)
    assert "requested" in rows["rejected"].hidden
    assert "requested" in rows["under_review"].hidden  # 3 referrals, the smaller of the two others
    assert "requested" not in rows["referred"].hidden
    shown = {r.sums["requested"] for r in rows.values() if "requested" not in r.hidden}
    assert shown == {Decimal(10_000_000)}


def test_a_bank_liaisons_totals_would_cover_only_their_bank(bank_bri, bri):
    _referral(bri, S.REFERRED, 1_000_000)
    _referral(factories.BankFactory(short_name="BNI"), S.REFERRED, 2_000_000)
    assert [r.key for r in referral_totals(user=bank_bri).by_bank] == ["BRI"]
