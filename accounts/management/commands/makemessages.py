"""Django's makemessages, also reading the translation aliases the code uses where `_`
is already taken: `gettext_now` (accounts/admin.py) and `_lazy` (trainings/services.py).
Without them xgettext would silently leave those strings out of the catalogue."""

from django.core.management.commands import makemessages

EXTRA_KEYWORDS = ["--keyword=gettext_now", "--keyword=_lazy"]


class Command(makemessages.Command):
    xgettext_options = makemessages.Command.xgettext_options + EXTRA_KEYWORDS
