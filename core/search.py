"""Searches that are posted, not put in the address.

The typed text (a name or a NIK, both personal data) is kept in the session under a random
token, and the list is shown at an address that carries only the token and the other
filters, so no name or NIK reaches a URL, a browser history or an access log.
"""

import secrets

from django.http import HttpRequest, HttpResponseRedirect, QueryDict

TOKEN = "cari"
# Only the latest few searches of a session are kept.
KEEP = 20


def search_redirect(request: HttpRequest, *, url: str, session_key: str, field: str = "q") -> HttpResponseRedirect:
    """Answer the posted search form: redirect to `url` with the other fields and a token for the text."""
    data = request.POST.copy()
    data.pop("csrfmiddlewaretoken", None)
    data.pop("page", None)
    text = data.pop(field, [""])[-1].strip()
    if text:
        token = secrets.token_urlsafe(8)
        searches = dict(list(request.session.get(session_key, {}).items())[-(KEEP - 1) :])
        searches[token] = text
        request.session[session_key] = searches
        data[TOKEN] = token
    query = data.urlencode()
    return HttpResponseRedirect(f"{url}?{query}" if query else url)


def search_params(request: HttpRequest, *, session_key: str, field: str = "q") -> QueryDict:
    """The list's filters from GET, with the search text looked up from its session token."""
    data = request.GET.copy()
    token = data.get(TOKEN)
    if token:
        data[field] = request.session.get(session_key, {}).get(token, "")
    return data
