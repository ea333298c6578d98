"""Uploaded images: decoded, capped, re-encoded and renamed before a byte reaches storage.

An upload is never kept as sent. Pillow decodes it, the caps refuse what is too large
(`TANGSEL_IMAGE_MAX_MB`, `TANGSEL_IMAGE_MAX_MEGAPIXELS`), and the pixels alone are encoded
again: EXIF (GPS, camera, owner), comments, colour profiles and anything appended to the
file (a script behind a real JPEG) are gone, the EXIF orientation is applied so the picture
stays upright, and the file gets a random name with the extension of its real format.

`SafeImageField` makes this impossible to bypass: its form field cleans the upload when a
form is validated, the model field when `full_clean` runs, and its `FieldFile.save` — which
a `pre_save` handler cleans what is assigned before `Model.save` writes it (a service's
`objects.create`, a plain assignment and `save()`, an import), and `FieldFile.save`, which
every write to storage goes through, cleans whatever is still not clean.

`reencode_image` is the seam for what comes next (thumbnails, several photos per product):
it returns the clean bytes and what they are, and stores nothing.
"""

import io
import uuid
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import signals
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# What a phone or a camera sends, and what it is stored as. MPO is the JPEG of some cameras
# and phones with a second (depth or preview) picture inside; only the first is kept.
OUTPUT_FORMAT = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
EXTENSION = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
CONTENT_TYPE = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
ACCEPT = ",".join(CONTENT_TYPE.values())
# Modes each format is written in; anything else is converted first.
MODES = {"JPEG": ("L", "RGB"), "PNG": ("1", "L", "LA", "RGB", "RGBA"), "WEBP": ("RGB", "RGBA")}

MB = 1024 * 1024

NOT_AN_IMAGE = _("Berkas ini bukan gambar yang dapat dibaca, atau gambarnya rusak. Unggah foto JPEG, PNG, atau WebP.")
TOO_LARGE = _("Berkas terlalu besar: %(size)s MB. Paling besar %(max)s MB; perkecil atau kompres fotonya dulu.")
TOO_MANY_PIXELS = _(
    "Gambar terlalu besar: %(width)s × %(height)s piksel (%(megapixels)s megapiksel). "
    "Paling banyak %(max)s megapiksel; perkecil ukuran fotonya dulu."
)
UNSUPPORTED = _("Format gambar %(format)s tidak didukung. Unggah foto JPEG, PNG, atau WebP.")


@dataclass(frozen=True)
class ReencodedImage:
    """An upload's picture encoded again: nothing of the original file but its pixels."""

    content: bytes
    format: str  # JPEG, PNG or WEBP
    width: int
    height: int

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def extension(self) -> str:
        return EXTENSION[self.format]

    @property
    def content_type(self) -> str:
        return CONTENT_TYPE[self.format]


class CleanImageFile(ContentFile):
    """The re-encoded image, under a random name: what `SafeImageField` stores."""

    def __init__(self, image: ReencodedImage):
        super().__init__(image.content, name=f"{uuid.uuid4().hex}{image.extension}")
        self.image = image
        self.content_type = image.content_type


def max_bytes() -> int:
    return settings.TANGSEL_IMAGE_MAX_MB * MB


def max_pixels() -> int:
    return settings.TANGSEL_IMAGE_MAX_MEGAPIXELS * 1_000_000


def reencode_image(file) -> ReencodedImage:
    """Decode `file` (a Django File or any binary file object), check it against the caps and
    encode its pixels again. Raises ValidationError, in words a user can act on."""
    size = _size_of(file)
    if size > max_bytes():
        raise ValidationError(
            TOO_LARGE,
            code="file_too_large",
            params={"size": number_format(size / MB, 1), "max": settings.TANGSEL_IMAGE_MAX_MB},
        )
    file.seek(0)
    try:
        with Image.open(file) as original:
            return _reencode(original)
    except Image.DecompressionBombError:
        # Pillow's own guard (far above our cap) fired while reading the header.
        raise ValidationError(
            _("Gambar terlalu besar untuk dibuka. Paling banyak %(max)s megapiksel; perkecil ukuran fotonya dulu."),
            code="too_many_pixels",
            params={"max": settings.TANGSEL_IMAGE_MAX_MEGAPIXELS},
        ) from None
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, TypeError, IndexError, KeyError) as error:
        # Truncated, damaged or not a picture at all; Pillow's decoders say so in many ways.
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from error


