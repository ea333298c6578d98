"""/katalog/: public, the same page for everyone, logged in or not."""

from tests.access.matrix import Route, everyone


def _selected_ciputat(w):
    from inventory.curation import curation_move, curation_nominate
    from tests import factories

    staff = factories.UserFactory(username="kurator-katalog")
    item = curation_nominate(user=staff, product=w.product_ciputat)
    curation_move(curation=item, to_status="curated", user=staff)
    curation_move(curation=item, to_status="selected", user=staff)
    return {"pk": w.group_ciputat.pk}


PUBLIC = everyone(200, anonymous=200)

ROUTES = [
    Route("catalogue:index", PUBLIC),
    Route("catalogue:group", PUBLIC, kwargs=_selected_ciputat, label="selected"),
    # A KUB with no selected product is not in the catalogue.
    Route("catalogue:group", everyone(404, anonymous=404), kwargs=lambda w: {"pk": w.group_pamulang.pk}, label="none"),
    Route("catalogue:craft", PUBLIC, kwargs=lambda w: {"pk": w.group_ciputat.craft_type_id}),
    Route("catalogue:kecamatan", PUBLIC, kwargs=lambda w: {"pk": w.group_ciputat.kecamatan_id}),
    Route("catalogue:index", everyone(405, anonymous=405), method="post", label="post"),
]
