"""/pelatihan/pendaftaran/<pk>/tarik/: withdrawing an enrolment, with a reason, until the batch ends."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from trainings.models import Enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(db):
    today = timezone.localdate()
    return factories.TrainingBatchFactory(
        kecamatan=factories.kecamatan("Ciputat"),
        start_date=today - dt.timedelta(days=14),
        end_date=today + dt.timedelta(days=14),
        capacity=1,
    )


@pytest.fixture
def enrollment(batch):
    return factories.EnrollmentFactory(batch=batch, participant=factories.ParticipantFactory(name="Rina Marlina"))


def url(enrollment):
    return reverse("trainings:enrollment_withdraw", args=[enrollment.pk])


def batch_page(client, batch):
    return client.get(reverse("trainings:batch_detail", args=[batch.pk]))


def test_the_batch_page_offers_withdrawal_to_staff_and_the_kecamatans_officer(
    client, staf, petugas_ciputat, pimpinan, enrollment
):
    for user in (staf, petugas_ciputat):
        client.force_login(user)
        assert url(enrollment) in batch_page(client, enrollment.batch).content.decode()
    client.force_login(pimpinan)
    assert url(enrollment) not in batch_page(client, enrollment.batch).content.decode()


def test_withdrawing_asks_for_confirmation_first(client, petugas_ciputat, enrollment):
    client.force_login(petugas_ciputat)

    response = client.get(url(enrollment))

    html = response.content.decode()
    assert "Tarik Rina Marlina dari angkatan ini?" in html and "Ya, tarik pendaftaran" in html
    enrollment.refresh_from_db()
    assert not enrollment.is_withdrawn


def test_a_confirmed_withdrawal_frees_the_place_and_shows_why(client, petugas_ciputat, enrollment):
    client.force_login(petugas_ciputat)

    response = client.post(url(enrollment), {"reason": "Pindah domisili"})

    assert response.status_code == 302
    assert response["Location"] == reverse("trainings:batch_detail", args=[enrollment.batch.pk])
    enrollment.refresh_from_db()
    assert (enrollment.withdrawn_by, enrollment.withdrawal_reason) == (petugas_ciputat, "Pindah domisili")
    page = batch_page(client, enrollment.batch)
    html = page.content.decode()
    assert 'id="enrolled-count">0 / 1' in html
    withdrawn = html[html.index('id="withdrawn"') :]
    assert "Rina Marlina" in withdrawn and "Pindah domisili" in withdrawn and "petugas.ciputat" in withdrawn
    assert [e.pk for e in page.context["enrollments"]] == []


def test_a_withdrawal_without_a_reason_is_refused_on_the_page(client, staf, enrollment):
    client.force_login(staf)

    response = client.post(url(enrollment), {"reason": "  "})

    assert response.status_code == 200
    assert "Tuliskan alasan pengunduran diri." in response.content.decode()
    enrollment.refresh_from_db()
    assert not enrollment.is_withdrawn


def test_a_withdrawal_after_the_batch_ended_is_refused(client, staf):
    ended = factories.EnrollmentFactory(
        batch=factories.TrainingBatchFactory(start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 27))
    )
    client.force_login(staf)

    page = client.get(url(ended))
    posted = client.post(url(ended), {"reason": "Terlambat"})

    assert "sudah berakhir" in page.content.decode() and "withdraw-form" not in page.content.decode()
    assert posted.status_code == 200 and "withdraw-form" not in posted.content.decode()
    assert not Enrollment.objects.get(pk=ended.pk).is_withdrawn
    assert url(ended) not in batch_page(client, ended.batch).content.decode()


def test_an_officer_of_another_kecamatan_gets_404(client, petugas_pamulang, enrollment):
    client.force_login(petugas_pamulang)

    assert client.get(url(enrollment)).status_code == 404
    assert client.post(url(enrollment), {"reason": "x"}).status_code == 404
    enrollment.refresh_from_db()
    assert not enrollment.is_withdrawn


def test_leadership_cannot_withdraw(client, pimpinan, enrollment):
    client.force_login(pimpinan)

    assert client.post(url(enrollment), {"reason": "x"}).status_code == 403
    enrollment.refresh_from_db()
    assert not enrollment.is_withdrawn


def test_the_withdrawn_participant_can_be_found_and_enrolled_again(client, staf, enrollment):
    client.force_login(staf)
    client.post(url(enrollment), {"reason": "Salah angkatan"})
    search = reverse("trainings:batch_detail", args=[enrollment.batch.pk])

    found = client.post(search, {"q": "Rina"}).context["found"]
    client.post(reverse("trainings:batch_enrol", args=[enrollment.batch.pk]), {"participant": [found[0].pk]})

    enrollment.refresh_from_db()
    assert found == [enrollment.participant] and not enrollment.is_withdrawn
