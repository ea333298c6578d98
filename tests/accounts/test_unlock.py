"""An Admin sees locked accounts in the user admin and lifts a lock; nobody else can."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import User
from accounts.selectors import login_lock_until
from accounts.services import login_lock_lift
from tests.accounts.conftest import PASSWORD, WRONG, logged_in_as, login

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:accounts_user_changelist"


def _lock(client, username):
    for _ in range(5):
        login(client, username, WRONG)
    assert login(client, username, PASSWORD).status_code == 429


def test_an_admin_lifts_a_lock_and_the_user_logs_in(client, admin_user, staf):
    _lock(client, "staf")
    client.force_login(admin_user)

    response = client.post(reverse(CHANGELIST), {"action": "unlock_login", "_selected_action": [staf.pk]}, follow=True)

    assert "Kunci login dibuka: staf." in response.text
    client.post(reverse("logout"))
    login(client, "staf", PASSWORD)
    assert logged_in_as(client) == "staf"


def test_the_user_admin_lists_who_is_locked_and_until_when(client, admin_user, staf, pimpinan):
    _lock(client, "staf")
    client.force_login(admin_user)

    locked = client.get(reverse(CHANGELIST), {"login_terkunci": "ya"})
    assert [u.username for u in locked.context["cl"].result_list] == ["staf"]

    page = client.get(reverse("admin:accounts_user_change", args=[staf.pk])).text
    assert "Terkunci sampai" in page
    page = client.get(reverse("admin:accounts_user_change", args=[pimpinan.pk])).text
    assert "Tidak terkunci" in page


def test_lifting_when_nobody_is_locked_says_so(client, admin_user, staf):
    client.force_login(admin_user)

    response = client.post(reverse(CHANGELIST), {"action": "unlock_login", "_selected_action": [staf.pk]}, follow=True)

    assert "Tidak ada pengguna terpilih yang sedang terkunci." in response.text


def test_the_lift_is_written_in_the_user_s_admin_history(client, admin_user, staf):
    _lock(client, "staf")
    client.force_login(admin_user)
    client.post(reverse(CHANGELIST), {"action": "unlock_login", "_selected_action": [staf.pk]})

    history = client.get(reverse("admin:accounts_user_history", args=[staf.pk])).text

    assert "Kunci login dibuka." in history


def test_only_the_admin_role_may_lift_someone_else_s_lock(client, staf, pimpinan):
    _lock(client, "pimpinan")

    with pytest.raises(PermissionDenied):
        login_lock_lift(user=pimpinan, by=User.objects.get(pk=staf.pk))
    # Staff do not reach the user admin at all.
    client.force_login(staf)
    assert (
        client.post(reverse(CHANGELIST), {"action": "unlock_login", "_selected_action": [pimpinan.pk]}).status_code
        == 403
    )
    assert login_lock_until(username="pimpinan") is not None
