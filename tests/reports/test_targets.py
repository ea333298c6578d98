"""Targets are data: the city's two from the migration, set by Admin and Staf in the admin with
who and when, read by the dashboard and the outcomes page."""

import datetime as dt

import pytest
from django.urls import reverse

from reports.models import Target
from tests.factories import kecamatan

pytestmark = pytest.mark.django_db


def test_the_migration_sets_the_two_city_targets():
    conversion = Target.objects.get(indicator=Target.Indicator.CONVERSION, kecamatan=None)
    population = Target.objects.get(indicator=Target.Indicator.POPULATION, kecamatan=None)
    assert (conversion.value, conversion.baseline_value) == (40, None)
    assert "Belum ada nilai dasar" in conversion.baseline_note
    assert (population.value, population.baseline_value, population.baseline_year) == (2, 1, 2016)
    assert "Kurang dari 1%" in population.baseline_note


def test_staff_set_a_kecamatan_target_and_it_records_who(client, staf):
    client.force_login(staf)
    response = client.post(
        reverse("admin:reports_target_add"),
        {
            "indicator": "population",
            "kecamatan": kecamatan("Setu").pk,
            "baseline_value": "0.50",
            "baseline_year": "2024",
            "baseline_note": "Pendataan 2024",
            "value": "1.50",
            "period_start": "2025-01-01",
            "period_end": "2029-12-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    target = Target.objects.get(kecamatan=kecamatan("Setu"))
    assert target.set_by == staf and target.set_at is not None
    assert target.period_end == dt.date(2029, 12, 31)


@pytest.mark.parametrize("who", ["pimpinan", "petugas_ciputat"])
def test_others_do_not_change_targets(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("admin:reports_target_add"))
    assert response.status_code in (302, 403)
    assert not Target.objects.filter(kecamatan__isnull=False).exists()


def test_the_outcomes_page_measures_against_the_target_row(client, staf):
    Target.objects.filter(indicator=Target.Indicator.CONVERSION, kecamatan=None).update(value=50)
    client.force_login(staf)
    html = client.get(reverse("reports:outcomes")).content.decode()
    assert "sedikitnya 50% peserta" in html
