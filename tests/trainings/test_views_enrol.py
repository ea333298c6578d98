"""Enrolling on the batch page: by a pasted list of NIKs or by search, each entry reported."""

import datetime as dt

import pytest
from django.urls import reverse

from core.privacy import mask_nik
from tests import factories
from trainings.models import Enrollment, TrainingBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(db):
    return factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Ciputat"), capacity=30)


def ciputat_participant(**extra):
    return factories.ParticipantFactory(kelurahan=factories.kelurahan_of("Ciputat"), **extra)


def paste(client, batch, text, follow=True):
    """Post the pasted NIKs; the report is on the page the post redirects to."""
    return client.post(reverse("trainings:batch_enrol", args=[batch.pk]), {"niks": text}, follow=follow)


def outcomes(response) -> list[tuple[str, str]]:
    return [(r["label"], r["outcome"]) for r in response.context["results"]]


def report_html(response) -> str:
    html = response.content.decode()
    return html[html.index('id="enrol-report"') : html.index('id="enrol-title"')]


# A NIK with a valid structure that nobody has: born 01-01-1990, male, serial 9999.
UNKNOWN_NIK = "3674010101909999"


def test_pasting_niks_reports_every_outcome(client, petugas_ciputat, batch):
    new = ciputat_participant()
    enrolled = ciputat_participant()
    factories.EnrollmentFactory(batch=batch, participant=enrolled)
    elsewhere = factories.ParticipantFactory(kelurahan=factories.kelurahan_of("Pamulang"))
    client.force_login(petugas_ciputat)
    text = f"{new.nik}\n{enrolled.nik}, {UNKNOWN_NIK}\n12345\n{elsewhere.nik}\n\n{new.nik}"

    response = paste(client, batch, text)

    assert response.status_code == 200 and response.redirect_chain[0][1] == 302
    assert outcomes(response) == [
        (mask_nik(new.nik), "added"),
        (mask_nik(enrolled.nik), "already_enrolled"),
        (mask_nik(UNKNOWN_NIK), "not_found"),
        ("*****", "invalid_nik"),
        (mask_nik(elsewhere.nik), "not_found"),  # out of the officer's scope looks like absent
        (mask_nik(new.nik), "duplicate"),
    ]
    assert set(batch.enrollments.values_list("participant", flat=True)) == {new.pk, enrolled.pk}
    html = response.content.decode()
    assert "NIK harus 16 digit" in html
    # An officer sees NIKs: the report shows each entry as typed, so the one not found can be fixed.
    report = report_html(response)
    for typed in (new.nik, enrolled.nik, UNKNOWN_NIK, "12345", elsewhere.nik):
        assert f'class="font-monospace entry" data-label="Isian">{typed}</td>' in report, typed
    # Only entries that were not added go back into the box.
    assert response.context["paste_form"].initial["niks"].splitlines() == [
        enrolled.nik,
        UNKNOWN_NIK,
        "12345",
        elsewhere.nik,
        new.nik,
    ]


def test_pasting_accepts_spaces_and_dashes_inside_a_nik(client, staf, batch):
    person = ciputat_participant()
    client.force_login(staf)
    spaced = f"{person.nik[:4]} {person.nik[4:8]}-{person.nik[8:12]}.{person.nik[12:]}"

    response = paste(client, batch, spaced)

    assert outcomes(response) == [(mask_nik(person.nik), "added")]
    assert f">{spaced}</td>" in report_html(response)  # as typed


def test_the_report_is_shown_after_a_redirect_and_a_refresh_enrols_nobody_again(client, staf, batch):
    people = [ciputat_participant() for _ in range(2)]
    client.force_login(staf)

    posted = paste(client, batch, "\n".join([people[0].nik, UNKNOWN_NIK]), follow=False)

    assert posted.status_code == 302
    result_page = posted["Location"]
    # The address carries a token, never a NIK or a name.
    assert result_page.startswith(reverse("trainings:batch_detail", args=[batch.pk]) + "?laporan=")
    assert people[0].nik not in result_page and UNKNOWN_NIK not in result_page
    first = client.get(result_page)
    enrolled = list(batch.enrollments.values_list("participant", flat=True))
    assert enrolled == [people[0].pk]
    refreshed = client.get(result_page)

    assert list(batch.enrollments.values_list("participant", flat=True)) == enrolled
    assert (
        outcomes(refreshed)
        == outcomes(first)
        == [(mask_nik(people[0].nik), "added"), (mask_nik(UNKNOWN_NIK), "not_found")]
    )


