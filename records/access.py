"""Who may use the pages of this app. The recycle bin holds personal data of every kind and
brings deleted records back: administrators only."""

from accounts import roles


def may_use_bin(user) -> bool:
    return user.is_authenticated and user.role == roles.ADMIN


def may_read_records(user) -> bool:
    """The record of processing: the department and its leadership."""
    return user.is_authenticated and user.role in {roles.ADMIN, roles.STAFF, roles.LEADERSHIP}


def may_manage_incidents(user) -> bool:
    return user.is_authenticated and user.role in {roles.ADMIN, roles.STAFF}
