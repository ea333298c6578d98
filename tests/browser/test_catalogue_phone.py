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


def test_staff_add_a_product_with_a_photo_from_a_phone(phone_page, staf, tmp_path):
    from groups.models import Product
    from tests.browser.conftest import login

    group = BusinessGroupFactory(name="KUB Tutup Botol Pondok Cabe", kecamatan=kecamatan("Pamulang"))
    photo = tmp_path / "tas.jpg"
    photo.write_bytes(images.jpeg())
    login(phone_page, "staf")
    phone_page.goto(f"/kub/{group.pk}/")
    phone_page.click("#produk ~ p a")
    phone_page.wait_for_url(f"**/kub/{group.pk}/produk/tambah/")
    assert_phone_friendly(phone_page)
    phone_page.fill("#id_name", "Tas Tutup Botol Warna-warni")
    phone_page.fill("#id_price", "85000")
    phone_page.fill("#id_stock", "4")
    phone_page.set_input_files("#id_photo", str(photo))
    phone_page.click("#product-form button[type=submit]")
    product = Product.objects.get(group=group)
    phone_page.wait_for_url(f"**/kub/{group.pk}/#produk-{product.pk}")
    row = phone_page.locator(f"#produk-{product.pk}")
    assert "Rp85.000" in row.inner_text()
    assert row.locator("img").evaluate("img => img.naturalWidth") > 0
    assert_phone_friendly(phone_page)
