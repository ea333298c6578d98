"""A password validator against breached passwords that works offline.

The list is zxcvbn's "passwords" frequency list (MIT licence): the 30,000 most frequent
passwords of Mark Burnett's ten-million-password corpus, collected from public breach dumps.
Django's CommonPasswordValidator (20,000 entries, from another breach compilation) runs
beside it; neither needs a network, so CI and offline offices check the same.
"""

from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@cache
def breached_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


class BreachedPasswordValidator:
    def validate(self, password, user=None):
        if password.lower().strip() in breached_passwords():
            raise ValidationError(
                _("Sandi ini ada dalam daftar sandi yang pernah bocor dan mudah ditebak. Pilih sandi lain."),
                code="password_breached",
            )

    def get_help_text(self):
        return _("Sandi tidak boleh termasuk sandi yang pernah bocor dan banyak dipakai orang.")
