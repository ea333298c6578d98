"""The one way a stored file leaves the server: `/berkas/<name>`, checked against the record
that holds it.

`SERVED_FILES` says, per upload prefix, which model and field hold such files. The view finds
the record by the exact stored name, asks `scope_queryset` whether the user may see it (and,
for export and import files, whether they are the one who asked for it or an administrator),
and sends the file with `core.files.file_response`. Unknown or out of scope is 404; anonymous
is sent to login. A prefix with a `public` check serves a record's file to anyone when the
record says it is public (photos of the products in the public catalogue).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.db.models import Model
from django.http import Http404
from django.views.decorators.http import require_safe

from accounts import roles
from accounts.scoping import scope_queryset
from core.files import file_response, is_plain_name


def product_photo_is_public(product) -> bool:
    # Public exactly while the product is in the public catalogue (/katalog/): selected by
    # curation, its KUB not dissolved. Any other product photo needs a login and the scope.
    from catalogue.selectors import product_is_public

    return product_is_public(product)


def gallery_photo_is_public(photo) -> bool:
    return product_photo_is_public(photo.product)


@dataclass(frozen=True)
class ServedFiles:
    prefix: str  # the upload_to folder of the field
    model: str  # "app_label.ModelName"
    field: str
    # Files only the user in this field (and administrators) may fetch, scope or not.
    owner: str = ""
    # Asked of the record: True serves its file to anyone, without login.
    public: Callable[[Model], bool] | None = None
    # Called with (user, record) before the file is sent: a log of who opened it.
    on_serve: Callable[[object, Model], None] | None = None
    # Never kept by the browser, not even an image (scans of identity papers).
    no_store: bool = False


def log_referral_document_view(user, document) -> None:
    from financing.services import document_viewed

    document_viewed(document=document, user=user)


SERVED_FILES = [
    ServedFiles("visits/", "inventory.InventoryVisit", "evidence_photo"),
    ServedFiles("visit-thumbs/", "inventory.InventoryVisit", "evidence_thumbnail"),
    ServedFiles("licences/", "inventory.BusinessLicence", "scan"),
    # Every product photo is a row of its gallery (the cover, Product.photo, shares the files).
    ServedFiles("products/", "groups.ProductPhoto", "image", public=gallery_photo_is_public),
    ServedFiles("product-thumbs/", "groups.ProductPhoto", "thumbnail", public=gallery_photo_is_public),
    ServedFiles("exports/", "reports.ExportJob", "file", owner="requested_by"),
    ServedFiles("imports/", "reports.ImportJob", "file", owner="uploaded_by"),
    # A paper consent form's scan: those who take consents, in their area.
    ServedFiles("consent-scans/", "participants.Consent", "scan", no_store=True),
    # Staff and the liaison of the referral's bank (scoping); leadership holds no view permission.
    ServedFiles(
        "referral-docs/",
        "financing.ReferralDocument",
        "file",
        on_serve=log_referral_document_view,
        no_store=True,
    ),
]


# Fields that hold a copy of another record's stored name, served through that record:
# a product's cover (Product.photo) is the first photo of its gallery, the same files.
MIRRORS = {
    ("groups.Product", "photo"): ("groups.ProductPhoto", "image"),
    ("groups.Product", "photo_thumbnail"): ("groups.ProductPhoto", "thumbnail"),
}


def served_files_for(name: str) -> ServedFiles | None:
    return next((entry for entry in SERVED_FILES if name.startswith(entry.prefix)), None)


@require_safe
def serve(request, path):
    entry = served_files_for(path) if is_plain_name(path) else None
    records = None
    if entry is not None:
        model = apps.get_model(entry.model)
        records = model._default_manager.filter(**{entry.field: path})
        if entry.public is not None:
            record = records.first()
            if record is not None and entry.public(record):
                return _send(getattr(record, entry.field), public=True)
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if entry is None:
        raise Http404
    # Without the right to see the record, its file does not exist for this user either.
    opts = records.model._meta
    if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        raise Http404
    visible = scope_queryset(user, records)
    if entry.owner and user.role != roles.ADMIN:
        visible = visible.filter(**{entry.owner: user})
    record = visible.first()
    if record is None:
        raise Http404
    if entry.on_serve is not None:
        entry.on_serve(user, record)
    return _send(getattr(record, entry.field), no_store=entry.no_store)


def _send(field_file, *, public: bool = False, no_store: bool = False):
    try:
        return file_response(field_file, public=public, no_store=no_store)
    except FileNotFoundError:
        raise Http404 from None  # the record outlived its file (a restore without MEDIA_ROOT)
