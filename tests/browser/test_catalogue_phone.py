"""The public catalogue on a 360×740 phone, without logging in: the list and a KUB page."""

import pytest
from django.core.files.base import ContentFile

from inventory.curation import curation_move, curation_nominate
from tests.browser.layout import assert_phone_friendly
from tests.core import images
from tests.factories import BusinessGroupFactory, CraftTypeFactory, ProductFactory, kecamatan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kub(staf):
    craft = CraftTypeFactory(name="Pot bunga dari handuk bekas yang dikeraskan dengan semen")
    group = BusinessGroupFactory(
        name="KUB Karya Ibu Serua Indah Bersatu Makmur Sejahtera", kecamatan=kecamatan("Ciputat"), craft_type=craft
    )
    for i in range(5):
        product = ProductFactory(
            group=group, craft_type=craft, name=f"Pot Bunga Handuk Mawar Merah Besar Sekali {i}", price=1250000
        )
        product.photo.save(f"pot{i}.jpg", ContentFile(images.jpeg()))
        item = curation_nominate(user=staf, product=product)
        curation_move(curation=item, to_status="curated", user=staf)
        curation_move(curation=item, to_status="selected", user=staf)
    return group


def test_the_catalogue_and_a_kub_page_fit_a_phone_without_login(phone_page, kub):
    phone_page.goto("/katalog/")
    cards = phone_page.locator("#catalogue-products article")
    assert cards.count() == 5
    assert phone_page.locator("#catalogue-products img").first.evaluate("img => img.naturalWidth") > 0
    assert "Rp1.250.000" in phone_page.locator("main").inner_text()
    assert phone_page.locator("#contact").is_visible()
    assert_phone_friendly(phone_page)

    phone_page.locator("#catalogue-products a", has_text="Karya Ibu").first.click()
    phone_page.wait_for_url(f"**/katalog/kub/{kub.pk}/")
    assert phone_page.locator("h1").inner_text() == "KUB Karya Ibu Serua Indah Bersatu Makmur Sejahtera"
    assert phone_page.locator("#catalogue-products article").count() == 5
    assert_phone_friendly(phone_page)

    phone_page.goto("/katalog/")
    phone_page.locator("#catalogue-filters a", has_text="Ciputat").click()
    phone_page.wait_for_url("**/katalog/kecamatan/*/")
    assert phone_page.locator("#catalogue-products article").count() == 5
    assert_phone_friendly(phone_page)
