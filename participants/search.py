"""Name search that costs the same at ten thousand participants and at a million (issue 9).

What a search means: every word of it must match the name. A word of three letters or more
matches anywhere in the name ("her" finds "Heru" and "Suherman"), as it always has; a word
of one or two letters matches the start of a word of the name ("he" finds "Heru Santoso" and
"Agus Herlambang", not "Suherman"): anywhere, it would match nearly every name, and no
trigram can serve it. Words are what spaces separate; a word with no letter or digit in it
("-", ".") is ignored. Case does not matter.

What it costs: both kinds of word are served by the trigram index on UPPER(name)
(participants 0003): "%HER%" by its trigrams, "(^| )HE" by the padded trigram " he" that
starts a word. A list of matches is read at most `cap() + 1` rows deep, in whatever order
the index gives them, and only those rows are sorted for the page; above the cap the page
says "more than" and shows `cap()` of the matches, in the order asked for. Sorting every
match ("ani": 160,000 at a million) or walking the name index until a page of them turns up
("Siti": 35,000 to 275,000 rows) grows with the data; reading `cap() + 1` does not.
"""

import re

from django.conf import settings
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Upper
from django.db.models.lookups import Regex

# A word shorter than this is a word prefix: a trigram needs three letters.
INFIX_MIN = 3


def cap() -> int:
    """How many matches a name search lists at most (settings: NAME_SEARCH_CAP)."""
    return settings.TANGSEL_NAME_SEARCH_CAP


def words(q: str) -> list[str]:
    """The words of a search that take part in it."""
    return [word for word in (q or "").split() if any(c.isalnum() for c in word)]


def word_condition(word: str, field: str = "name") -> Q:
    """The rows whose `field` matches one word of a search (see the module's docstring)."""
    if len(word) >= INFIX_MIN:
        return Q(**{f"{field}__icontains": word})
    # Upper on both sides in the database, as icontains does, so the two agree on case;
    # re.escape leaves letters and digits alone, so upper-casing the pattern changes no escape.
    return Q(Regex(Upper(field), Upper(Value(f"(^| ){re.escape(word)}"))))


def name_condition(q: str, field: str = "name") -> Q:
    """The rows whose `field` matches every word of the search `q`."""
    condition = Q()
    for word in words(q):
        condition &= word_condition(word, field)
    return condition


def first_matches(queryset: QuerySet, limit: int) -> list[int]:
    """At most `limit + 1` primary keys of `queryset`, in no particular order: the rows the
    index yields first. One more than `limit` tells that more match."""
    return list(queryset.order_by().values_list("pk", flat=True)[: limit + 1])
