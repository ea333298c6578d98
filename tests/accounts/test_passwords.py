"""Password rules: the breached-password list (offline) beside Django's common and numeric
checks, and the deploy check that keeps the second factor required in production."""

import pytest
from django.contrib.auth.password_validation import CommonPasswordValidator, validate_password
from django.core.exceptions import ValidationError

from accounts import checks, validators


def _codes(password: str) -> set[str]:
    try:
        validate_password(password)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


def test_a_breached_password_that_djangos_common_list_misses_is_refused():
    common = CommonPasswordValidator().passwords
    breached = sorted(p for p in validators.breached_passwords() if len(p) >= 8 and not p.isdigit() and p not in common)
    assert breached, "the breached list adds nothing to Django's"
    assert "password_breached" in _codes(breached[0])
    assert "password_breached" in _codes(breached[0].upper())


def test_common_and_all_numeric_passwords_are_refused():
    assert {"password_too_common", "password_breached"} <= _codes("password123")
    assert "password_entirely_numeric" in _codes("83920174650")


def test_a_long_unusual_password_passes():
    assert _codes("anyaman-pandan-serpong-7") == set()


def test_the_breached_list_is_shipped_with_the_code_and_needs_no_network():
    assert len(validators.breached_passwords()) == 30_000


@pytest.mark.parametrize(
    "required, errors",
    [
        (["Admin", "Staf Disperindag", "Mitra bank"], []),
        (["Admin", "Staf Disperindag", "Mitra bank", "Pimpinan"], []),
        (["Admin", "Staf Disperindag"], ["accounts.E001"]),
        ([], ["accounts.E001"]),
    ],
)
def test_with_debug_off_the_second_factor_cannot_be_switched_off_for_admin_staf_or_banks(settings, required, errors):
    settings.DEBUG = False
    settings.OTP_REQUIRED_ROLES = required
    assert [e.id for e in checks.second_factor_required(None)] == errors


def test_under_debug_the_roles_may_be_changed(settings):
    settings.DEBUG = True
    settings.OTP_REQUIRED_ROLES = []
    assert checks.second_factor_required(None) == []
