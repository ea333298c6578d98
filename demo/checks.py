"""`manage.py check --deploy` fails while a demo login still works.

The demo users and their password are published in the README; a production database that
still has one of them with that password can be entered by anyone who has read it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

# The password of the README, whatever DEMO_PASSWORD says on this server.
PUBLISHED_DEMO_PASSWORD = "tangsel-demo"


def demo_usernames() -> list[str]:
    from demo.write import DEMO_USERS

    return [username for username, *_rest in DEMO_USERS]


@register(Tags.security, deploy=True)
def demo_logins_are_closed(app_configs=None, **kwargs):
    passwords = {PUBLISHED_DEMO_PASSWORD, settings.DEMO_PASSWORD}
    try:
        users = list(get_user_model()._default_manager.filter(username__in=demo_usernames(), is_active=True))
    except DatabaseError:
        # No database to look into (not migrated, not reachable): nothing to find yet; `migrate` comes first.
        return []
    open_logins = [user.username for user in users if any(user.check_password(p) for p in passwords)]
    if not open_logins:
        return []
    return [
        Error(
            f"Demo users still log in with the demo password: {', '.join(sorted(open_logins))}.",
            hint=(
                "This database holds demo data or demo logins; never seed_demo in production. Deactivate or "
                "delete these users, or give them strong passwords (manage.py changepassword USERNAME)."
            ),
            id="demo.E001",
        )
    ]


@register(Tags.security, deploy=True)
def demo_second_factor_is_closed(app_configs=None, **kwargs):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from demo.write import DEMO_TOTP_KEY_HEX

    try:
        users = sorted(TOTPDevice.objects.filter(key=DEMO_TOTP_KEY_HEX).values_list("user__username", flat=True))
    except DatabaseError:
        return []
    if not users:
        return []
    return [
        Error(
            f"These users' second factor is the published demo secret: {', '.join(users)}.",
            hint="Reset their second factor (admin: Pengguna → Atur ulang verifikasi dua langkah) or delete them.",
            id="demo.E002",
        )
    ]
