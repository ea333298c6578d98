"""The back office answers only the questions its pages ask, and keeps searches out of URLs.

- A changelist accepts the filters its admin offers (the `list_filter` specs' parameters, the
  date hierarchy) and Django's own parameters (`o`, `p`, `e`, `q`, `all`, `_popup`,
  `_to_field`, `_facets`). Any other lookup is refused with 400 before it is evaluated:
  Django would otherwise apply `?nik__startswith=3674…` (or `phone__…`, `nik__regex=…`,
  `amount_requested__gte=…`) to the list, whose answer, one row or none, gives a NIK
  away digit by digit.
- The changelist's search box posts; the text is kept in the session and the list is shown
  at `?cari=<token>` (core.search), so a NIK typed into it reaches no URL and no log.
- Autocomplete (select2) asks by POST instead of `GET ?term=…`; `static/admin/js/autocomplete.js`
  is Django's script, changed to post.

`ChangelistGuardMixin` goes on every ModelAdmin of the site (DomainAdmin, the user admin,
auditlog's log entries); `PortalAdminSite` is the site itself, installed by
the portal's admin site (tangsel_portal/admin_site.py) in place of Django's.
"""

import logging

from django.contrib.admin import helpers
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.filters import ListFilter
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import PAGE_VAR, SEARCH_VAR, ChangeList, ChangeListSearchForm
from django.core.exceptions import PermissionDenied
from django.db.models.constants import LOOKUP_SEP
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.search import SEARCH_TOKEN, remembered_search, search_redirect

security_log = logging.getLogger("django.security.DisallowedModelAdminLookup")


class RefusedLookup(DisallowedModelAdminLookup):
    """Query parameters a changelist does not offer; `params` names them (never their values)."""

    def __init__(self, params):
        self.params = sorted(params)
        super().__init__(f"Filtering by {', '.join(self.params)} not allowed")


class GuardedChangeList(ChangeList):
    """Django's changelist, with the search text from the session and unknown lookups refused."""

    def __init__(self, request, *args, **kwargs):
        if request.GET.get(SEARCH_TOKEN):
            # The search form is how Django validates and reads the text; give it the remembered one.
            data = request.GET.copy()
            data[SEARCH_VAR] = remembered_search(request)
            self.search_form_class = lambda _query: ChangeListSearchForm(data)
        super().__init__(request, *args, **kwargs)

    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        lookup_params.pop(SEARCH_TOKEN, None)  # the search box's, not a lookup
        return lookup_params

    def get_filters(self, request):
        # First refuse what touches no offered filter: before any filter is even built.
        refused = [key for key in self.get_filters_params() if not self.model_admin.lookup_allowed(key, None, request)]
        if refused:
            raise RefusedLookup(refused)
        filters = super().get_filters(request)
        # Every offered filter took its own parameters out; whatever is left, such as
        # `kelurahan__kecamatan__name__startswith` beside the kecamatan filter, the list
        # does not offer. Only the bounds the date hierarchy made from its year are Django's.
        remaining = set(filters[2])
        if self.date_hierarchy and f"{self.date_hierarchy}__year" in self.filter_params:
            remaining -= {f"{self.date_hierarchy}__gte", f"{self.date_hierarchy}__lt"}
        if remaining:
            raise RefusedLookup(remaining)
        return filters


def offered_filter_paths(model_admin, request) -> tuple[set[str], set[str]]:
    """(field paths of the list's filters and date hierarchy, exact parameter names of its
    custom filter classes)."""
    list_filter = model_admin.get_list_filter(request) if request is not None else model_admin.list_filter
    paths, names = set(), set()
    if model_admin.date_hierarchy:
        paths.add(model_admin.date_hierarchy)
    for item in list_filter:
        if isinstance(item, type) and issubclass(item, ListFilter):
            if getattr(item, "parameter_name", None):
                names.add(item.parameter_name)
        elif isinstance(item, list | tuple):
            field = item[0]
            paths.add(field if isinstance(field, str) else field.name)
        else:
            paths.add(item)
    return paths, names


def is_search_post(request) -> bool:
    """The changelist's search form, not its actions or list_editable form (which post too)."""
    return (
        request.method == "POST"
        and SEARCH_VAR in request.POST
        and not {"action", "_save", "index", helpers.ACTION_CHECKBOX_NAME} & set(request.POST)
    )


class ChangelistGuardMixin:
    """For every ModelAdmin: only offered filters, a posted search, a 400 for anything else."""

    def lookup_allowed(self, lookup, value, request=None):
        # Django's default allows any lookup on the model's own fields (`nik__startswith`);
        # here only those on a field the list filters by, or a custom filter's parameter.
        # GuardedChangeList then refuses what no offered filter actually took.
        paths, names = offered_filter_paths(self, request)
        return lookup in names or any(lookup == path or lookup.startswith(path + LOOKUP_SEP) for path in paths)

    def get_changelist(self, request, **kwargs):
        return GuardedChangeList

    def changelist_view(self, request, extra_context=None):
        if is_search_post(request):
            if not self.has_view_or_change_permission(request):
                raise PermissionDenied
            return search_redirect(request, request.path, field=SEARCH_VAR, page_param=PAGE_VAR)
        try:
            return super().changelist_view(request, extra_context)
        except RefusedLookup as refused:
            return self.refused_lookup_response(request, refused)

    def refused_lookup_response(self, request, refused: RefusedLookup):
        # Names only: a value may be the very NIK being guessed.
        security_log.warning("Refused filters %s on %s", ", ".join(refused.params), request.path)
        site = self.admin_site
        # Not each_context(): its navigation (every app and model the user may open) costs
        # more than this answer is worth to someone trying addresses.
        context = {
            "site_title": site.site_title,
            "site_header": site.site_header,
            "site_url": site.site_url,
            "has_permission": site.has_permission(request),
            "is_nav_sidebar_enabled": False,
            "opts": self.opts,
            "title": _("Saringan tidak tersedia"),
            "params": ", ".join(refused.params),
            "changelist_url": request.path,
        }
        return TemplateResponse(request, "admin/refused_lookup.html", context, status=400)


class PostedAutocompleteJsonView(AutocompleteJsonView):
    """Django's autocomplete, asked by POST: the term may be a NIK, and a query string
    lands in the address of the request, the server's access log and any proxy's."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        # Django's view reads term, app_label, model_name, field_name and page from the query
        # string; here they come in the body.
        request.GET = request.POST
        return self.get(request, *args, **kwargs)
