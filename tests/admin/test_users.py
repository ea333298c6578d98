"""Users in the admin: one role each, with the scope the role needs."""

from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import User
from tests import factories
from tests.admin.conftest import admin_url, errors_of, form_data


def _save(client, user, **changes):
    data = {**form_data(client.get(admin_url(user))), **changes}
    return client.post(admin_url(user), data)


def test_a_field_officer_needs_a_kecamatan(client, admin_user):
    officer = factories.UserFactory(username="petugas.baru", is_staff=True)
    client.force_login(admin_user)
    role = Group.objects.get(name=roles.FIELD_OFFICER)
    response = _save(client, officer, groups=[str(role.pk)])
    assert response.status_code == 200
    assert "Petugas lapangan perlu minimal satu kecamatan tugas." in errors_of(response)
    kecamatan = factories.kecamatan("Setu")
    response = _save(client, officer, groups=[str(role.pk)], kecamatan=[str(kecamatan.pk)])
    assert response.status_code == 302, errors_of(response)
    officer = User.objects.get(pk=officer.pk)
    assert (officer.role, list(officer.kecamatan.all())) == (roles.FIELD_OFFICER, [kecamatan])


def test_a_bank_liaison_needs_a_bank_and_a_user_one_role(client, admin_user, bri):
    user = factories.UserFactory(username="bank.baru", is_staff=True)
    client.force_login(admin_user)
    liaison, leadership = (Group.objects.get(name=n) for n in (roles.BANK_LIAISON, roles.LEADERSHIP))
    response = _save(client, user, groups=[str(liaison.pk), str(leadership.pk)])
    assert "Mitra bank perlu banknya." in errors_of(response)
    assert "Pilih satu peran saja." in errors_of(response)
    response = _save(client, user, groups=[str(liaison.pk)], bank=str(bri.pk))
    assert response.status_code == 302, errors_of(response)
    assert User.objects.get(pk=user.pk).bank == bri


def test_the_user_list_names_role_and_kecamatan_without_a_query_per_user(
    client, admin_user, petugas_ciputat, petugas_pamulang, django_assert_max_num_queries
):
    client.force_login(admin_user)
    client.get(admin_url(User, "changelist"))
    with django_assert_max_num_queries(12):
        page = client.get(admin_url(User, "changelist")).content.decode()
    assert "Petugas lapangan" in page and "Pamulang" in page
