"""The access matrix: every named URL, every persona, the expected answer.

Each app adds a module `tests/access/urls_<app>.py` with a ROUTES list; test_matrix.py
walks them all and fails when a named URL of the project is in none of them.

Expectations: LOGIN (anonymous → redirect to login), 404 (out of scope), 403 (no
permission), 200, 302 (another redirect), 405 (method not allowed).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

LOGIN = "login"

PERSONAS = ["anonymous", "admin_user", "staf", "petugas_ciputat", "petugas_pamulang", "bank_bri", "pimpinan"]


@dataclass
class Route:
    name: str
    expect: dict[str, object]
    # Builds the URL kwargs from the `world` fixture (objects in Ciputat and Pamulang).
    kwargs: Callable | None = None
    method: str = "get"
    data: dict = field(default_factory=dict)
    label: str = ""

    def __post_init__(self):
        missing = set(PERSONAS) - set(self.expect)
        if missing:
            raise ValueError(f"{self.name}: no expectation for {sorted(missing)}")

    @property
    def id(self) -> str:
        return f"{self.name}{'[' + self.label + ']' if self.label else ''}"


def everyone(answer, **overrides) -> dict[str, object]:
    """Same answer for every logged-in persona; anonymous goes to login unless overridden."""
    out = {p: answer for p in PERSONAS}
    out["anonymous"] = LOGIN
    out.update(overrides)
    return out
