"""Stored files are never published: their URL is a view that checks who asks.

`PrivateMediaStorage` keeps files in MEDIA_ROOT as Django's FileSystemStorage does, but its
`url()` points at the portal's file view (`/berkas/<name>`), so every `FieldFile.url` — the
admin's "Saat ini" link, a page's <img> — goes through the access check. `file_response`
builds the answer that view sends.
"""

import re
from pathlib import PurePosixPath

from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

# Name of the URL (tangsel_portal/urls.py) every stored file is served through.
FILE_URL_NAME = "file"

# The only content types a file is sent as; anything else is plain bytes to download.
INLINE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
DOWNLOAD_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
    ".pdf": "application/pdf",
}
UNSAFE_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")


class PrivateMediaStorage(FileSystemStorage):
    def url(self, name):
        if name is None:
            raise ValueError("This file is not accessible via a URL.")
        return reverse(FILE_URL_NAME, kwargs={"path": name.replace("\\", "/")})


def is_plain_name(name: str) -> bool:
    """A relative name inside MEDIA_ROOT: no absolute path, no '..', no backslash."""
    path = PurePosixPath(name)
    return bool(name) and "\\" not in name and not path.is_absolute() and ".." not in path.parts


def safe_filename(name: str) -> str:
    stem = UNSAFE_CHARACTERS.sub("-", PurePosixPath(name).name).strip("-.")[:100]
    return stem or "berkas"


def file_response(field_file, *, public: bool = False, no_store: bool = False) -> FileResponse:
    """Send a stored file: images inline, everything else as a download; never sniffed."""
    suffix = PurePosixPath(field_file.name).suffix.lower()
    inline = suffix in INLINE_TYPES
    content_type = INLINE_TYPES.get(suffix) or DOWNLOAD_TYPES.get(suffix) or "application/octet-stream"
    response = FileResponse(
        field_file.open("rb"),
        content_type=content_type,
        as_attachment=not inline,
        filename=safe_filename(field_file.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    if public:
        patch_cache_control(response, public=True, max_age=24 * 60 * 60)
    elif inline and not no_store:
        # Photos never change under their random names; only this user's browser keeps them.
        patch_cache_control(response, private=True, max_age=60 * 60)
        patch_vary_headers(response, ["Cookie"])
    else:
        # Exports and imports hold personal data: not kept anywhere.
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ["Cookie"])
    return response
