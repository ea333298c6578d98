import datetime as dt

import pytest

from core.privacy import age


@pytest.mark.parametrize(
    ("birth_date", "on", "years"),
    [
        (dt.date(1990, 5, 12), dt.date(2026, 5, 11), 35),
        (dt.date(1990, 5, 12), dt.date(2026, 5, 12), 36),
        (dt.date(2000, 2, 29), dt.date(2026, 2, 28), 25),
        (dt.date(2000, 2, 29), dt.date(2026, 3, 1), 26),
        (dt.date(2000, 12, 31), dt.date(2026, 1, 1), 25),
    ],
)
def test_age_counts_full_years_and_turns_on_the_birthday(birth_date, on, years):
    assert age(birth_date, on=on) == years


def test_age_of_an_unknown_birth_date_is_unknown():
    assert age(None) is None
