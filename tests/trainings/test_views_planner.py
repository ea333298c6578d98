"""/pelatihan/rencana/: preview creates nothing, confirmation creates, a late conflict refuses."""

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories
from trainings.models import TrainingBatch, TrainingSession, Venue

pytestmark = pytest.mark.django_db

URL = reverse("trainings:planner")
MONDAY = dt.date(2027, 1, 4)


@pytest.fixture
def craft(db):
    return factories.CraftTypeFactory(name="Bunga Handuk")


@pytest.fixture
def trainer(db):
    return factories.TrainerFactory(name="Siti")


@pytest.fixture
def form_data(craft, trainer):
    """All 7 kecamatan in code order, Ciputat at an existing hall, the others at new venues."""
    from regions.models import Kecamatan

    kecamatan = list(Kecamatan.objects.order_by("code"))
    ciputat_hall = factories.VenueFactory(kecamatan=factories.kecamatan("Ciputat"), name="Aula Kecamatan Ciputat")
    data = {
        "start_date": MONDAY.isoformat(),
        "weeks": "4",
        "tracks": "1",
        "craft_types": [str(craft.pk)],
        "trainers": [str(trainer.pk)],
        "weekdays": ["0", "2"],
        "start_time": "09:00",
        "end_time": "12:00",
        "capacity": "25",
    }
    for i, k in enumerate(kecamatan, start=1):
        data[f"order_{i}"] = str(k.pk)
        if k.name == "Ciputat":
            data[f"venue_{k.pk}"] = str(ciputat_hall.pk)
        else:
            data[f"new_venue_{k.pk}"] = f"Balai {k.name}"
    return data


def preview(client, data):
    return client.post(URL, {**data, "action": "preview"})


def confirm(client, data, digest):
    return client.post(URL, {**data, "action": "confirm", "digest": digest})


def test_staff_see_the_planner_with_all_seven_kecamatan_in_code_order(client, staf):
    client.force_login(staf)

    response = client.get(URL)

    form = response.context["form"]
    assert [f.initial for f in form.rotation_order_fields] == [str(k.pk) for k in form.kecamatan]
    assert [k.code for k in form.kecamatan] == [f"36.74.0{i}" for i in range(1, 8)]


def test_a_preview_shows_the_rotation_and_creates_nothing(client, staf, form_data):
    client.force_login(staf)

    response = preview(client, form_data)

    assert response.status_code == 200
    plan = response.context["plan"]
    assert len(plan.batches) == 7 and plan.session_count == 56
    assert plan.batches[6].start_date == dt.date(2027, 6, 21)
    assert not plan.has_conflicts
    assert b"Buat angkatan sesuai rencana" in response.content
    assert not TrainingBatch.objects.exists()
    assert not TrainingSession.objects.exists()
    assert Venue.objects.count() == 1


def test_confirming_the_same_parameters_creates_batches_sessions_and_new_venues(client, staf, form_data, trainer):
    client.force_login(staf)
    digest = preview(client, form_data).context["plan"].digest()

    response = confirm(client, form_data, digest)

    assert response.status_code == 302
    assert response["Location"] == reverse("trainings:index") + "?tahun=2027"
    assert TrainingBatch.objects.count() == 7
    assert TrainingSession.objects.count() == 56
    assert Venue.objects.count() == 7
    ciputat = TrainingBatch.objects.get(kecamatan__name="Ciputat")
    assert ciputat.venue.name == "Aula Kecamatan Ciputat"
    assert ciputat.trainer == trainer and ciputat.capacity == 25 and ciputat.created_by == staf
    assert ciputat.sessions.first().topic == "Pertemuan 1"


def test_confirming_changed_parameters_shows_the_new_preview_instead(client, staf, form_data):
    client.force_login(staf)
    digest = preview(client, form_data).context["plan"].digest()

    response = confirm(client, {**form_data, "weeks": "3"}, digest)

    assert response.status_code == 200
    assert response.context["plan"].batches[0].end_date == dt.date(2027, 1, 20)
    assert not TrainingBatch.objects.exists()


def test_a_conflict_that_appeared_after_the_preview_refuses_the_confirmation(client, staf, form_data, trainer):
    client.force_login(staf)
    digest = preview(client, form_data).context["plan"].digest()
    elsewhere = factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Setu"))
    factories.TrainingSessionFactory(batch=elsewhere, date=dt.date(2027, 2, 1), trainer=trainer)

    response = confirm(client, form_data, digest)

    assert response.status_code == 200
    assert response.context["plan"].has_conflicts
    assert TrainingBatch.objects.count() == 1  # the one added meanwhile
    assert b"Siti sudah mengajar" in response.content


def test_a_preview_marks_a_double_booked_venue_and_offers_no_confirmation(client, staf, form_data):
    client.force_login(staf)
    hall = Venue.objects.get(name="Aula Kecamatan Ciputat")
    other = factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Ciputat"), start_date=dt.date(2026, 1, 1))
    factories.TrainingSessionFactory(batch=other, date=dt.date(2027, 4, 19), venue=hall, start_time=dt.time(10))

    response = preview(client, form_data)

    ciputat = next(b for b in response.context["plan"].batches if b.kecamatan.name == "Ciputat")
    assert ciputat.conflicts
    assert b"Aula Kecamatan Ciputat sudah dipakai" in response.content
    assert b"Buat angkatan sesuai rencana" not in response.content


