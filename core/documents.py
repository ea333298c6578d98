"""Uploaded document scans (KTP, KK, NIB ...): a PDF, or a photo of the paper.

A PDF is recognised by its magic bytes (`%PDF-`), not by its name or the browser's content
type, and is capped in size (`TANGSEL_DOCUMENT_MAX_MB`, default 10). Anything else must be
an image and goes through `core.uploads.reencode_image` (decoded, capped, re-encoded, EXIF
gone). Either way the stored file gets a random name with the extension of what it really
is. `SafeDocumentField` applies this on every path to storage, as `SafeImageField` does.
"""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import signals
from django.db.models.fields.files import FieldFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .uploads import ACCEPT as IMAGE_ACCEPT
from .uploads import MB, _size_of, reencode_image

PDF_MAGIC = b"%PDF-"
ACCEPT = f"application/pdf,{IMAGE_ACCEPT}"

DOCUMENT_TOO_LARGE = _("Berkas terlalu besar: %(size)s MB. Paling besar %(max)s MB.")
NOT_A_DOCUMENT = _("Berkas ini bukan PDF atau gambar yang dapat dibaca. Unggah PDF, atau foto JPEG, PNG, atau WebP.")


def max_document_mb() -> int:
    return getattr(settings, "TANGSEL_DOCUMENT_MAX_MB", 10)


class CleanDocumentFile(ContentFile):
    """A checked PDF or a re-encoded image, under a random name."""

    def __init__(self, content: bytes, extension: str, content_type: str):
        super().__init__(content, name=f"{uuid.uuid4().hex}{extension}")
        self.content_type = content_type


def clean_document_file(file) -> CleanDocumentFile:
    """Check `file` and return what may be stored; ValidationError in words a user can act on."""
    if isinstance(file, CleanDocumentFile):
        return file
    size = _size_of(file)
    file.seek(0)
    head = file.read(len(PDF_MAGIC))
    file.seek(0)
    if head == PDF_MAGIC:
        if size > max_document_mb() * MB:
            raise ValidationError(
                DOCUMENT_TOO_LARGE,
                code="file_too_large",
                params={"size": number_format(size / MB, 1), "max": max_document_mb()},
            )
        return CleanDocumentFile(file.read(), ".pdf", "application/pdf")
    try:
        image = reencode_image(file)
    except ValidationError as error:
        if error.code == "invalid_image":
            raise ValidationError(NOT_A_DOCUMENT, code="invalid_document") from None
        raise
    return CleanDocumentFile(image.content, image.extension, image.content_type)


def validate_document(file) -> None:
    clean_document_file(file)


class SafeDocumentFormField(forms.FileField):
    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_document_file(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT
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
