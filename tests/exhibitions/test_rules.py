"""The rules of an exhibition, as the services keep them (exhibitions.services)."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from exhibitions import services
from exhibitions.models import BuyerLead, ExhibitionEntry, ExhibitionSale
from groups.models import Product
from tests import factories

pytestmark = pytest.mark.django_db

# The factory's exhibition runs 20–26 November 2026; tests run after it (today is later).
DAY = dt.date(2026, 11, 21)


@pytest.fixture
def fair():
    return factories.ExhibitionFactory(booth_count=2)


@pytest.fixture
def entry(fair):
    entry = factories.ExhibitionEntryFactory(exhibition=fair)
    entry.products.add(factories.ProductFactory(group=entry.group, curation_status=Product.Curation.APPROVED))
    return entry


def _sale(entry, user, client_id=None, **overrides):
    fields = {
        "product": entry.products.first(),
        "sold_on": DAY,
        "quantity": 2,
        "amount": Decimal("150000"),
        "payment_method": ExhibitionSale.Payment.QRIS,
    }
    fields.update(overrides)
    return services.sale_submit(entry=entry, user=user, client_id=client_id or uuid.uuid4(), **fields)


def test_entries_come_with_their_curated_products_only(fair, staf):
    group = factories.BusinessGroupFactory()
    approved = factories.ProductFactory(group=group, curation_status=Product.Curation.APPROVED)
    factories.ProductFactory(group=group, curation_status=Product.Curation.DRAFT)
    (added,) = services.entries_add(exhibition=fair, groups=[group], user=staf)
    assert list(added.products.all()) == [approved]
    # Added again: left as it is, no second entry.
    assert services.entries_add(exhibition=fair, groups=[group], user=staf) == []
    assert fair.entries.count() == 1


def test_an_entry_takes_only_its_own_kubs_products(entry, staf):
    stranger = factories.ProductFactory()
    with pytest.raises(ValidationError, match="bukan milik KUB"):
        services.entry_update(entry=entry, products=[stranger], notes="", user=staf)
    assert stranger not in entry.products.all()


def test_a_booth_is_unique_within_the_exhibition(fair, staf):
    a = factories.ExhibitionEntryFactory(exhibition=fair)
    b = factories.ExhibitionEntryFactory(exhibition=fair)
    rows = {a.pk: ("A1", "accepted"), b.pk: (" a1 ", "accepted")}
    with pytest.raises(ValidationError, match="lebih dari satu KUB"):
        services.booths_assign(exhibition=fair, rows=rows, user=staf)
    assert set(fair.entries.values_list("booth", flat=True)) == {""}
    # The database refuses it too.
    ExhibitionEntry.objects.filter(pk=a.pk).update(booth="B1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExhibitionEntry.objects.filter(pk=b.pk).update(booth="B1")


def test_no_more_booths_than_the_exhibition_has(fair, staf):
    entries = [factories.ExhibitionEntryFactory(exhibition=fair) for _ in range(3)]
    rows = {e.pk: (f"A{n}", "accepted") for n, e in enumerate(entries, 1)}
    with pytest.raises(ValidationError, match="hanya punya 2 stan"):
        services.booths_assign(exhibition=fair, rows=rows, user=staf)
    rows[entries[2].pk] = ("", "declined")
    assert services.booths_assign(exhibition=fair, rows=rows, user=staf) == 3
    assert dict(fair.entries.values_list("pk", "booth")) == {
        entries[0].pk: "A1",
        entries[1].pk: "A2",
        entries[2].pk: "",
    }


def test_two_kubs_may_swap_booths(fair, staf):
    a = factories.ExhibitionEntryFactory(exhibition=fair, booth="A1")
    b = factories.ExhibitionEntryFactory(exhibition=fair, booth="A2")
    services.booths_assign(exhibition=fair, rows={a.pk: ("A2", "accepted"), b.pk: ("A1", "accepted")}, user=staf)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.booth, b.booth, a.status) == ("A2", "A1", "accepted")


def test_a_sale_is_recorded_with_its_payment_method(entry, staf):
    sale, created = _sale(entry, staf)
    assert created
    assert (sale.payment_method, sale.recorded_by, sale.quantity) == ("qris", staf, 2)


@pytest.mark.parametrize("day", [dt.date(2026, 11, 19), dt.date(2026, 11, 27)])
def test_a_sale_date_lies_within_the_exhibition(entry, staf, day):
    with pytest.raises(ValidationError) as error:
        _sale(entry, staf, sold_on=day)
    assert "sold_on" in error.value.message_dict
    assert not ExhibitionSale.objects.exists()


def test_a_sale_is_not_recorded_for_a_day_still_to_come(staf):
    from django.utils import timezone

    today = timezone.localdate()
    running = factories.ExhibitionFactory(
        start_date=today - dt.timedelta(days=1), end_date=today + dt.timedelta(days=2)
    )
    entry = factories.ExhibitionEntryFactory(exhibition=running)
    entry.products.add(factories.ProductFactory(group=entry.group))
    assert _sale(entry, staf, sold_on=today)[1]
    with pytest.raises(ValidationError, match="belum tiba"):
        _sale(entry, staf, sold_on=today + dt.timedelta(days=1))


def test_the_product_sold_belongs_to_the_entrys_kub(entry, staf):
    with pytest.raises(ValidationError) as error:
        _sale(entry, staf, product=factories.ProductFactory())
    assert "product" in error.value.message_dict


def test_the_same_submission_twice_records_one_sale(entry, staf):
    client_id = uuid.uuid4()
    first, created = _sale(entry, staf, client_id)
    again, created_again = _sale(entry, staf, client_id)
    assert created and not created_again
    assert again.pk == first.pk
    assert ExhibitionSale.objects.count() == 1


def test_a_submission_id_of_another_entry_is_refused(entry, fair, staf):
    client_id = uuid.uuid4()
    _sale(entry, staf, client_id)
    other = factories.ExhibitionEntryFactory(exhibition=fair)
    other.products.add(factories.ProductFactory(group=other.group))
    with pytest.raises(ValidationError, match="peserta lain"):
        _sale(other, staf, client_id)


def test_a_field_officer_records_for_their_own_kecamatan_only(fair, petugas_ciputat):
    ciputat = factories.ExhibitionEntryFactory(exhibition=fair, group__kecamatan=factories.kecamatan("Ciputat"))
    pamulang = factories.ExhibitionEntryFactory(exhibition=fair, group__kecamatan=factories.kecamatan("Pamulang"))
    for e in (ciputat, pamulang):
        e.products.add(factories.ProductFactory(group=e.group))
    assert _sale(ciputat, petugas_ciputat)[1]
    with pytest.raises(ValidationError, match="di luar wilayah"):
        _sale(pamulang, petugas_ciputat)
    with pytest.raises(ValidationError, match="di luar wilayah"):
        services.lead_record(entry=pamulang, user=petugas_ciputat, interest="Pesan 20 tas")
    assert ExhibitionSale.objects.get().entry == ciputat


def test_a_lead_without_consent_keeps_no_name_or_contact(entry, staf):
    with pytest.raises(ValidationError) as error:
        services.lead_record(entry=entry, user=staf, interest="Pesan 50 tas", buyer_contact="0812 1111 2222")
    assert "consent" in error.value.message_dict
    assert not BuyerLead.objects.exists()
    # The database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        BuyerLead.objects.create(entry=entry, interest="x", buyer_name="Bu Rina", consent=False)
    # The interest alone may be kept.
    anonymous = services.lead_record(entry=entry, user=staf, interest="Tanya grosir")
    assert (anonymous.buyer_name, anonymous.buyer_contact, anonymous.consent) == ("", "", False)
    kept = services.lead_record(
        entry=entry,
        user=staf,
        interest="Pesan 50 tas",
        buyer_name="Bu Rina",
        buyer_contact="0812 1111 2222",
        consent=True,
    )
    assert kept.buyer_contact == "0812 1111 2222"


def test_a_lead_names_a_product_of_the_entrys_kub(entry, staf):
    with pytest.raises(ValidationError) as error:
        services.lead_record(entry=entry, user=staf, interest="x", product=factories.ProductFactory())
    assert "product" in error.value.message_dict