def _size_of(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        size = file.seek(0, io.SEEK_END)
    return size


def _reencode(original: Image.Image) -> ReencodedImage:
    if original.format not in OUTPUT_FORMAT:
        raise ValidationError(UNSUPPORTED, code="unsupported_format", params={"format": original.format or "?"})
    width, height = original.size
    if width * height > max_pixels():
        raise ValidationError(
            TOO_MANY_PIXELS,
            code="too_many_pixels",
            params={
                "width": width,
                "height": height,
                "megapixels": number_format(width * height / 1_000_000, 1),
                "max": settings.TANGSEL_IMAGE_MAX_MEGAPIXELS,
            },
        )
    original.load()  # the whole picture decodes, or this raises
    fmt = OUTPUT_FORMAT[original.format]
    picture = ImageOps.exif_transpose(original)  # upright, as the camera meant it
    picture = _to_srgb(picture, original.info.get("icc_profile"))
    picture = _to_mode(picture, fmt)
    picture.info = {}  # no EXIF, comment, profile or text chunk goes along
    out = io.BytesIO()
    if fmt == "JPEG":
        picture.save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "WEBP":
        picture.save(out, "WEBP", quality=85)
    else:
        picture.save(out, "PNG", optimize=True)
    return ReencodedImage(content=out.getvalue(), format=fmt, width=picture.width, height=picture.height)


def _to_srgb(picture: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Colours as the profile meant them (phones often shoot in Display P3), then the profile
    goes: it is a free-form blob that could carry anything."""
    if not icc_profile or picture.mode not in ("RGB", "RGBA", "CMYK"):
        return picture
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        mode = "RGBA" if picture.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(picture, source, ImageCms.createProfile("sRGB"), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return picture  # an unreadable profile is dropped; the colours may shift a little


def _to_mode(picture: Image.Image, fmt: str) -> Image.Image:
    if picture.mode in MODES[fmt]:
        return picture
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    if fmt == "JPEG" or not has_alpha:
        return picture.convert("RGB")
    return picture.convert("RGBA")


def clean_image_file(file) -> CleanImageFile:
    return file if isinstance(file, CleanImageFile) else CleanImageFile(reencode_image(file))


class SafeImageFormField(forms.ImageField):
    """A form's image field whose cleaned value is already the re-encoded file."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)  # empty, missing name, too long a name
        if upload is None:
            return None
        return clean_image_file(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT  # phones offer the camera and convert HEIC to JPEG
        return attrs


class SafeImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        # Every write to storage passes here (FileField.pre_save calls it too), so nothing
        # reaches storage without being re-encoded.
        try:
            content = clean_image_file(content)
        except ValidationError as error:
            raise ValidationError({self.field.name: error.error_list}) from None
        super().save(content.name, content, save)


class SafeImageField(models.ImageField):
    """An ImageField that stores only re-encoded images under random names (module docstring)."""

    attr_class = SafeImageFieldFile

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            # pre_save runs before Model.save opens its write; a refusal raised there leaves
            # the caller's transaction usable (an import can refuse one row and go on).
            signals.pre_save.connect(self._clean_before_save, sender=cls)

    def _clean_before_save(self, instance, raw=False, update_fields=None, **kwargs):
        if raw or (update_fields is not None and self.name not in update_fields):
            return
        try:
            self._clean_upload(getattr(instance, self.attname))
        except ValidationError as error:
            raise ValidationError({self.name: error.error_list}) from None

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        # full_clean() refuses a bad upload as this field's error.
        self._clean_upload(value)

    @staticmethod
    def _clean_upload(value) -> None:
        if value and not value._committed:
            value.file = clean_image_file(value.file)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SafeImageFormField, **kwargs})


# --- Documents: scanned licences and certificates -------------------------------------------
# A scan is a PDF or a photo of the paper. Photos go through `reencode_image` like any image;
# a PDF cannot be re-encoded without a PDF library, so it is checked instead: it must start
# with the PDF signature, end with the end-of-file marker, stay under the cap
# (`TANGSEL_DOCUMENT_MAX_MB`) and is stored under a random name ending in .pdf. It is only
# ever sent as a download (core.files), never shown inline.

PDF_MAGIC = b"%PDF-"
PDF_EOF = b"%%EOF"
DOCUMENT_ACCEPT = "application/pdf," + ACCEPT

NOT_A_DOCUMENT = _(
    "Berkas ini bukan PDF atau gambar yang dapat dibaca. Unggah hasil pindaian PDF, JPEG, PNG, atau WebP."
)
DOCUMENT_TOO_LARGE = _("Berkas terlalu besar: %(size)s MB. Paling besar %(max)s MB.")


class CleanDocumentFile(ContentFile):
    """A checked PDF, or a re-encoded image, under a random name: what `SafeDocumentField` stores."""

    def __init__(self, content: bytes, extension: str, content_type: str):
        super().__init__(content, name=f"{uuid.uuid4().hex}{extension}")
        self.content_type = content_type


def document_max_bytes() -> int:
    return settings.TANGSEL_DOCUMENT_MAX_MB * MB


def clean_document_file(file) -> CleanDocumentFile:
    if isinstance(file, CleanDocumentFile):
        return file
    size = _size_of(file)
    if size > document_max_bytes():
        raise ValidationError(
            DOCUMENT_TOO_LARGE,
            code="file_too_large",
            params={"size": number_format(size / MB, 1), "max": settings.TANGSEL_DOCUMENT_MAX_MB},
        )
    file.seek(0)
    head = file.read(len(PDF_MAGIC))
    if head == PDF_MAGIC:
        file.seek(0)
        content = file.read()
        # A real PDF ends with %%EOF (allowing trailing whitespace); a renamed file does not.
        if PDF_EOF not in content[-1024:]:
            raise ValidationError(NOT_A_DOCUMENT, code="invalid_document")
        return CleanDocumentFile(content, ".pdf", "application/pdf")
    try:
        image = reencode_image(file)
    except ValidationError as error:
        if error.code == "invalid_image":
            raise ValidationError(NOT_A_DOCUMENT, code="invalid_document") from None
        raise
    return CleanDocumentFile(image.content, image.extension, image.content_type)


class SafeDocumentFormField(forms.FileField):
    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_document_file(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = DOCUMENT_ACCEPT
        return attrs


class SafeDocumentFieldFile(FieldFile):
    def save(self, name, content, save=True):
        try:
            content = clean_document_file(content)
        except ValidationError as error:
            raise ValidationError({self.field.name: error.error_list}) from None
        super().save(content.name, content, save)


class SafeDocumentField(models.FileField):
    """A FileField that stores only checked PDFs and re-encoded images under random names."""

    attr_class = SafeDocumentFieldFile

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            signals.pre_save.connect(self._clean_before_save, sender=cls)

    def _clean_before_save(self, instance, raw=False, update_fields=None, **kwargs):
        if raw or (update_fields is not None and self.name not in update_fields):
            return
        try:
            self._clean_upload(getattr(instance, self.attname))
        except ValidationError as error:
            raise ValidationError({self.name: error.error_list}) from None

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        self._clean_upload(value)

    @staticmethod
    def _clean_upload(value) -> None:
        if value and not value._committed:
            value.file = clean_document_file(value.file)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SafeDocumentFormField, **kwargs})
