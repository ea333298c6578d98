"""The one place that decides which rows a user may see.

Every selector, admin queryset, foreign-key choice and export calls
`scope_queryset`. A model that is not listed here is reference data (craft types,
trainers, exhibitions, banks) and visible to every role that has the permission
to view it; a field officer's view of a listed model is cut to their kecamatan,
a bank liaison's to their bank's referrals.
"""

from contextvars import ContextVar

from django.apps import apps
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
    "participants.consent": "participant__kelurahan__kecamatan",
    "privacy.rightsrequest": "participant__kelurahan__kecamatan",
    "trainings.venue": "kecamatan",
    "trainings.trainingbatch": "kecamatan",
    "trainings.trainingsession": "batch__kecamatan",
    "trainings.enrollment": "batch__kecamatan",
    "trainings.attendance": "session__batch__kecamatan",
    "groups.businessgroup": "kecamatan",
    "groups.membership": "group__kecamatan",
    "groups.product": "group__kecamatan",
    "groups.productphoto": "product__group__kecamatan",
    "inventory.business": "kelurahan__kecamatan",
    "inventory.inventoryvisit": "business__kelurahan__kecamatan",
    "inventory.businesslicence": "business__kelurahan__kecamatan",
    "inventory.curation": "kecamatan",
    "inventory.curationstep": "curation__kecamatan",
    "exhibitions.exhibitionentry": "group__kecamatan",
    "exhibitions.exhibitionsale": "entry__group__kecamatan",
    "exhibitions.buyerlead": "entry__group__kecamatan",
    "financing.loanreferral": "kecamatan",
    "financing.loanreferralevent": "referral__kecamatan",
    "financing.referraldocument": "referral__kecamatan",
    "financing.jointliability": "referral__kecamatan",
    "financing.documentview": "document__referral__kecamatan",
    "reports.exportjob": None,
    "reports.importjob": None,
}

# label -> lookup path to the LoanReferral, for a bank liaison, who sees the referrals
# sent to their bank (not the department's drafts) and who they are about. Their own bank
# is visible too; anything else is not.
BANK_REFERRAL_PATHS = {
    "financing.loanreferral": "pk",
    "financing.loanreferralevent": "referral",
    "financing.referraldocument": "referral",
    "financing.jointliability": "referral",
    "participants.participant": "loan_referrals",
    "groups.businessgroup": "loan_referrals",
}

# Of those, what holds the applicant's personal data (their record, the scans): not reached
# through a referral the department cancelled because the person withdrew their consent to
# share data with a bank. The referral itself and its history stay, so the bank sees it ended.
BANK_PERSONAL_LABELS = {"financing.referraldocument", "participants.participant"}

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
        if label == "financing.bank":
            return queryset.filter(pk=user.bank_id)
        if label == "financing.kurprogramme":
            return queryset.filter(Q(bank__isnull=True) | Q(bank_id=user.bank_id))
        if label not in BANK_REFERRAL_PATHS:
            return queryset.none()
        sent = _referrals_sent_to(user.bank_id, personal=label in BANK_PERSONAL_LABELS)
        return _filter(queryset, f"{BANK_REFERRAL_PATHS[label]}__in", sent)
    return queryset.none()


def _referrals_sent_to(bank_id: int, *, personal: bool = False) -> QuerySet:
    LoanReferral = apps.get_model("financing", "LoanReferral")
    hidden = [LoanReferral.Status.DRAFT]
    if personal:
        hidden.append(LoanReferral.Status.CANCELLED)
    return LoanReferral.objects.filter(bank_id=bank_id).exclude(status__in=hidden).values("pk")


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


# The record a 404 of this request refused, as (model label, pk): the security event log
# (security.middleware) names it, without anything read from the row.
refused_record: ContextVar = ContextVar("refused_record", default=None)


def get_scoped_or_404(user, queryset: QuerySet, **lookup):
    """Fetch one object the user may see, or 404: out of scope looks like absent."""
    try:
        return scope_queryset(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist:
        refused_record.set((queryset.model._meta.label_lower, lookup.get("pk", lookup.get("id", ""))))
        raise Http404 from None


def kecamatan_q(user, path: str) -> Q:
    """A Q that limits `path` (a Kecamatan lookup) to what the user may see."""
    if user.role in roles.CITY_WIDE:
        return Q()
    if user.role == roles.FIELD_OFFICER:
        return Q(**{f"{path}__in": user.kecamatan_ids})
    return Q(pk__in=[])
