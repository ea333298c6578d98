"""A user's role and permissions are read in one query per request (accounts.models.User):
every page asks for both, and Django's ModelBackend alone spends three queries on them."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts import roles
from accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db


def _fresh(user) -> User:
    """The user as a request loads it: nothing cached yet."""
    return User.objects.get(pk=user.pk)


def test_role_and_own_and_group_permissions_come_from_one_query(django_assert_num_queries):
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=roles.STAFF))
    user.user_permissions.add(Permission.objects.get(codename="view_session", content_type__app_label="sessions"))
    user = _fresh(user)

    with django_assert_num_queries(1):
        assert user.role == roles.STAFF
        assert user.has_perm("participants.view_participant")  # the staff group's
        assert user.has_perm("sessions.view_session")  # the user's own
        assert not user.has_perm("sessions.delete_session")


def test_permissions_first_then_role_is_still_one_query(django_assert_num_queries):
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=roles.FIELD_OFFICER))
    user = _fresh(user)

    with django_assert_num_queries(1):
        assert not user.has_perm("auth.change_user")
        assert user.role == roles.FIELD_OFFICER


def test_the_permissions_are_the_same_as_djangos_own_backend():
    from django.contrib.auth.backends import ModelBackend

    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=roles.STAFF), Group.objects.get(name=roles.LEADERSHIP))
    user.user_permissions.add(Permission.objects.get(codename="view_session", content_type__app_label="sessions"))
    expected = ModelBackend().get_user_permissions(_fresh(user)) | ModelBackend().get_group_permissions(_fresh(user))

    assert _fresh(user).get_all_permissions() == expected
    assert _fresh(user).role == roles.STAFF  # the first of DESIGN's roles


def test_no_group_no_role_no_permission_and_an_inactive_user_has_none():
    user = _fresh(factories.UserFactory())
    assert user.role is None and user.get_all_permissions() == set()

    staff = factories.UserFactory(is_active=False)
    staff.groups.add(Group.objects.get(name=roles.STAFF))
    assert not _fresh(staff).has_perm("participants.view_participant")


def test_a_superuser_has_every_permission_and_the_admin_role(django_assert_num_queries):
    user = _fresh(factories.UserFactory(is_superuser=True))
    with django_assert_num_queries(0):  # Django answers yes to a superuser; the role needs no groups
        assert user.role == roles.ADMIN
        assert user.has_perm("auth.delete_group") and user.has_perm("participants.view_participant")
    assert len(user.get_all_permissions()) == Permission.objects.count()