def test_the_report_is_for_its_own_user_and_batch_only(client, staf, admin_user, batch):
    client.force_login(staf)
    result_page = paste(client, batch, UNKNOWN_NIK, follow=False)["Location"]
    token = result_page.split("laporan=")[1].split("#")[0]
    other_batch = factories.TrainingBatchFactory()

    assert (
        client.get(reverse("trainings:batch_detail", args=[other_batch.pk]), {"laporan": token}).context.get("results")
        is None
    )
    client.force_login(admin_user)
    assert client.get(result_page).context.get("results") is None


def test_a_role_that_sees_niks_masked_gets_a_masked_report(client, pimpinan, batch):
    from django.contrib.auth.models import Permission

    # Leadership does not enrol; given the right, its report still masks every NIK.
    pimpinan.user_permissions.add(Permission.objects.get(codename="add_enrollment"))
    person = ciputat_participant()
    client.force_login(pimpinan)

    response = paste(client, batch, f"{person.nik}\n{UNKNOWN_NIK}")

    report = report_html(response)
    assert person.nik not in report and UNKNOWN_NIK not in report
    assert mask_nik(UNKNOWN_NIK) in report
    assert person.nik not in response.content.decode()
    assert client.session["enrolment_reports"] and UNKNOWN_NIK not in str(dict(client.session))


def test_capacity_is_enforced_and_the_rest_reported_as_full(client, staf):
    batch = factories.TrainingBatchFactory(capacity=2)
    people = [ciputat_participant() for _ in range(3)]
    client.force_login(staf)

    response = paste(client, batch, "\n".join(p.nik for p in people))

    assert [o for _label, o in outcomes(response)] == ["added", "added", "batch_full"]
    assert batch.enrollments.count() == 2
    assert "Angkatan ini sudah penuh" in response.content.decode()


def test_an_empty_paste_is_refused_with_a_message(client, staf, batch):
    client.force_login(staf)

    response = paste(client, batch, " \n , ")

    assert response.status_code == 200
    assert response.context["paste_form"].errors["niks"]
    assert not Enrollment.objects.exists()


def test_a_cancelled_batch_takes_nobody(client, staf):
    batch = factories.TrainingBatchFactory(status=TrainingBatch.Status.CANCELLED)
    person = ciputat_participant()
    client.force_login(staf)

    response = paste(client, batch, person.nik, follow=False)

    assert response.status_code == 302
    assert not Enrollment.objects.exists()


def test_the_search_finds_by_name_or_nik_within_the_officers_kecamatan(client, petugas_ciputat, batch):
    sari = ciputat_participant(name="Sari Wulandari")
    factories.ParticipantFactory(name="Sari Pamulang", kelurahan=factories.kelurahan_of("Pamulang"))
    already = ciputat_participant(name="Sari Terdaftar")
    factories.EnrollmentFactory(batch=batch, participant=already)
    client.force_login(petugas_ciputat)
    url = reverse("trainings:batch_detail", args=[batch.pk])

    by_name = client.post(url, {"q": "sari"}).context["found"]
    by_nik = client.post(url, {"q": sari.nik}).context["found"]

    assert by_name == [sari]
    assert by_nik == [sari]


def test_leadership_cannot_search_participants_on_the_batch_page(client, pimpinan, batch):
    ciputat_participant(name="Sari Wulandari")
    client.force_login(pimpinan)

    response = client.post(reverse("trainings:batch_detail", args=[batch.pk]), {"q": "sari"})

    assert response.status_code == 403


def test_participants_picked_from_the_search_are_enrolled(client, staf, batch):
    picked = [ciputat_participant(), ciputat_participant()]
    client.force_login(staf)

    response = client.post(reverse("trainings:batch_enrol", args=[batch.pk]), {"participant": [p.pk for p in picked]})

    assert response.status_code == 302
    assert set(batch.enrollments.values_list("participant", flat=True)) == {p.pk for p in picked}


def test_an_officer_cannot_pick_a_participant_of_another_kecamatan(client, petugas_ciputat, batch):
    outsider = factories.ParticipantFactory(kelurahan=factories.kelurahan_of("Pamulang"))
    client.force_login(petugas_ciputat)

    client.post(reverse("trainings:batch_enrol", args=[batch.pk]), {"participant": [outsider.pk]})

    assert not Enrollment.objects.exists()


def test_leadership_cannot_enrol(client, pimpinan, batch):
    person = ciputat_participant()
    client.force_login(pimpinan)

    assert paste(client, batch, person.nik, follow=False).status_code == 403
    assert not Enrollment.objects.exists()


def test_an_officer_of_another_kecamatan_gets_404(client, petugas_pamulang, batch):
    person = factories.ParticipantFactory(kelurahan=factories.kelurahan_of("Pamulang"), birth_date=dt.date(1990, 5, 5))
    client.force_login(petugas_pamulang)

    assert paste(client, batch, person.nik, follow=False).status_code == 404
    assert not Enrollment.objects.exists()
