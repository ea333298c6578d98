import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_sees_the_kecamatan_counts(page, staf):
    login(page, "staf")
    assert page.locator("#kecamatan-counts").is_visible()
    assert page.locator("#kecamatan-counts tbody tr").count() == 7
