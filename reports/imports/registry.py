"""The import kinds, by the key each job keeps (`ImportJob.kind`): one machinery, several kinds."""

from . import participants, visits

KINDS = {kind.KIND: kind for kind in (participants.IMPORT, visits.IMPORT)}
DEFAULT = participants.KIND


def kinds_for(user) -> list:
    """The kinds `user` may import, in the order of the import page."""
    return [kind for kind in KINDS.values() if kind.may_import(user)]


def kind_for(user, key: str | None):
    """The kind named `key` (the default when empty) if `user` may import it, else None."""
    kind = KINDS.get(key or DEFAULT)
    return kind if kind is not None and kind.may_import(user) else None
