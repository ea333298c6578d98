"""Abstract model bases shared by the apps: who created a row and when.

Abstract models need no app of their own (Django attaches them to none), so core stays a
plain package. A model whose wording differs ("dicatat", "diminta pada") overrides the
field with the same helper and its own verbose name; the columns stay identical, so no
migration changes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CREATED_AT = _("dibuat")
CREATED_BY = _("dibuat oleh")


def created_at_field(verbose_name=CREATED_AT) -> models.DateTimeField:
    return models.DateTimeField(verbose_name, auto_now_add=True)


def created_by_field(verbose_name=CREATED_BY, **options) -> models.ForeignKey:
    """The user who created the row; kept as NULL when that user is deleted. No reverse accessor."""
    options = {"null": True, "blank": True, **options}
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", verbose_name=verbose_name, **options
    )


class CreatedAt(models.Model):
    """When the row was created."""

    created_at = created_at_field()

    class Meta:
        abstract = True


class Created(CreatedAt):
    """Who created the row, and when."""

    created_by = created_by_field()

    class Meta(CreatedAt.Meta):
        abstract = True
