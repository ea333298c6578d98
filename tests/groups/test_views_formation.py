"""/kub/bentuk/: staff pick completers of a batch or kecamatan, name the KUB and its officers."""

import re

import pytest
from django.urls import reverse

from groups.models import BusinessGroup, Membership
from tests.factories import (
    BusinessGroupFactory,
    CraftTypeFactory,
    EnrollmentFactory,
    MembershipFactory,
    TrainingBatchFactory,
    kecamatan,
)

pytestmark = pytest.mark.django_db

URL = reverse("groups:form")


@pytest.fixture
def craft(db):
    return CraftTypeFactory(name="Kaligrafi kulit telur")


@pytest.fixture
def batch(craft):
    return TrainingBatchFactory(name="Angkatan Ciputat I", kecamatan=kecamatan("Ciputat"), craft_type=craft)


def completers(batch, count):
    return [EnrollmentFactory(batch=batch, completed=True).participant for _ in range(count)]


def post_data(people, craft, name="KUB Kaligrafi Serua", **extra):
    data = {
        "name": name,
        "craft_type": craft.pk,
        "members": [p.pk for p in people],
        "ketua": people[0].pk,
        "sekretaris": people[1].pk,
        "bendahara": people[2].pk,
    }
    data.update(extra)
    return data


def form_url(batch):
    return f"{URL}?batch={batch.pk}"


def test_the_start_page_offers_batches_with_completers_and_the_kecamatan(client, staf, batch):
    completers(batch, 1)
    TrainingBatchFactory(name="Angkatan Tanpa Lulusan")
    client.force_login(staf)
    html = client.get(URL).content.decode()
    assert "Angkatan Ciputat I" in html
    assert "Angkatan Tanpa Lulusan" not in html
    assert "Pamulang" in html


def test_candidates_show_completers_and_grey_out_those_active_elsewhere(client, staf, batch):
    people = completers(batch, 3)
    MembershipFactory(participant=people[2], group=BusinessGroupFactory(name="KUB Lama"))
    untrained = EnrollmentFactory(batch=batch, completed=False).participant
    EnrollmentFactory(completed=True)  # a completer of another batch is no candidate
    client.force_login(staf)
    response = client.get(form_url(batch))
    html = response.content.decode()
    assert response.context["form"]["craft_type"].value() == batch.craft_type_id
    assert len(response.context["rows"]) == 4
    assert re.search(rf'<input[^>]*value="{people[2].pk}"[^>]*disabled', html)
    assert not re.search(rf'<input[^>]*value="{people[0].pk}"[^>]*disabled', html)
    assert "Anggota aktif KUB Lama" in html and "KUB KUB" not in html
    assert f'name="reason_{untrained.pk}"' in html
    assert f'name="reason_{people[0].pk}"' not in html


def test_a_kecamatan_offers_completers_of_every_batch_held_there(client, staf, batch, craft):
    here = completers(batch, 2) + completers(TrainingBatchFactory(kecamatan=kecamatan("Ciputat")), 1)
    completers(TrainingBatchFactory(kecamatan=kecamatan("Pamulang")), 1)
    client.force_login(staf)
    response = client.get(f"{URL}?kecamatan={kecamatan('Ciputat').pk}")
    assert {row["participant"].pk for row in response.context["rows"]} == {p.pk for p in here}


def test_staff_form_an_active_kub_of_ten(client, staf, batch, craft):
    people = completers(batch, 10)
    client.force_login(staf)
    response = client.post(form_url(batch), post_data(people, craft))
    group = BusinessGroup.objects.get(name="KUB Kaligrafi Serua")
    assert response.status_code == 302
    assert response["Location"] == reverse("groups:detail", args=[group.pk])
    assert group.status == BusinessGroup.Status.ACTIVE
    assert group.source_batch == batch and group.kecamatan == batch.kecamatan
    assert group.memberships.get(role=Membership.Role.KETUA).participant == people[0]
    assert group.memberships.get(role=Membership.Role.BENDAHARA).participant == people[2]


def test_it_refuses_an_eleventh_member_and_keeps_what_was_typed(client, staf, batch, craft):
    people = completers(batch, 11)
    client.force_login(staf)
    response = client.post(form_url(batch), post_data(people, craft))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Satu KUB paling banyak 10 anggota; Anda mencentang 11" in html
    assert not BusinessGroup.objects.exists()
    assert 'value="KUB Kaligrafi Serua"' in html
    assert all(row["checked"] for row in response.context["rows"])
    assert response.context["form"]["ketua"].value() == str(people[0].pk)


def test_it_refuses_a_member_active_in_another_kub(client, staf, batch, craft):
    people = completers(batch, 4)
    MembershipFactory(participant=people[3], group=BusinessGroupFactory(name="KUB Lama"))
    client.force_login(staf)
    response = client.post(form_url(batch), post_data(people, craft))
    assert f"{people[3].name} masih anggota aktif KUB Lama; keluarkan dulu" in response.content.decode()
    assert not BusinessGroup.objects.filter(name="KUB Kaligrafi Serua").exists()


