from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from . import selectors

_HOME_LINKS = [
    "participants.participant",
    "trainings.trainingbatch",
    "groups.businessgroup",
    "groups.product",
    "inventory.business",
    "inventory.inventoryvisit",
    "exhibitions.exhibition",
    "financing.loanreferral",
]


@login_required
def home(request):
    links = []
    registry = {m._meta.label_lower: (m, ma) for m, ma in admin.site._registry.items()}
    for label in _HOME_LINKS:
        model, model_admin = registry.get(label, (None, None))
        if model_admin is not None and model_admin.has_view_permission(request):
            opts = model._meta
            links.append(
                (opts.verbose_name_plural.capitalize(), reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
            )
    return render(
        request,
        "reports/home.html",
        {"rows": selectors.kecamatan_counts(user=request.user), "links": links},
    )
