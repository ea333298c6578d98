"""/pelatihan/: batches by kecamatan (rows) and month (columns), scoped."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trainings.models import TrainingBatch

pytestmark = pytest.mark.django_db

URL = reverse("trainings:index")


def cells(response) -> dict[str, list[list[str]]]:
    return {
        row["kecamatan"].name: [[b.name for b in cell["batches"]] for cell in row["months"]]
        for row in response.context["rows"]
    }


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


def test_a_crowded_month_names_the_first_batches_and_links_the_rest_to_the_list(client, staf):
    setu = factories.kecamatan("Setu")
    for day in range(1, 8):
        factories.TrainingBatchFactory(
            name=f"Setu {day}", kecamatan=setu, start_date=dt.date(2027, 4, day), end_date=dt.date(2027, 4, 28)
        )
    client.force_login(staf)

    response = client.get(URL, {"tahun": 2027})

    april = next(row for row in response.context["rows"] if row["kecamatan"] == setu)["months"][3]
    assert [b.name for b in april["batches"]] == ["Setu 1", "Setu 2", "Setu 3", "Setu 4"]
    assert (april["count"], april["more"]) == (7, 3)
    link = f"{reverse('trainings:batch_list')}?kecamatan={setu.pk}&amp;year=2027&amp;month=4"
    assert f'href="{link}"' in response.content.decode() and "+3 angkatan lain" in response.content.decode()
    # The list it opens counts the same seven.
    listed = client.get(reverse("trainings:batch_list"), {"kecamatan": setu.pk, "year": 2027, "month": 4})
    assert listed.context["page"].paginator.count == 7


def test_the_page_does_not_grow_with_the_batches_it_summarises(client, staf):
    setu = factories.kecamatan("Setu")
    client.force_login(staf)

    def page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"tahun": 2027})
        return len(queries), len(response.content)

    june = {"kecamatan": setu, "start_date": dt.date(2027, 6, 1), "end_date": dt.date(2027, 6, 20)}
    factories.TrainingBatchFactory.create_batch(5, **june)
    small = page()
    factories.TrainingBatchFactory.create_batch(40, **june)
    large = page()

    assert large[0] == small[0]
    assert abs(large[1] - small[1]) < 50  # only the "+N" figure differs


def test_the_batch_list_month_filter_needs_a_year(client, staf):
    client.force_login(staf)

    response = client.get(reverse("trainings:batch_list"), {"month": 4})

    assert "Pilih tahunnya juga untuk menyaring per bulan." in response.content.decode()


def test_a_cells_first_batches_come_from_every_group_that_runs_in_it_in_start_order(client, staf):
    # April holds batches that started in March, that started and end in April, and that run on
    # into May, plus one carried over from the year before; the first four by start are named.
    setu = factories.kecamatan("Setu")
    runs = {
        "Lama": (dt.date(2026, 11, 2), dt.date(2027, 4, 30)),
        "Maret": (dt.date(2027, 3, 25), dt.date(2027, 4, 10)),
        "April awal": (dt.date(2027, 4, 1), dt.date(2027, 4, 20)),
        "April ke Mei": (dt.date(2027, 4, 2), dt.date(2027, 5, 9)),
        "April akhir": (dt.date(2027, 4, 20), dt.date(2027, 4, 29)),
        "Mei": (dt.date(2027, 5, 1), dt.date(2027, 5, 20)),
    }
    for name, (start, end) in runs.items():
        factories.TrainingBatchFactory(name=name, kecamatan=setu, start_date=start, end_date=end)
    client.force_login(staf)

    row = next(r for r in client.get(URL, {"tahun": 2027}).context["rows"] if r["kecamatan"] == setu)

    january, april, may = row["months"][0], row["months"][3], row["months"][4]
    assert [b.name for b in january["batches"]] == ["Lama"]
    assert [b.name for b in april["batches"]] == ["Lama", "Maret", "April awal", "April ke Mei"]
    assert (april["count"], april["more"]) == (5, 1)
    assert [b.name for b in may["batches"]] == ["April ke Mei", "Mei"] and may["count"] == 2
