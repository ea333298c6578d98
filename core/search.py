"""Search boxes whose text may be personal data (a NIK, a name) keep it out of addresses.

The box posts; `search_redirect` keeps the typed text in the session under a random token
and answers with a redirect to the list at `?cari=<token>` and the other filters, so the
text reaches no address bar, browser history or access log. `remembered_search` reads it
back for the list. A token means nothing outside the session that made it.
"""

import secrets

from django.http import HttpResponseRedirect, QueryDict

SEARCH_TOKEN = "cari"
SESSION_KEY = "searches"
# Searches remembered per session: enough for the back button and a few open tabs.
KEEP = 20


def search_redirect(request, url: str, *, field: str = "q", page_param: str = "page") -> HttpResponseRedirect:
    """Answer a posted search with the list at `url`, carrying the token instead of the text.
    Every other posted field is kept as a query parameter; the page starts over."""
    data = request.POST.copy()
    for name in ("csrfmiddlewaretoken", SEARCH_TOKEN, page_param):
        data.pop(name, None)
    text = data.pop(field, [""])[-1].strip()
    if text:
        token = secrets.token_urlsafe(8)
        searches = dict(list(request.session.get(SESSION_KEY, {}).items())[-(KEEP - 1) :])
        searches[token] = text
        request.session[SESSION_KEY] = searches
        data[SEARCH_TOKEN] = token
    query = data.urlencode()
    return HttpResponseRedirect(f"{url}?{query}" if query else url)


def remembered_search(request) -> str:
    """The text behind `?cari=<token>`, or "" when there is none or the session does not know it."""
    token = request.GET.get(SEARCH_TOKEN)
    return request.session.get(SESSION_KEY, {}).get(token, "") if token else ""


def search_params(request, *, field: str = "q") -> QueryDict:
    """The list's filters from GET, with the text behind `?cari=<token>` put back as `field`."""
    data = request.GET.copy()
    if SEARCH_TOKEN in data:
        data[field] = remembered_search(request)
    return data
