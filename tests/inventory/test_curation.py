"""Curation: nominated → curated → selected, or rejected with a reason; each step records who
and when; a visit recommending its business nominates it; the queue page moves items."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from groups.models import Product
from inventory import selectors_profile
from inventory.curation import curation_move, curation_nominate
from inventory.models import Curation, CurationStep
from inventory.services import visit_record
from tests import factories

pytestmark = pytest.mark.django_db

S = Curation.Status


@pytest.fixture
def business(db):
    return factories.BusinessFactory(kelurahan=factories.kelurahan_of("Ciputat"))


def test_a_business_goes_nominated_curated_selected_with_who_and_when(business, staf, petugas_ciputat):
    item = curation_nominate(user=petugas_ciputat, business=business)
    assert item.status == S.NOMINATED and item.kecamatan.name == "Ciputat"
    curation_move(curation=item, to_status=S.CURATED, user=staf)
    item = curation_move(curation=item, to_status=S.SELECTED, user=staf)
    assert item.status == S.SELECTED and item.changed_by == staf
    steps = list(CurationStep.objects.filter(curation=item).values_list("from_status", "to_status", "by__username"))
    assert steps == [
        ("", S.NOMINATED, "petugas.ciputat"),
        (S.NOMINATED, S.CURATED, "staf"),
        (S.CURATED, S.SELECTED, "staf"),
    ]
    assert all(step.at <= timezone.now() for step in item.steps.all())
    assert list(selectors_profile.curated_selected_businesses()) == [business]


@pytest.mark.parametrize(
    ("steps", "to_status"),
    [
        ([], S.SELECTED),  # nominated cannot skip curation
        ([S.CURATED], S.NOMINATED),  # no going back
        ([S.CURATED, S.SELECTED], S.CURATED),
        ([S.CURATED, S.SELECTED], S.SELECTED),
    ],
)
def test_the_order_is_enforced(business, staf, steps, to_status):
    item = curation_nominate(user=staf, business=business)
    for status in steps:
        item = curation_move(curation=item, to_status=status, user=staf)
    with pytest.raises(ValidationError):
        curation_move(curation=item, to_status=to_status, user=staf)
    item.refresh_from_db()
    assert item.status == (steps[-1] if steps else S.NOMINATED)


def test_a_rejection_needs_a_reason_and_keeps_it(business, staf):
    item = curation_nominate(user=staf, business=business)
    with pytest.raises(ValidationError) as error:
        curation_move(curation=item, to_status=S.REJECTED, user=staf, reason="   ")
    assert "reason" in error.value.message_dict
    item = curation_move(curation=item, to_status=S.REJECTED, user=staf, reason="Produk belum konsisten.")
    assert (item.status, item.reason) == (S.REJECTED, "Produk belum konsisten.")
    assert item.steps.last().reason == "Produk belum konsisten."


def test_the_database_refuses_a_rejection_without_reason(business, staf):
    item = curation_nominate(user=staf, business=business)
    with pytest.raises(IntegrityError), transaction.atomic():
        Curation.objects.filter(pk=item.pk).update(status=S.REJECTED, reason="")


def test_a_rejected_one_can_be_nominated_again_but_a_nominated_one_is_not_nominated_twice(business, staf):
    first = curation_nominate(user=staf, business=business)
    assert curation_nominate(user=staf, business=business).pk == first.pk
    assert first.steps.count() == 1
    curation_move(curation=first, to_status=S.REJECTED, user=staf, reason="Belum siap.")
    again = curation_nominate(user=staf, business=business)
    assert (again.pk, again.status, again.reason) == (first.pk, S.NOMINATED, "")
    assert Curation.objects.count() == 1


def test_a_visit_recommending_the_business_nominates_it(business, petugas_ciputat):
    visit_record(
        business=business,
        officer=petugas_ciputat,
        visited_on=timezone.localdate(),
        status="running",
        recommend_for_exhibition=True,
    )
    item = Curation.objects.get(business=business)
    assert item.status == S.NOMINATED and item.changed_by == petugas_ciputat


def test_a_visit_without_recommendation_nominates_nothing(business, petugas_ciputat):
    visit_record(business=business, officer=petugas_ciputat, visited_on=timezone.localdate(), status="running")
    assert not Curation.objects.exists()


def test_a_products_own_flag_follows_its_curation(staf):
    product = factories.ProductFactory()
    item = curation_nominate(user=staf, product=product)
    product.refresh_from_db()
    assert product.curation_status == Product.Curation.SUBMITTED
    curation_move(curation=item, to_status=S.CURATED, user=staf)
    curation_move(curation=item, to_status=S.SELECTED, user=staf)
    product.refresh_from_db()
    assert (product.curation_status, product.curated_by) == (Product.Curation.APPROVED, staf)
    assert list(selectors_profile.curated_selected_products()) == [product]


def test_selected_products_are_scoped_for_an_officer(staf, petugas_ciputat):
    ciputat = factories.ProductFactory(group=factories.BusinessGroupFactory(kecamatan=factories.kecamatan("Ciputat")))
    pamulang = factories.ProductFactory(group=factories.BusinessGroupFactory(kecamatan=factories.kecamatan("Pamulang")))
    for product in (ciputat, pamulang):
        item = curation_nominate(user=staf, product=product)
        curation_move(curation=item, to_status=S.CURATED, user=staf)
        curation_move(curation=item, to_status=S.SELECTED, user=staf)
    assert set(selectors_profile.curated_selected_products()) == {ciputat, pamulang}
    assert list(selectors_profile.curated_selected_products(user=petugas_ciputat)) == [ciputat]


def test_staff_move_an_item_from_the_queue_page(client, staf, business):
    item = curation_nominate(user=staf, business=business)
    client.force_login(staf)
    page = client.get(reverse("curation:queue")).content.decode()
    assert f'data-curation="{item.pk}"' in page and 'name="csrfmiddlewaretoken"' in page
    response = client.post(reverse("curation:move", args=[item.pk]), {"to_status": S.CURATED})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == S.CURATED
    # Skipping ahead from the page is refused with a message, not an error page.
    response = client.post(reverse("curation:move", args=[item.pk]), {"to_status": S.NOMINATED}, follow=True)
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == S.CURATED


def test_rejecting_from_the_page_asks_for_the_reason_first(client, staf, business):
    item = curation_nominate(user=staf, business=business)
    client.force_login(staf)
    response = client.post(reverse("curation:move", args=[item.pk]), {"to_status": S.REJECTED})
    assert response["Location"] == reverse("curation:reject", args=[item.pk])
    item.refresh_from_db()
    assert item.status == S.NOMINATED
    response = client.post(reverse("curation:reject", args=[item.pk]), {"reason": ""})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == S.NOMINATED
    client.post(reverse("curation:reject", args=[item.pk]), {"reason": "Foto produk buram."})
    item.refresh_from_db()
    assert (item.status, item.reason) == (S.REJECTED, "Foto produk buram.")


def test_an_officer_reads_the_queue_of_their_kecamatan_without_actions(client, petugas_ciputat, staf):
    mine = curation_nominate(user=staf, business=factories.BusinessFactory(kelurahan=factories.kelurahan_of("Ciputat")))
    other = curation_nominate(
        user=staf, business=factories.BusinessFactory(kelurahan=factories.kelurahan_of("Pamulang"))
    )
    client.force_login(petugas_ciputat)
    page = client.get(reverse("curation:queue")).content.decode()
    assert f'data-curation="{mine.pk}"' in page and f'data-curation="{other.pk}"' not in page
    assert reverse("curation:move", args=[mine.pk]) not in page


def test_staff_nominate_a_kub_product_from_the_business_profile(client, staf):
    group = factories.BusinessGroupFactory(kecamatan=factories.kecamatan("Ciputat"))
    business = factories.BusinessFactory(kelurahan=factories.kelurahan_of("Ciputat"), group=group)
    product = factories.ProductFactory(group=group)
    client.force_login(staf)
    profile = reverse("ikm:profile", args=[business.pk])
    assert f'data-product="{product.pk}"' in client.get(profile).content.decode()
    response = client.post(reverse("curation:nominate"), {"product": product.pk, "next": profile})
    assert response["Location"] == profile
    assert Curation.objects.get(product=product).status == S.NOMINATED
