"""Writes about accounts: lifting a login lock."""

import logging

from axes.handlers.proxy import AxesProxyHandler
from django.core.exceptions import PermissionDenied
from django.db import transaction

from . import roles
from .login_throttle import username_key
from .models import User
from .selectors import login_lock_until

log = logging.getLogger("accounts.login")


@transaction.atomic
def login_lock_lift(*, user: User, by: User) -> bool:
    """Forget the failed logins of `user`, which lifts a lock on the account.

    An Admin may lift anyone's; a user lifts their own by resetting their password.
    Returns whether the account was locked.
    """
    if by.role != roles.ADMIN and by.pk != user.pk:
        raise PermissionDenied
    username = user.get_username()
    was_locked = login_lock_until(username=username) is not None
    AxesProxyHandler.reset_attempts(username=username_key(username))
    if was_locked:
        log.warning("login lock lifted: user_id=%s by_user_id=%s", user.pk, by.pk)
    return was_locked
