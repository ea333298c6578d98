"""/pelatihan/: batches by kecamatan (rows) and month (columns), scoped."""

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories
from trainings.models import TrainingBatch

pytestmark = pytest.mark.django_db

URL = reverse("trainings:index")


def cells(response) -> dict[str, list[list[str]]]:
    return {row["kecamatan"].name: [[b.name for b in m] for m in row["months"]] for row in response.context["rows"]}


def test_a_batch_appears_in_every_month_it_runs_in_its_kecamatans_row(client, staf):
    factories.TrainingBatchFactory(
        name="Batik Setu",
        kecamatan=factories.kecamatan("Setu"),
        start_date=dt.date(2027, 3, 20),
        end_date=dt.date(2027, 5, 2),
    )
    client.force_login(staf)

    response = client.get(URL, {"tahun": 2027})

    grid = cells(response)
    assert len(grid) == 7
    assert [i + 1 for i, month in enumerate(grid["Setu"]) if month] == [3, 4, 5]
    assert not any(any(m) for name, months in grid.items() if name != "Setu" for m in months)


def test_a_batch_crossing_the_new_year_shows_in_both_years(client, staf):
    factories.TrainingBatchFactory(
        name="Akhir tahun",
        kecamatan=factories.kecamatan("Setu"),
        start_date=dt.date(2026, 12, 7),
        end_date=dt.date(2027, 1, 15),
    )
    client.force_login(staf)

    assert cells(client.get(URL, {"tahun": 2026}))["Setu"][11] == ["Akhir tahun"]
    assert cells(client.get(URL, {"tahun": 2027}))["Setu"][0] == ["Akhir tahun"]


def test_cancelled_batches_are_left_out(client, staf):
    factories.TrainingBatchFactory(status=TrainingBatch.Status.CANCELLED)
    client.force_login(staf)

    assert not any(any(m) for months in cells(client.get(URL, {"tahun": 2026})).values() for m in months)


def test_a_field_officer_sees_only_their_kecamatan(client, petugas_ciputat):
    factories.TrainingBatchFactory(name="Ciputat", kecamatan=factories.kecamatan("Ciputat"))
    factories.TrainingBatchFactory(name="Pamulang", kecamatan=factories.kecamatan("Pamulang"))
    client.force_login(petugas_ciputat)

    response = client.get(URL, {"tahun": 2026})

    assert cells(response) == {"Ciputat": [[], [], ["Ciputat"]] + [[]] * 9}
    assert b"Pamulang" not in response.content
    assert not response.context["can_plan"]


def test_a_bad_year_falls_back_to_this_year(client, staf):
    client.force_login(staf)

    assert client.get(URL, {"tahun": "x"}).context["year"] == dt.date.today().year
