"""The public catalogue: selected products only, nothing personal, cacheable, a fixed number
of queries, and photos public exactly while their product is shown."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.models import BusinessGroup, Membership
from inventory.curation import curation_move, curation_nominate
from inventory.models import Curation
from participants.models import Participant
from tests import factories
from tests.core import images

pytestmark = pytest.mark.django_db

S = Curation.Status


def select(product, user):
    item = curation_nominate(user=user, product=product)
    curation_move(curation=item, to_status=S.CURATED, user=user)
    return curation_move(curation=item, to_status=S.SELECTED, user=user)


@pytest.fixture
def world(staf):
    craft = factories.CraftTypeFactory(name="Anyaman bambu")
    kub = factories.BusinessGroupFactory(
        name="KUB Bambu Lestari", kecamatan=factories.kecamatan("Ciputat"), craft_type=craft
    )
    other = factories.BusinessGroupFactory(name="KUB Tutup Botol", kecamatan=factories.kecamatan("Pamulang"))
    for i, group in enumerate([kub, kub, other]):
        person = factories.ParticipantFactory(
            name=f"Rahasia Anggota {i}", phone=f"+62812000000{i}", address=f"Jl. Rumah Pribadi No. {i}"
        )
        factories.MembershipFactory(group=group, participant=person, joined_on=dt.date(2026, 4, 1))
    shown = factories.ProductFactory(group=kub, name="Tas Anyaman Bambu", craft_type=craft, price=125000)
    shown.photo.save("tas.jpg", ContentFile(images.jpeg()))
    select(shown, staf)
    hidden = factories.ProductFactory(group=other, name="Produk Belum Dikurasi")
    hidden.photo.save("rahasia.jpg", ContentFile(images.jpeg()))
    curation_nominate(user=staf, product=hidden)
    return {"kub": kub, "other": other, "craft": craft, "shown": shown, "hidden": hidden}


def pages(world):
    return [
        reverse("catalogue:index"),
        reverse("catalogue:index") + "?page=2",
        reverse("catalogue:group", args=[world["kub"].pk]),
        reverse("catalogue:craft", args=[world["craft"].pk]),
        reverse("catalogue:kecamatan", args=[world["kub"].kecamatan_id]),
    ]


def test_the_catalogue_shows_selected_products_with_price_kub_kecamatan_and_contact(client, world, settings):
    settings.TANGSEL_CATALOGUE_CONTACT = "Disperindag Tangsel, telepon kantor 021-000"
    html = client.get(reverse("catalogue:index")).content.decode()
    assert "Tas Anyaman Bambu" in html
    assert "Rp125.000" in html
    assert "KUB Bambu Lestari" in html and "Ciputat" in html and "Anyaman bambu" in html
    assert "Disperindag Tangsel, telepon kantor 021-000" in html
    # The small copy, not the full photo.
    assert world["shown"].photo_thumbnail.name.startswith("product-thumbs/")
    assert reverse("file", args=[world["shown"].photo_thumbnail.name]) in html
    assert "Produk Belum Dikurasi" not in html and "KUB Tutup Botol" not in html


def test_no_catalogue_page_shows_personal_data_or_unselected_products(client, world):
    secrets = []
    for person in Participant.objects.all():
        secrets += [person.nik, person.phone, person.phone.replace("+62", "0"), person.address, person.name]
    secrets += ["Produk Belum Dikurasi", world["hidden"].photo.name, world["hidden"].photo_thumbnail.name]
    for url in pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for secret in secrets:
            assert secret not in html, (url, secret)


def test_kubs_crafts_and_kecamatans_without_selected_products_are_not_pages(client, world):
    assert client.get(reverse("catalogue:group", args=[world["other"].pk])).status_code == 404
    assert client.get(reverse("catalogue:craft", args=[999999])).status_code == 404
    pamulang = client.get(reverse("catalogue:kecamatan", args=[world["other"].kecamatan_id]))
    assert pamulang.status_code == 200 and "Tas Anyaman Bambu" not in pamulang.content.decode()


def test_a_dissolved_kub_leaves_the_catalogue_and_its_photos_close(client, world):
    BusinessGroup.objects.filter(pk=world["kub"].pk).update(status=BusinessGroup.Status.DISSOLVED)
    assert "Tas Anyaman Bambu" not in client.get(reverse("catalogue:index")).content.decode()
    assert client.get(reverse("catalogue:group", args=[world["kub"].pk])).status_code == 404
    assert client.get(reverse("file", args=[world["shown"].photo.name])).status_code == 302


def test_pages_are_public_cacheable_and_set_no_cookie(client, world):
    for url in pages(world):
        response = client.get(url)
        cache_control = response["Cache-Control"]
        assert "public" in cache_control and "max-age=300" in cache_control
        assert response["ETag"] and response["Last-Modified"]
        assert "Cookie" in response["Vary"]
        assert not response.cookies, (url, list(response.cookies))
        assert "csrftoken" not in response.content.decode()


def test_a_conditional_get_answers_304_until_a_product_changes(client, world, staf):
    url = reverse("catalogue:index")
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304

    world["shown"].price = 150000
    world["shown"].save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "Rp150.000" in changed.content.decode()

    # A product leaving the catalogue changes the page too.
    curation_move(curation=world["shown"].curations.get(), to_status=S.REJECTED, user=staf, reason="Rusak")
    gone = client.get(url, HTTP_IF_NONE_MATCH=changed["ETag"])
    assert gone.status_code == 200 and "Tas Anyaman Bambu" not in gone.content.decode()


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_catalogue(client, world, staf):
    urls = pages(world)[:1] + pages(world)[2:]
    small = [queries_for(client, url) for url in urls]
    for i in range(12):
        group = world["kub"] if i % 2 else factories.BusinessGroupFactory(kecamatan=factories.kecamatan("Ciputat"))
        product = factories.ProductFactory(group=group, craft_type=factories.CraftTypeFactory(name=f"Kriya {i}"))
        product.photo.save(f"p{i}.jpg", ContentFile(images.jpeg()))
        select(product, staf)
    assert [queries_for(client, url) for url in urls] == small


def test_a_selected_products_photo_is_public_and_an_unselected_ones_is_not(client, world):
    for name in (world["shown"].photo.name, world["shown"].photo_thumbnail.name):
        shown = client.get(reverse("file", args=[name]))
        assert shown.status_code == 200 and "public" in shown["Cache-Control"]
    thumbnail = client.get(reverse("file", args=[world["hidden"].photo_thumbnail.name]))
    assert thumbnail.status_code == 302
    # Not served: anonymous goes to login exactly as for a name that does not exist.
    hidden = client.get(reverse("file", args=[world["hidden"].photo.name]))
    unknown = client.get(reverse("file", args=["products/tidak-ada.jpg"]))
    assert hidden.status_code == unknown.status_code == 302
    assert "/accounts/login/" in hidden["Location"]


def test_a_member_is_never_named_even_the_ketua(client, world):
    ketua = Membership.objects.filter(group=world["kub"]).first()
    Membership.objects.filter(pk=ketua.pk).update(role=Membership.Role.KETUA)
    html = client.get(reverse("catalogue:group", args=[world["kub"].pk])).content.decode()
    assert ketua.participant.name not in html



def test_a_member_who_consented_to_publication_is_named_until_they_withdraw(client, world):
    from django.utils import timezone

    from participants.models import Consent

    named, silent = [m.participant for m in Membership.objects.filter(group=world["kub"]).order_by("pk")]
    consent = Consent.objects.create(
        participant=named, purpose=Consent.Purpose.PUBLISH_NAME, granted_at=timezone.now(), wording_version="v1"
    )
    Consent.objects.create(  # consent to something else publishes nothing
        participant=silent, purpose=Consent.Purpose.BANK_REFERRAL, granted_at=timezone.now(), wording_version="v1"
    )
    url = reverse("catalogue:group", args=[world["kub"].pk])

    first = client.get(url)
    html = first.content.decode()
    assert named.name in html and silent.name not in html
    assert named.phone not in html and named.address not in html and named.nik not in html

    consent.withdrawn_at = timezone.now()
    consent.save()
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200  # the page changed: not a 304
    assert named.name not in again.content.decode()
