"""The one place that decides which rows a user may see.

Every selector, admin queryset, foreign-key choice and export calls
`scope_queryset`. A model that is not listed here is reference data (craft types,
trainers, exhibitions, banks) and visible to every role that has the permission
to view it; a field officer's view of a listed model is cut to their kecamatan,
a bank liaison's to their bank's referrals.
"""

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from . import roles

# label -> lookup path from the model to its Kecamatan ("pk" for Kecamatan itself).
KECAMATAN_PATHS = {
    "regions.kecamatan": "pk",
    "regions.kelurahan": "kecamatan",
    "regions.populationfigure": "kecamatan",
    "accounts.user": "kecamatan",
    "participants.participant": "kelurahan__kecamatan",
    "trainings.venue": "kecamatan",
    "trainings.trainingbatch": "kecamatan",
    "trainings.trainingsession": "batch__kecamatan",
    "trainings.enrollment": "batch__kecamatan",
    "trainings.attendance": "session__batch__kecamatan",
    "groups.businessgroup": "kecamatan",
    "groups.membership": "group__kecamatan",
    "groups.product": "group__kecamatan",
    "inventory.business": "kelurahan__kecamatan",
    "inventory.inventoryvisit": "business__kelurahan__kecamatan",
    "exhibitions.exhibitionentry": "group__kecamatan",
    "exhibitions.exhibitionsale": "entry__group__kecamatan",
    "financing.loanreferral": "kecamatan",
    "financing.loanreferralevent": "referral__kecamatan",
    "reports.exportjob": None,
    "reports.importjob": None,
}

# label -> lookup path to the Bank, for a bank liaison. Anything else they cannot see.
BANK_PATHS = {
    "financing.bank": "pk",
    "financing.loanreferral": "bank",
    "financing.loanreferralevent": "referral__bank",
    "participants.participant": "loan_referrals__bank",
    "groups.businessgroup": "loan_referrals__bank",
}

# Jobs belong to whoever started them; staff see all.
OWNER_PATHS = {"reports.exportjob": "requested_by", "reports.importjob": "uploaded_by"}


def scope_queryset(user, queryset: QuerySet) -> QuerySet:
    """Return the part of `queryset` that `user` may see."""
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    label = queryset.model._meta.label_lower
    role = user.role
    if role in roles.CITY_WIDE:
        return queryset
    if label in OWNER_PATHS:
        return queryset.filter(**{OWNER_PATHS[label]: user})
    if role == roles.FIELD_OFFICER:
        if label not in KECAMATAN_PATHS:
            return queryset
        return _filter(queryset, f"{KECAMATAN_PATHS[label]}__in", user.kecamatan_ids)
    if role == roles.BANK_LIAISON and user.bank_id:
        if label not in BANK_PATHS:
            return queryset.none()
        return _filter(queryset, BANK_PATHS[label], user.bank_id)
    return queryset.none()


def _crosses_to_many(model, lookup: str) -> bool:
    for name in lookup.split("__"):
        if name in ("in", "pk"):
            return False
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
        if model is None:
            return False
    return False


def _filter(queryset: QuerySet, lookup: str, value) -> QuerySet:
    if _crosses_to_many(queryset.model, lookup):
        # A join over a to-many relation would repeat rows (an officer of two
        # kecamatan, a participant with two referrals); filter by a subquery instead.
        pks = queryset.model._default_manager.filter(**{lookup: value}).values("pk")
        return queryset.filter(pk__in=pks)
    return queryset.filter(**{lookup: value})


def in_scope(user, obj: Model) -> bool:
    return scope_queryset(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def get_scoped_or_404(user, queryset: QuerySet, **lookup):
    """Fetch one object the user may see, or 404: out of scope looks like absent."""
    try:
        return scope_queryset(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def kecamatan_q(user, path: str) -> Q:
    """A Q that limits `path` (a Kecamatan lookup) to what the user may see."""
    if user.role in roles.CITY_WIDE:
        return Q()
    if user.role == roles.FIELD_OFFICER:
        return Q(**{f"{path}__in": user.kecamatan_ids})
    return Q(pk__in=[])
