"""/kub/<pk>/: members past and present, adding, leaving, replacing and changing roles."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import BusinessGroup, Membership
from groups.services import group_add_member, group_remove_member
from tests.factories import (
    BusinessGroupFactory,
    EnrollmentFactory,
    MembershipFactory,
    ParticipantFactory,
    ProductFactory,
    TrainingBatchFactory,
    kecamatan,
    kelurahan_of,
)

pytestmark = pytest.mark.django_db

Role = Membership.Role


def trained(kec="Ciputat", **fields):
    participant = ParticipantFactory(kelurahan=kelurahan_of(kec), **fields)
    EnrollmentFactory(participant=participant, completed=True, batch=TrainingBatchFactory(kecamatan=kecamatan(kec)))
    return participant


def fill(group, count, user, start_roles=True):
    roles = [Role.KETUA, Role.SEKRETARIS, Role.BENDAHARA] if start_roles else []
    return [
        group_add_member(
            group=group,
            participant=trained(),
            role=roles[i] if i < len(roles) else Role.ANGGOTA,
            joined_on=dt.date(2026, 4, 1),
            user=user,
        )
        for i in range(count)
    ]


@pytest.fixture
def kub(db):
    return BusinessGroupFactory(name="KUB Kaligrafi Serua", kecamatan=kecamatan("Ciputat"))


def detail(group):
    return reverse("groups:detail", args=[group.pk])


def add_url(group):
    return reverse("groups:member_add", args=[group.pk])


def leave_url(membership):
    return reverse("groups:member_leave", args=[membership.group_id, membership.pk])


def role_url(membership):
    return reverse("groups:member_role", args=[membership.group_id, membership.pk])


def test_a_kub_below_ten_shows_as_forming_and_at_ten_as_active(client, staf, kub):
    fill(kub, 9, staf)
    client.force_login(staf)
    html = client.get(detail(kub)).content.decode()
    assert 'data-status="forming"' in html and "Sedang dibentuk" in html
    assert "9/10 anggota aktif" in html

    fill(kub, 1, staf, start_roles=False)
    html = client.get(detail(kub)).content.decode()
    assert 'data-status="active"' in html and "10/10 anggota aktif" in html


def test_a_stale_active_status_below_ten_still_shows_as_forming(client, staf, kub):
    BusinessGroup.objects.filter(pk=kub.pk).update(status=BusinessGroup.Status.ACTIVE, active_member_count=8)
    client.force_login(staf)
    assert 'data-status="forming"' in client.get(detail(kub)).content.decode()


def test_members_past_and_present_are_listed_with_role_dates_and_reason(client, staf, kub):
    ketua, *_ = fill(kub, 3, staf)
    untrained = ParticipantFactory(name="Siti Tanpa Sertifikat")
    group_add_member(group=kub, participant=untrained, user=staf, override_reason="Mentor kelompok")
    MembershipFactory(
        group=kub,
        participant=ParticipantFactory(name="Budi Sudah Keluar"),
        joined_on=dt.date(2026, 1, 5),
        left_on=dt.date(2026, 3, 1),
    )
    client.force_login(staf)
    response = client.get(detail(kub))
    html = response.content.decode()
    rows = response.context["memberships"]
    assert rows[0] == ketua and rows[-1].participant.name == "Budi Sudah Keluar"
    assert "Mentor kelompok" in html
    assert "05-01-2026" in html and "01-03-2026" in html


def test_products_of_the_kub_are_listed(client, staf, kub):
    ProductFactory(group=kub, name="Kaligrafi Ayat Kursi")
    ProductFactory(name="Produk KUB lain")
    client.force_login(staf)
    html = client.get(detail(kub)).content.decode()
    assert "Kaligrafi Ayat Kursi" in html and "Produk KUB lain" not in html


def test_staff_add_a_trained_member(client, staf, kub):
    participant = trained(name="Ani Lulus")
    client.force_login(staf)
    response = client.post(
        add_url(kub), {"participant": participant.pk, "role": Role.ANGGOTA, "joined_on": "2026-05-02"}
    )
    assert response.status_code == 302
    membership = kub.memberships.get(participant=participant)
    assert membership.joined_on == dt.date(2026, 5, 2) and membership.added_by == staf


def test_without_a_search_completers_of_the_kecamatan_in_no_kub_are_suggested(client, staf, kub):
    free = trained(name="Ani Bebas")
    taken = trained(name="Budi Sudah Ber-KUB")
    MembershipFactory(participant=taken)
    trained("Pamulang", name="Citra Pamulang")
    client.force_login(staf)
    names = {p.name for p in client.get(detail(kub)).context["candidates"]}
    assert names == {free.name}


def test_a_name_search_finds_anyone_and_greys_out_members_of_other_kubs(client, staf, kub):
    taken = trained(name="Budi Sudah Ber-KUB")
    MembershipFactory(participant=taken, group=BusinessGroupFactory(name="KUB Lain"))
    client.force_login(staf)
    html = client.get(detail(kub) + "?cari=budi").content.decode()
    assert "Budi Sudah Ber-KUB" in html and "Anggota aktif KUB Lain" in html
    assert "KUB KUB" not in html


def test_it_refuses_an_eleventh_member_with_a_clear_message(client, staf, kub):
    fill(kub, 10, staf)
    extra = trained(name="Dewi Kesebelas")
    client.force_login(staf)
    response = client.post(add_url(kub), {"participant": extra.pk, "role": Role.ANGGOTA, "joined_on": "2026-05-02"})
    assert response.status_code == 200
    assert "sudah memiliki 10 anggota aktif; tidak bisa menambah anggota lagi" in response.content.decode()
    assert not Membership.objects.filter(participant=extra).exists()


def test_it_refuses_an_untrained_member_without_a_reason_and_keeps_the_choice(client, staf, kub):
    untrained = ParticipantFactory(name="Eka Belum Lulus")
    client.force_login(staf)
    data = {"participant": untrained.pk, "role": Role.SEKRETARIS, "joined_on": "2026-05-02"}
    response = client.post(add_url(kub), data)
    html = response.content.decode()
    assert "Eka Belum Lulus belum lulus pelatihan. Tuliskan alasan" in html
    assert response.context["add_form"].errors["override_reason"]
    assert response.context["picked"] == str(untrained.pk)
    assert f'value="{untrained.pk}" id="cand-{untrained.pk}" checked' in html
    assert '<option value="sekretaris" selected>' in html

    data["override_reason"] = "Pengrajin senior"
    assert client.post(add_url(kub), data).status_code == 302
    assert kub.memberships.get(participant=untrained).override_reason == "Pengrajin senior"


def test_it_refuses_a_member_active_in_another_kub(client, staf, kub):
    other = MembershipFactory(participant=trained(name="Fajar"), group=BusinessGroupFactory(name="KUB Lain"))
    client.force_login(staf)
    response = client.post(
        add_url(kub), {"participant": other.participant.pk, "role": Role.ANGGOTA, "joined_on": "2026-05-02"}
    )
    assert "Fajar masih anggota aktif KUB Lain; keluarkan dulu" in response.content.decode()


def test_leaving_asks_for_confirmation_and_a_date(client, staf, kub):
    member = fill(kub, 1, staf)[0]
    client.force_login(staf)
    response = client.get(leave_url(member))
    assert response.status_code == 200
    assert "keluar dari KUB?" in response.content.decode()
    member.refresh_from_db()
    assert member.left_on is None


def test_a_member_leaves_and_is_replaced_and_the_history_stays(client, staf, kub):
    members = fill(kub, 10, staf)
    ketua = members[0]
    client.force_login(staf)
    response = client.post(leave_url(ketua), {"left_on": "2026-06-30"})
    assert response.status_code == 302
    kub.refresh_from_db()
    assert kub.status == BusinessGroup.Status.FORMING and kub.active_member_count == 9

    replacement = trained(name="Gita Pengganti")
    response = client.post(add_url(kub), {"participant": replacement.pk, "role": Role.KETUA, "joined_on": "2026-07-01"})
    assert response.status_code == 302
    kub.refresh_from_db()
    assert kub.status == BusinessGroup.Status.ACTIVE
    history = kub.memberships.filter(role=Role.KETUA).order_by("joined_on")
    assert [(m.participant_id, m.left_on) for m in history] == [
        (ketua.participant_id, dt.date(2026, 6, 30)),
        (replacement.pk, None),
    ]
    html = client.get(detail(kub)).content.decode()
    assert ketua.participant.name in html and "30-06-2026" in html


def test_a_leave_date_before_joining_or_in_the_future_is_refused(client, staf, kub):
    member = fill(kub, 1, staf)[0]
    client.force_login(staf)
    html = client.post(leave_url(member), {"left_on": "2026-03-01"}).content.decode()
    assert "Tanggal keluar tidak boleh sebelum tanggal masuk" in html
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    html = client.post(leave_url(member), {"left_on": tomorrow.isoformat()}).content.decode()
    assert "Tanggal tidak boleh di masa depan" in html
    member.refresh_from_db()
    assert member.left_on is None


def test_a_role_changes_and_a_second_ketua_is_refused(client, staf, kub):
    ketua, sekretaris, bendahara, anggota = fill(kub, 4, staf)
    client.force_login(staf)
    response = client.post(role_url(anggota), {"role": Role.KETUA}, follow=True)
    assert "KUB ini sudah memiliki ketua aktif" in response.content.decode()
    client.post(role_url(ketua), {"role": Role.ANGGOTA})
    client.post(role_url(anggota), {"role": Role.KETUA})
    anggota.refresh_from_db()
    ketua.refresh_from_db()
    assert (anggota.role, ketua.role) == (Role.KETUA, Role.ANGGOTA)


def test_a_field_officer_sees_their_own_kecamatan_read_only_and_not_others(client, petugas_ciputat, staf, kub):
    member = fill(kub, 1, staf)[0]
    pamulang = BusinessGroupFactory(kecamatan=kecamatan("Pamulang"))
    client.force_login(petugas_ciputat)
    response = client.get(detail(kub))
    assert response.status_code == 200
    assert "add_form" not in response.context and not response.context["can_change"]
    assert client.get(detail(pamulang)).status_code == 404
    assert client.post(leave_url(member), {"left_on": "2026-05-01"}).status_code == 403
    assert client.post(add_url(kub), {"participant": trained().pk, "role": "anggota"}).status_code == 403


def test_pimpinan_reads_but_every_change_is_403(client, pimpinan, staf, kub):
    member = fill(kub, 1, staf)[0]
    client.force_login(pimpinan)
    assert client.get(detail(kub)).status_code == 200
    data = {"participant": trained().pk, "role": "anggota", "joined_on": "2026-05-02", "override_reason": "x"}
    assert client.post(add_url(kub), data).status_code == 403
    assert client.post(leave_url(member), {"left_on": "2026-05-01"}).status_code == 403
    assert client.post(role_url(member), {"role": Role.ANGGOTA}).status_code == 403
    member.refresh_from_db()
    assert member.left_on is None and member.role == Role.KETUA
    assert kub.memberships.count() == 1


def test_each_member_links_to_their_profile(client, staf, kub):
    member = fill(kub, 1, staf)[0]
    client.force_login(staf)
    html = client.get(detail(kub)).content.decode()
    assert f'href="{reverse("participants:detail", args=[member.participant_id])}"' in html


def handover_url(group):
    return reverse("groups:ketua_handover", args=[group.pk])


def test_staff_hand_the_ketua_over_in_one_step(client, staf, kub):
    ketua, sekretaris, _bendahara, anggota = fill(kub, 4, staf)
    client.force_login(staf)
    html = client.get(detail(kub)).content.decode()
    assert 'id="ketua-form"' in html
    assert f"Ketua sekarang: {ketua.participant.name}." in html
    options = client.get(detail(kub)).context["ketua_form"].fields["membership"].queryset
    assert ketua not in options and set(options) == {sekretaris, _bendahara, anggota}

    response = client.post(handover_url(kub), {"membership": anggota.pk}, follow=True)
    assert response.redirect_chain[-1][0].endswith(detail(kub) + "#anggota")
    assert (
        f"{anggota.participant.name} sekarang ketua KUB Kaligrafi Serua; {ketua.participant.name} menjadi anggota."
        in response.content.decode()
    )
    ketua.refresh_from_db()
    anggota.refresh_from_db()
    assert (ketua.role, anggota.role) == (Role.ANGGOTA, Role.KETUA)


def test_a_sekretaris_made_ketua_is_told_the_office_is_vacant(client, staf, kub):
    _ketua, sekretaris, *_ = fill(kub, 3, staf)
    client.force_login(staf)
    response = client.post(handover_url(kub), {"membership": sekretaris.pk}, follow=True)
    assert "Jabatan sekretaris kini kosong" in response.content.decode()


def test_a_handover_to_no_one_or_to_a_former_member_is_refused_on_the_page(client, staf, kub):
    ketua, anggota = fill(kub, 2, staf)[0], fill(kub, 1, staf, start_roles=False)[0]
    leaver = fill(kub, 1, staf, start_roles=False)[0]
    group_remove_member(membership=leaver, user=staf, left_on=dt.date(2026, 5, 1))
    client.force_login(staf)
    response = client.post(handover_url(kub), {})
    assert response.status_code == 200
    assert "Pilih anggota aktif yang menjadi ketua baru." in response.content.decode()
    response = client.post(handover_url(kub), {"membership": leaver.pk})
    assert response.status_code == 200
    assert "Ketua baru harus anggota aktif KUB ini." in response.content.decode()
    ketua.refresh_from_db()
    anggota.refresh_from_db()
    assert (ketua.role, anggota.role) == (Role.KETUA, Role.ANGGOTA)


def test_only_staff_hand_the_ketua_over(client, staf, petugas_ciputat, pimpinan, kub):
    ketua, anggota = fill(kub, 2, staf)[0], fill(kub, 1, staf, start_roles=False)[0]
    for user in (petugas_ciputat, pimpinan):
        client.force_login(user)
        assert "ketua_form" not in client.get(detail(kub)).context
        assert client.post(handover_url(kub), {"membership": anggota.pk}).status_code == 403
    ketua.refresh_from_db()
    assert ketua.role == Role.KETUA


def test_the_formed_date_shows_on_the_kub_page(client, staf, kub):
    fill(kub, 10, staf)
    client.force_login(staf)
    html = client.get(detail(kub)).content.decode()
    assert "Tanggal dibentuk" in html and "01-04-2026" in html


def test_products_show_their_price_in_rupiah_under_an_anchor(client, staf, kub):
    product = ProductFactory(group=kub, name="Kaligrafi Ayat Kursi", price=1250000)
    client.force_login(staf)
    html = client.get(detail(kub)).content.decode()
    assert f'id="produk-{product.pk}"' in html
    assert "Rp1.250.000" in html


def test_without_a_search_only_the_latest_batches_completers_are_suggested(client, staf, kub):
    from groups.selectors import RECENT_BATCHES

    ciputat = kecamatan("Ciputat")
    old = TrainingBatchFactory(kecamatan=ciputat, start_date=dt.date(2020, 1, 6), end_date=dt.date(2020, 2, 1))
    EnrollmentFactory(batch=old, completed=True, participant=ParticipantFactory(name="Lulusan Lama"))
    assert old.end_date < dt.date(2026, 1, 1)
    for n in range(RECENT_BATCHES):
        batch = TrainingBatchFactory(
            kecamatan=ciputat, start_date=dt.date(2026, 1, 5) + dt.timedelta(weeks=n), end_date=dt.date(2026, 5, 1)
        )
        EnrollmentFactory(batch=batch, completed=True, participant=ParticipantFactory(name=f"Baru {n}"))
    client.force_login(staf)

    names = {p.name for p in client.get(detail(kub)).context["candidates"]}

    assert "Lulusan Lama" not in names and {f"Baru {n}" for n in range(RECENT_BATCHES)} <= names
    # A search still finds them.
    assert "Lulusan Lama" in {p.name for p in client.get(detail(kub), {"cari": "lulusan"}).context["candidates"]}
