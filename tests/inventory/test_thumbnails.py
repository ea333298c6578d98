"""Every visit photo has its thumbnail, whatever saved it, and loses it with the photo."""

import pytest

from tests.core import images
from tests.factories import InventoryVisitFactory

pytestmark = pytest.mark.django_db


def test_a_photo_saved_any_way_gets_a_small_clean_thumbnail():
    visit = InventoryVisitFactory(evidence_photo=images.upload(images.jpeg(size=(400, 1000), exif=images.phone_exif())))
    thumbnail = images.decode(visit.evidence_thumbnail.read())
    assert thumbnail.size == (128, 320)
    assert not thumbnail.getexif()  # the camera's GPS is not copied into the small picture either


def test_a_replaced_photo_gets_a_new_thumbnail_and_a_removed_one_takes_it_along():
    visit = InventoryVisitFactory(evidence_photo=images.upload(images.jpeg()))
    first = visit.evidence_thumbnail.name
    visit.evidence_photo = images.upload(images.png(size=(640, 480)), name="baru.png", content_type="image/png")
    visit.save()
    assert visit.evidence_thumbnail.name != first
    assert images.decode(visit.evidence_thumbnail.read()).size == (320, 240)
    visit.evidence_photo = ""
    visit.save()
    visit.refresh_from_db()
    assert not visit.evidence_thumbnail


def test_a_visit_saved_again_keeps_its_thumbnail():
    visit = InventoryVisitFactory(evidence_photo=images.upload(images.jpeg()))
    name = visit.evidence_thumbnail.name
    visit.notes = "diubah"
    visit.save()
    assert visit.evidence_thumbnail.name == name