def test_the_order_can_be_changed_and_kecamatan_skipped(client, staf, form_data):
    client.force_login(staf)
    kecamatan_pks = [form_data[f"order_{i}"] for i in range(1, 8)]
    data = {**form_data, "order_1": kecamatan_pks[6], "order_7": kecamatan_pks[0], "order_3": ""}

    plan = preview(client, data).context["plan"]

    names = [b.kecamatan.name for b in plan.batches]
    assert names == ["Setu", "Serpong Utara", "Ciputat", "Ciputat Timur", "Pamulang", "Serpong"]


def test_a_kecamatan_twice_in_the_order_is_refused(client, staf, form_data):
    client.force_login(staf)

    response = preview(client, {**form_data, "order_2": form_data["order_1"]})

    assert response.context["plan"] is None
    assert "hanya boleh muncul sekali" in str(response.context["form"].non_field_errors())


def test_a_kecamatan_without_a_venue_is_refused(client, staf, form_data):
    client.force_login(staf)
    setu = factories.kecamatan("Setu")
    data = {**form_data}
    data.pop(f"new_venue_{setu.pk}")

    response = preview(client, data)

    assert response.context["form"].errors[f"venue_{setu.pk}"]


def test_a_typed_name_of_an_existing_venue_uses_that_venue(client, staf, form_data):
    client.force_login(staf)
    ciputat = factories.kecamatan("Ciputat")
    data = {**form_data, f"venue_{ciputat.pk}": "", f"new_venue_{ciputat.pk}": "aula kecamatan ciputat"}

    plan = preview(client, data).context["plan"]

    venue = next(b.venue for b in plan.batches if b.kecamatan.id == ciputat.pk)
    assert venue.id == Venue.objects.get(name="Aula Kecamatan Ciputat").pk


def test_a_field_officer_cannot_plan(client, petugas_ciputat, form_data):
    client.force_login(petugas_ciputat)

    assert client.get(URL).status_code == 403
    assert preview(client, form_data).status_code == 403
    assert not TrainingBatch.objects.exists()


def test_the_preview_says_why_a_chosen_trainer_was_not_assigned(client, staf, form_data, craft, trainer):
    ani = factories.TrainerFactory(name="Ibu Ani")
    ani.craft_types.add(factories.CraftTypeFactory(name="Kokoru"))
    busy_budi = factories.TrainerFactory(name="Pak Budi")
    pamulang = factories.TrainingBatchFactory(name="Batik Pamulang", kecamatan=factories.kecamatan("Pamulang"))
    for week in range(30):
        factories.TrainingSessionFactory(
            batch=pamulang, date=MONDAY + dt.timedelta(weeks=week), trainer=busy_budi, start_time=dt.time(8)
        )
    client.force_login(staf)

    response = preview(client, {**form_data, "trainers": [str(ani.pk), str(busy_budi.pk), str(trainer.pk)]})

    plan = response.context["plan"]
    assert {b.trainer.name for b in plan.batches} == {"Siti"} and not plan.has_conflicts
    html = response.content.decode()
    assert "Dilewati: Ibu Ani tidak mengajar Bunga Handuk." in html
    assert "Dilewati: Pak Budi sudah terjadwal di Pamulang pada 04-01-2027 (“Batik Pamulang”)." in html
    unassigned = html[html.index('id="unassigned"') :]
    assert "Ibu Ani tidak mendapat angkatan: Ibu Ani tidak mengajar Bunga Handuk." in unassigned
    assert "Pak Budi tidak mendapat angkatan: Pak Budi sudah terjadwal di Pamulang" in unassigned


def test_the_planner_renders_a_bounded_number_of_trainers_and_venues_however_many_exist(client, staf):
    from trainings.forms import PLANNER_TRAINER_CHOICES, PLANNER_VENUE_CHOICES

    ciputat = factories.kecamatan("Ciputat")
    trainers = [factories.TrainerFactory(name=f"Pelatih {i:03d}") for i in range(PLANNER_TRAINER_CHOICES + 10)]
    factories.TrainerFactory(name="Zulaikha Rahmawati")
    for i in range(PLANNER_VENUE_CHOICES + 5):
        factories.VenueFactory(kecamatan=ciputat, name=f"Aula {i:03d}")
    client.force_login(staf)

    html = client.get(URL).content.decode()

    assert html.count('name="trainers"') == PLANNER_TRAINER_CHOICES
    assert "Zulaikha" not in html and "Aula 034" not in html
    assert html.count("<option") < 7 * (PLANNER_VENUE_CHOICES + 1) + 7 * 9 + 20

    # A trainer past the list is found by name, and one ticked before stays ticked.
    found = client.post(URL, {"action": "search", "trainer_q": "zulaikha", "trainers": [str(trainers[-1].pk)]})
    boxes = found.content.decode().count('name="trainers"')
    assert "Zulaikha Rahmawati" in found.content.decode() and boxes == 2


def test_a_venue_past_the_list_is_used_when_its_name_is_typed(client, staf, form_data):
    from trainings.forms import PLANNER_VENUE_CHOICES

    ciputat = factories.kecamatan("Ciputat")
    for i in range(PLANNER_VENUE_CHOICES + 5):
        factories.VenueFactory(kecamatan=ciputat, name=f"Balai {i:03d}")
    late = Venue.objects.get(kecamatan=ciputat, name="Balai 034")
    data = {**form_data, f"venue_{ciputat.pk}": "", f"new_venue_{ciputat.pk}": "balai 034"}
    client.force_login(staf)

    plan = preview(client, data).context["plan"]

    assert [b.venue.id for b in plan.batches if b.kecamatan.id == ciputat.pk] == [late.pk]
