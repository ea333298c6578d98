"""The admin is cut to the reader's scope: lists, object pages, choices, autocomplete. Field
officers work in the portal and the admin refuses them; here they are let in (officers_in_admin)
to check that a scoped role would still see only its kecamatan."""

import pytest
from django.urls import reverse

from groups.models import BusinessGroup, Membership
from participants.models import Participant
from regions.models import Kecamatan, Kelurahan
from tests.admin.conftest import admin_url
from trainings.models import Enrollment, TrainingBatch

pytestmark = pytest.mark.usefixtures("officers_in_admin")


def _rows(response):
    return list(response.context["cl"].result_list)


def test_an_officer_lists_only_the_participants_of_their_kecamatan(client, petugas_ciputat, places):
    client.force_login(petugas_ciputat)
    response = client.get(admin_url(Participant, "changelist"))
    assert response.status_code == 200
    assert _rows(response) == [places.participant_ciputat]
    assert "Warga Pamulang" not in response.content.decode()


@pytest.mark.parametrize(
    ("model", "ciputat", "pamulang"),
    [
        (TrainingBatch, "batch_ciputat", "batch_pamulang"),
        (Enrollment, "enrollment_ciputat", "enrollment_pamulang"),
        (BusinessGroup, "group_ciputat", "group_pamulang"),
        (Membership, "membership_ciputat", "membership_pamulang"),
    ],
)
def test_an_officer_lists_only_their_kecamatan_in_every_scoped_list(
    client, petugas_ciputat, places, model, ciputat, pamulang
):
    client.force_login(petugas_ciputat)
    rows = _rows(client.get(admin_url(model, "changelist")))
    assert getattr(places, ciputat) in rows
    assert getattr(places, pamulang) not in rows


@pytest.mark.parametrize("view", ["change", "history", "delete", "auditlog"])
def test_a_participant_of_another_kecamatan_is_not_found(client, petugas_ciputat, places, view):
    client.force_login(petugas_ciputat)
    assert client.get(admin_url(places.participant_pamulang, view)).status_code == 404
    assert client.get(admin_url(places.participant_ciputat, view)).status_code in (200, 403)


def test_posting_to_another_kecamatans_participant_is_not_found_either(client, petugas_ciputat, places):
    client.force_login(petugas_ciputat)
    response = client.post(admin_url(places.participant_pamulang), {"name": "Diubah"})
    assert response.status_code == 404
    places.participant_pamulang.refresh_from_db()
    assert places.participant_pamulang.name == "Warga Pamulang"


@pytest.mark.parametrize(
    "attr", ["batch_pamulang", "session_pamulang", "group_pamulang", "business_pamulang", "visit_pamulang"]
)
def test_other_objects_of_another_kecamatan_are_not_found(client, petugas_ciputat, places, attr):
    client.force_login(petugas_ciputat)
    assert client.get(admin_url(getattr(places, attr))).status_code == 404


def test_a_missing_object_is_a_404_not_a_redirect(client, staf, places):
    client.force_login(staf)
    assert client.get(reverse("admin:participants_participant_change", args=[999999])).status_code == 404


def test_an_officer_chooses_only_kelurahan_of_their_kecamatan(client, petugas_ciputat, places):
    client.force_login(petugas_ciputat)
    form = client.get(admin_url(Participant, "add")).context["adminform"].form
    choices = set(form.fields["kelurahan"].queryset)
    assert choices == set(Kelurahan.objects.filter(kecamatan__name="Ciputat"))


def test_an_officer_cannot_post_a_kelurahan_outside_their_kecamatan(client, petugas_ciputat, places):
    client.force_login(petugas_ciputat)
    pamulang = Kelurahan.objects.filter(kecamatan__name="Pamulang").first()
    response = client.post(
        admin_url(Participant, "add"),
        {
            "nik": "3674014501900001",
            "name": "Siti",
            "sex": "P",
            "birth_date": "1990-01-05",
            "kelurahan": pamulang.pk,
            "consent_given": "on",
        },
    )
    assert response.status_code == 200
    assert "kelurahan" in response.context["adminform"].form.errors
    assert not Participant.objects.filter(name="Siti").exists()


def test_an_officer_chooses_only_batches_and_participants_of_their_kecamatan(client, petugas_ciputat, places):
    client.force_login(petugas_ciputat)
    form = client.get(admin_url(Enrollment, "add")).context["adminform"].form
    assert list(form.fields["batch"].queryset) == [places.batch_ciputat]
    assert list(form.fields["participant"].queryset) == [places.participant_ciputat]


def test_a_staff_member_chooses_from_every_kecamatan(client, staf, places):
    client.force_login(staf)
    form = client.get(admin_url(Enrollment, "add")).context["adminform"].form
    assert set(form.fields["batch"].queryset) == {places.batch_ciputat, places.batch_pamulang}


def _autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.post(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200, response.status_code
    return {row["text"] for row in response.json()["results"]}


def test_autocomplete_offers_an_officer_only_their_kecamatan(client, petugas_ciputat, places):
    client.force_login(petugas_ciputat)
    assert _autocomplete(client, "trainings", "enrollment", "participant", "Warga") == {"Warga Ciputat"}
    assert _autocomplete(client, "trainings", "enrollment", "batch") == {"Angkatan Ciputat"}
    assert _autocomplete(client, "inventory", "business", "group") == {"KUB Ciputat"}


def test_autocomplete_offers_staff_every_kecamatan(client, staf, places):
    client.force_login(staf)
    assert _autocomplete(client, "trainings", "enrollment", "participant", "Warga") == {
        "Warga Ciputat",
        "Warga Pamulang",
    }


def _kecamatan_filter(response):
    specs = [s for s in response.context["cl"].filter_specs if getattr(s, "field_path", "") == "kecamatan"]
    return [name for _pk, name in specs[0].lookup_choices] if specs else None


def test_the_kecamatan_filter_offers_an_officer_only_their_kecamatan(client, petugas_ciputat, staf, places):
    petugas_ciputat.kecamatan.add(Kecamatan.objects.get(name="Setu"))
    client.force_login(petugas_ciputat)
    assert _kecamatan_filter(client.get(admin_url(TrainingBatch, "changelist"))) == ["Ciputat", "Setu"]
    client.force_login(staf)
    assert len(_kecamatan_filter(client.get(admin_url(TrainingBatch, "changelist")))) == 7


def test_an_officer_of_pamulang_sees_the_mirror_image(client, petugas_pamulang, places):
    client.force_login(petugas_pamulang)
    assert _rows(client.get(admin_url(Participant, "changelist"))) == [places.participant_pamulang]
    assert client.get(admin_url(places.participant_ciputat)).status_code == 404
