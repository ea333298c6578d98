"""/pameran/: staff and admins manage; field officers record sales and leads for their own
kecamatan's entries (another's is 404); leadership reads (the report's totals); bank liaisons
hold no exhibition permission (403)."""

from tests import factories
from tests.access.matrix import Route, everyone


def _entry(w, group):
    from exhibitions.models import ExhibitionEntry

    entry, _created = ExhibitionEntry.objects.get_or_create(exhibition=w.exhibition, group=group)
    entry.products.add(factories.ProductFactory(group=group))
    return entry


def _exhibition(w):
    return {"pk": w.exhibition.pk}


def _ciputat(w):
    return {"pk": w.exhibition.pk, "entry_pk": _entry(w, w.group_ciputat).pk}


def _pamulang(w):
    return {"pk": w.exhibition.pk, "entry_pk": _entry(w, w.group_pamulang).pk}


READ = everyone(200, bank_bri=403)
MANAGE = everyone(403, admin_user=200, staf=200)
MANAGE_POST = everyone(403, admin_user=302, staf=302)
REPORT = everyone(200, petugas_ciputat=403, petugas_pamulang=403, bank_bri=403)
AT_BOOTH_CIPUTAT = everyone(200, petugas_pamulang=404, bank_bri=403, pimpinan=403)
AT_BOOTH_PAMULANG = everyone(200, petugas_ciputat=404, bank_bri=403, pimpinan=403)

ROUTES = [
    Route("exhibitions:list", READ),
    Route("exhibitions:list", everyone(405), method="post", label="post"),
    Route("exhibitions:create", MANAGE),
    # An empty form comes back with its errors.
    Route("exhibitions:create", MANAGE, method="post", label="post"),
    Route("exhibitions:detail", READ, kwargs=_exhibition),
    Route("exhibitions:edit", MANAGE, kwargs=_exhibition),
    Route("exhibitions:entries_add", MANAGE, kwargs=_exhibition),
    # Nothing ticked: back to the search with the reason.
    Route("exhibitions:entries_add", MANAGE_POST, kwargs=_exhibition, method="post", label="post"),
    Route("exhibitions:entry_edit", MANAGE, kwargs=_ciputat),
    Route("exhibitions:booths", MANAGE, kwargs=_exhibition),
    Route("exhibitions:booths", MANAGE_POST, kwargs=_exhibition, method="post", label="post"),
    Route("exhibitions:entry_sales", AT_BOOTH_CIPUTAT, kwargs=_ciputat, label="ciputat"),
    Route("exhibitions:entry_sales", AT_BOOTH_PAMULANG, kwargs=_pamulang, label="pamulang"),
    # An incomplete sale comes back with its errors; out of scope is 404 before that.
    Route("exhibitions:entry_sales", AT_BOOTH_PAMULANG, kwargs=_pamulang, method="post", label="post"),
    Route("exhibitions:entry_leads", AT_BOOTH_CIPUTAT, kwargs=_ciputat, label="ciputat"),
    Route("exhibitions:entry_leads", AT_BOOTH_PAMULANG, kwargs=_pamulang, method="post", label="post"),
    Route("exhibitions:report", REPORT, kwargs=_exhibition),
    Route("exhibitions:catalogue", READ, kwargs=_exhibition),
    Route("exhibitions:catalogue", everyone(405), kwargs=_exhibition, method="post", label="post"),
]