def test_it_refuses_an_untrained_member_without_a_reason_and_accepts_one_with_it(client, staf, batch, craft):
    people = completers(batch, 3)
    untrained = EnrollmentFactory(batch=batch, completed=False).participant
    client.force_login(staf)
    data = post_data(people + [untrained], craft)
    response = client.post(form_url(batch), data)
    assert f"{untrained.name} belum lulus pelatihan. Tuliskan alasan" in response.content.decode()
    assert not BusinessGroup.objects.exists()

    data[f"reason_{untrained.pk}"] = "Ketua RT, menyediakan tempat produksi"
    response = client.post(form_url(batch), data)
    assert response.status_code == 302
    membership = Membership.objects.get(participant=untrained)
    assert membership.override_reason == "Ketua RT, menyediakan tempat produksi"


def test_officers_must_be_picked_members_and_distinct(client, staf, batch, craft):
    people = completers(batch, 5)
    client.force_login(staf)
    data = post_data(people[:3], craft, ketua=people[4].pk, bendahara=people[1].pk)
    html = client.post(form_url(batch), data).content.decode()
    assert "Ketua harus salah satu anggota yang dicentang" in html
    assert "sudah dipilih sebagai sekretaris; satu orang hanya memegang satu jabatan" in html
    assert not BusinessGroup.objects.exists()


def test_a_name_already_used_is_refused_by_the_service_and_nothing_is_lost(client, staf, batch, craft):
    BusinessGroupFactory(name="KUB Kaligrafi Serua", kecamatan=kecamatan("Ciputat"))
    people = completers(batch, 3)
    client.force_login(staf)
    response = client.post(form_url(batch), post_data(people, craft))
    assert "Sudah ada KUB bernama “KUB Kaligrafi Serua”" in response.content.decode()
    assert all(row["checked"] for row in response.context["rows"])
    assert Membership.objects.count() == 0


def test_a_batch_out_of_reach_or_unknown_is_404(client, staf):
    client.force_login(staf)
    assert client.get(f"{URL}?batch=999999").status_code == 404
    assert client.get(f"{URL}?batch=abc").status_code == 404


@pytest.mark.parametrize("who", ["pimpinan", "petugas_ciputat", "bank_bri"])
def test_only_staff_form_kubs(client, batch, craft, who, request):
    people = completers(batch, 3)
    client.force_login(request.getfixturevalue(who))
    assert client.get(form_url(batch)).status_code == 403
    assert client.post(form_url(batch), post_data(people, craft)).status_code == 403
    assert not BusinessGroup.objects.exists()


def test_from_a_kecamatan_only_completers_are_offered(client, staf, batch):
    done = completers(batch, 1)
    EnrollmentFactory(batch=batch, completed=False)
    client.force_login(staf)
    response = client.get(f"{URL}?kecamatan={kecamatan('Ciputat').pk}")
    assert [row["participant"] for row in response.context["rows"]] == done


def officer_options(html, role):
    select = re.search(rf'<select name="{role}".*?</select>', html, re.S).group(0)
    return {int(v) for v in re.findall(r'<option value="(\d+)"', select)}


def test_the_craft_of_the_batch_is_chosen_when_forming_from_it(client, staf, batch, craft):
    CraftTypeFactory(name="Bunga handuk")
    completers(batch, 1)
    client.force_login(staf)
    html = client.get(form_url(batch)).content.decode()
    select = re.search(r'<select name="craft_type".*?</select>', html, re.S).group(0)
    assert re.search(rf'<option value="{craft.pk}" selected>', select)


def test_a_posted_form_offers_as_officers_only_the_ticked_members(client, staf, batch, craft):
    people = completers(batch, 5)
    client.force_login(staf)
    data = post_data(people[:3], craft, name="")  # refused (no name): the page comes back
    html = client.post(form_url(batch), data).content.decode()
    for role in ("ketua", "sekretaris", "bendahara"):
        assert officer_options(html, role) == {p.pk for p in people[:3]}


def test_an_officer_who_is_not_ticked_is_refused_by_name_and_the_choice_kept(client, staf, batch, craft):
    people = completers(batch, 5)
    client.force_login(staf)
    response = client.post(form_url(batch), post_data(people[:3], craft, ketua=people[4].pk))
    html = response.content.decode()
    assert f"Ketua harus salah satu anggota yang dicentang; {people[4].name} tidak dicentang." in html
    assert officer_options(html, "ketua") == {p.pk for p in people[:3]} | {people[4].pk}
    assert re.search(rf'<option value="{people[4].pk}" selected>', html)
    assert officer_options(html, "sekretaris") == {p.pk for p in people[:3]}
    assert 'value="KUB Kaligrafi Serua"' in html
    assert not BusinessGroup.objects.exists()
