from tests import factories
from tests.access.matrix import LOGIN, Route, everyone


def _member(group):
    """An active member of `group`, made once per test."""
    membership = group.memberships.filter(left_on__isnull=True).first()
    return membership or factories.MembershipFactory(group=group)


def _ciputat(w):
    return {"pk": w.group_ciputat.pk}


def _pamulang(w):
    return {"pk": w.group_pamulang.pk}


def _ciputat_member(w):
    return {"pk": w.group_ciputat.pk, "membership_pk": _member(w.group_ciputat).pk}


def _pamulang_member(w):
    return {"pk": w.group_pamulang.pk, "membership_pk": _member(w.group_pamulang).pk}


# Staff and admin change KUBs; field officers see their own kecamatan's; pimpinan reads everything.
# A bank liaison sees only KUBs referred to their bank: none here.
VIEW_CIPUTAT = everyone(200, petugas_pamulang=404, bank_bri=404)
VIEW_PAMULANG = everyone(200, petugas_ciputat=404, bank_bri=404)
CHANGE = everyone(403, anonymous=LOGIN, admin_user=302, staf=302)
# An empty add-member form re-renders the page with its errors.
CHANGE_INVALID = everyone(403, anonymous=LOGIN, admin_user=200, staf=200)


def _ciputat_product(w):
    return {"pk": w.group_ciputat.pk, "product_pk": w.product_ciputat.pk}


def _wrong_group_product(w):
    return {"pk": w.group_pamulang.pk, "product_pk": w.product_ciputat.pk}


STAFF_ONLY = everyone(403, admin_user=200, staf=200)

ROUTES = [
    Route("groups:list", everyone(200)),
    Route("groups:form", everyone(403, admin_user=200, staf=200)),
    Route("groups:form", everyone(403, admin_user=200, staf=200), method="post", label="post"),
    Route("groups:detail", VIEW_CIPUTAT, kwargs=_ciputat, label="ciputat"),
    Route("groups:detail", VIEW_PAMULANG, kwargs=_pamulang, label="pamulang"),
    Route("groups:member_add", everyone(405), kwargs=_ciputat, label="get"),
    Route("groups:member_add", CHANGE_INVALID, kwargs=_ciputat, method="post", label="ciputat"),
    Route("groups:member_add", CHANGE_INVALID, kwargs=_pamulang, method="post", label="pamulang"),
    Route("groups:member_leave", everyone(403, admin_user=200, staf=200), kwargs=_ciputat_member),
    Route(
        "groups:member_leave",
        CHANGE,
        kwargs=_pamulang_member,
        method="post",
        data={"left_on": "2026-05-01"},
        label="post",
    ),
    Route("groups:member_role", everyone(405), kwargs=_ciputat_member, label="get"),
    Route("groups:member_role", CHANGE, kwargs=_ciputat_member, method="post", data={"role": "ketua"}, label="post"),
    Route("groups:ketua_handover", everyone(405), kwargs=_ciputat, label="get"),
    # No new ketua chosen: the page shows again with the error.
    Route("groups:ketua_handover", CHANGE_INVALID, kwargs=_ciputat, method="post", label="ciputat"),
    Route("groups:ketua_handover", CHANGE_INVALID, kwargs=_pamulang, method="post", label="pamulang"),
    Route("groups:product_add", STAFF_ONLY, kwargs=_ciputat, label="get"),
    # An empty form re-renders with its errors.
    Route("groups:product_add", STAFF_ONLY, kwargs=_pamulang, method="post", label="post"),
    Route("groups:product_edit", STAFF_ONLY, kwargs=_ciputat_product, label="get"),
    Route("groups:product_edit", STAFF_ONLY, kwargs=_ciputat_product, method="post", label="post"),
    # A product is edited only under its own KUB.
    Route("groups:product_edit", everyone(403, admin_user=404, staf=404), kwargs=_wrong_group_product, label="other"),
]
