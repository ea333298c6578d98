"""The second factor at sign-in (accounts/second_factor.py, README "Signing in"): who must give
it, enrolment with a QR code and recovery codes, wrong codes, recovery codes once, the admin's
reset. Sessions here are opened through the login form, or password-only by
`force_login_password_only`: the suite's `force_login` gives the second factor already."""

import datetime as dt
import logging
import re
from base64 import b32decode

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles, second_factor
from accounts.models import EnrolmentCode
from security.models import SecurityEvent
from tests import factories
from tests.accounts.conftest import PASSWORD, login
from tests.conftest import force_login_password_only, totp_code

pytestmark = pytest.mark.django_db

WRONG_CODE_MESSAGE = "Kode salah atau sudah kedaluwarsa."


def _user(username: str, role: str, **extra):
    user = factories.UserFactory(username=username, is_staff=True, **extra)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def new_staf(db):
    """A member of staff who has not set up an app yet."""
    return _user("staf.baru", roles.STAFF)


def _code_from_page(html: str) -> str:
    """What the user's app shows after scanning: a TOTP of the secret on the page."""
    secret = re.search(r"data-secret>([A-Z2-7 ]+)<", html).group(1).replace(" ", "")
    return f"{totp(b32decode(secret)):06d}"


def _enrol(client) -> list[str]:
    page = client.get(reverse("second_factor_enrol"))
    assert page.status_code == 200
    response = client.post(reverse("second_factor_enrol"), {"code": _code_from_page(page.text), "next": "/"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("second_factor_codes"))
    codes_page = client.get(response["Location"])
    return re.findall(r"<li class=\"col\">([a-z2-9]{5}-[a-z2-9]{5})</li>", codes_page.text)


def _forget_recent_failures(user) -> None:
    """Move django-otp's last failure back, as the seconds of its throttle passing would."""
    for model in (TOTPDevice, second_factor.StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_timestamp=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))


@pytest.mark.parametrize("url", ["/", "/peserta/", "/pembiayaan/", "/laporan/", "/admin/", "/admin/accounts/user/"])
def test_a_staf_user_without_an_app_is_sent_to_enrolment_from_every_page(client, new_staf, url):
    force_login_password_only(client, new_staf)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('second_factor_enrol')}?next={url.replace('/', '%2F')}"


@pytest.mark.parametrize("role", [roles.ADMIN, roles.BANK_LIAISON])
def test_admins_and_bank_liaisons_must_enrol_too(client, role, bri):
    user = _user("wajib", role, bank=bri if role == roles.BANK_LIAISON else None)
    force_login_password_only(client, user)
    assert client.get("/")["Location"].startswith(reverse("second_factor_enrol"))


def test_roles_that_do_not_require_it_sign_in_with_the_password_alone(client, pimpinan, petugas_ciputat):
    login(client, "pimpinan", PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    login(client, "petugas.ciputat", PASSWORD)
    assert client.get("/inventaris/").status_code == 200


def test_enrolment_shows_a_qr_code_and_confirms_the_app_with_a_code_then_ten_recovery_codes_once(client, new_staf):
    force_login_password_only(client, new_staf)
    page = client.get(reverse("second_factor_enrol"))
    assert "<svg" in page.text and "Aktifkan verifikasi dua langkah" in page.text

    codes = _enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    # Stored as keyed hashes, never as typed.
    stored = set(StaticToken.objects.filter(device__user=new_staf).values_list("token", flat=True))
    assert len(stored) == 10 and not stored & {c.replace("-", "") for c in codes} and not stored & set(codes)
    # Shown once: the page does not show them again.
    again = client.get(reverse("second_factor_codes"))
    assert again.status_code == 302 and codes[0] not in client.get(reverse("home")).text
    assert client.get(reverse("home")).status_code == 200
    assert TOTPDevice.objects.get(user=new_staf).confirmed


def test_a_wrong_enrolment_code_keeps_the_same_secret_on_the_page_and_enrols_nothing(client, new_staf):
    force_login_password_only(client, new_staf)
    first = client.get(reverse("second_factor_enrol"))
    secret = re.search(r"data-secret>([A-Z2-7 ]+)<", first.text).group(1)
    response = client.post(reverse("second_factor_enrol"), {"code": "000000"})
    assert response.status_code == 200 and "Kode salah." in response.text
    assert secret in response.text
    assert not TOTPDevice.objects.filter(user=new_staf, confirmed=True).exists()


def test_a_new_visit_of_the_enrolment_page_gives_a_new_secret(client, new_staf):
    force_login_password_only(client, new_staf)
    first = re.search(r"data-secret>([A-Z2-7 ]+)<", client.get(reverse("second_factor_enrol")).text).group(1)
    second = re.search(r"data-secret>([A-Z2-7 ]+)<", client.get(reverse("second_factor_enrol")).text).group(1)
    assert first != second
    assert TOTPDevice.objects.filter(user=new_staf).count() == 1


def test_with_the_password_alone_no_one_can_enrol_a_second_app(client, staf):
    force_login_password_only(client, staf)  # staf has an app: only the code opens the portal
    response = client.get(reverse("second_factor_enrol"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("second_factor"))
    client.post(reverse("second_factor_enrol"), {"code": "123456"})
    assert TOTPDevice.objects.filter(user=staf).count() == 1


def test_after_the_password_the_login_asks_for_the_code_and_opens_the_page_asked_for(client, staf):
    login(client, "staf", PASSWORD)
    response = client.get("/peserta/")
    assert response["Location"] == f"{reverse('second_factor')}?next=%2Fpeserta%2F"
    page = client.get(response["Location"])
    assert "Verifikasi dua langkah" in page.text

    response = client.post(reverse("second_factor"), {"code": totp_code(staf), "next": "/peserta/"})
    assert response.status_code == 302 and response["Location"] == "/peserta/"
    assert client.get("/peserta/").status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message(client, staf, caplog):
    login(client, "staf", PASSWORD)
    with caplog.at_level(logging.WARNING, logger="accounts.login"):
        response = client.post(reverse("second_factor"), {"code": "000000"})
    assert response.status_code == 200
    assert WRONG_CODE_MESSAGE in response.text
    assert client.get("/")["Location"].startswith(reverse("second_factor"))
    assert f"second factor failed: user_id={staf.pk}" in caplog.text and "'staf'" not in caplog.text


def test_wrong_codes_in_a_row_make_the_next_try_wait(client, staf):
    login(client, "staf", PASSWORD)
    client.post(reverse("second_factor"), {"code": "000000"})
    # Straight after a wrong code even the right one is refused, and the page says how long to wait.
    response = client.post(reverse("second_factor"), {"code": totp_code(staf)})
    assert "Terlalu banyak kode yang salah. Tunggu 1 detik, lalu coba lagi." in response.text
    assert client.get("/").status_code == 302
    _forget_recent_failures(staf)
    response = client.post(reverse("second_factor"), {"code": totp_code(staf), "next": "/"})
    assert response["Location"] == "/"


def test_a_recovery_code_works_once(client, new_staf):
    force_login_password_only(client, new_staf)
    codes = _enrol(client)
    client.post(reverse("logout"))

    login(client, "staf.baru", PASSWORD)
    response = client.post(reverse("second_factor"), {"code": codes[3].upper(), "next": "/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/" and response.status_code == 200
    assert "tersisa 9 kode" in response.text
    client.post(reverse("logout"))

    login(client, "staf.baru", PASSWORD)
    response = client.post(reverse("second_factor"), {"code": codes[3], "next": "/"})
    assert response.status_code == 200 and WRONG_CODE_MESSAGE in response.text
    assert client.get("/").status_code == 302
    _forget_recent_failures(new_staf)
    assert client.post(reverse("second_factor"), {"code": codes[4], "next": "/"})["Location"] == "/"


def _reset_in_admin(client, admin_user, user) -> str:
    """The admin's reset action; returns the enrolment code its page shows."""
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_changelist"), {"action": "reset_second_factor", "_selected_action": [user.pk]}
    )
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    return re.search(r"<code data-enrolment-code>([a-z2-9-]+)</code>", response.text).group(1)


def _enrol_after_reset(client, enrolment_code: str):
    page = client.get(reverse("second_factor_enrol"))
    assert "Kode pendaftaran dari Admin" in page.text
    return client.post(
        reverse("second_factor_enrol"),
        {"enrolment_code": enrolment_code, "code": _code_from_page(page.text), "next": "/"},
    )


def test_an_admin_reset_forces_the_user_to_enrol_again_with_the_code_shown_to_the_admin(
    client, admin_user, staf, caplog
):
    staf_client = client.__class__()
    staf_client.force_login(staf)
    assert staf_client.get("/").status_code == 200

    client.force_login(admin_user)
    with caplog.at_level(logging.WARNING, logger="accounts.login"):
        response = client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "reset_second_factor", "_selected_action": [staf.pk]},
        )
    assert "Verifikasi dua langkah diatur ulang: staf." in response.text
    code = re.search(r"<code data-enrolment-code>([a-z2-9-]+)</code>", response.text).group(1)
    assert not TOTPDevice.objects.filter(user=staf).exists()
    assert not StaticToken.objects.filter(device__user=staf).exists()
    assert LogEntry.objects.filter(object_id=str(staf.pk), change_message__contains="diatur ulang").exists()
    assert f"second factor reset: user_id={staf.pk} by_user_id={admin_user.pk}" in caplog.text
    reset_event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.OTP_RESET)
    assert (reset_event.user, reset_event.object_id) == (admin_user, str(staf.pk))
    # Kept as a keyed hash, by whom and until when; never as shown.
    stored = EnrolmentCode.objects.get(user=staf)
    assert stored.created_by == admin_user and stored.used_at is None
    assert code not in stored.code_hash and code.replace("-", "") not in stored.code_hash
    assert dt.timedelta(hours=71) < stored.expires_at - stored.created_at <= dt.timedelta(hours=72)

    # The open session of staf no longer counts as verified: enrolment first, with the code.
    assert staf_client.get("/")["Location"].startswith(reverse("second_factor_enrol"))
    response = _enrol_after_reset(staf_client, code.upper().replace("-", " "))  # as typed from a note
    assert response.status_code == 302 and response["Location"].startswith(reverse("second_factor_codes"))
    assert staf_client.get("/").status_code == 200
    stored.refresh_from_db()
    assert stored.used_at is not None
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.OTP_ENROLLED, user=staf).exists()


def test_after_a_reset_the_password_alone_does_not_enrol_a_new_app(client, admin_user, staf):
    _reset_in_admin(client.__class__(), admin_user, staf)
    login(client, "staf", PASSWORD)  # whoever holds the password
    assert client.get("/")["Location"].startswith(reverse("second_factor_enrol"))
    page = client.get(reverse("second_factor_enrol"))
    right_app_code = _code_from_page(page.text)
    response = client.post(reverse("second_factor_enrol"), {"code": right_app_code, "next": "/"})
    assert response.status_code == 200 and not TOTPDevice.objects.filter(user=staf, confirmed=True).exists()
    response = client.post(
        reverse("second_factor_enrol"), {"enrolment_code": "aaaa-bbbb-cccc", "code": right_app_code, "next": "/"}
    )
    assert "Kode pendaftaran salah." in response.text
    assert not TOTPDevice.objects.filter(user=staf, confirmed=True).exists()
    assert client.get("/")["Location"].startswith(reverse("second_factor_enrol"))
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.OTP_FAILED, user=staf).exists()


def test_an_enrolment_code_is_void_after_five_wrong_tries_and_expires(client, admin_user, staf, settings):
    code = _reset_in_admin(client.__class__(), admin_user, staf)
    force_login_password_only(client, staf)
    for _ in range(5):
        response = _enrol_after_reset(client, "aaaa-bbbb-cccc")
    assert "tidak berlaku lagi" in response.text
    response = _enrol_after_reset(client, code)  # the right one, too late
    assert "tidak berlaku lagi" in response.text
    assert not TOTPDevice.objects.filter(user=staf, confirmed=True).exists()

    code = _reset_in_admin(client.__class__(), admin_user, _with_app(staf))  # a new reset, a new code
    EnrolmentCode.objects.filter(user=staf, used_at=None).update(expires_at=timezone.now())
    assert "sudah kedaluwarsa" in _enrol_after_reset(client, code).text
    assert not TOTPDevice.objects.filter(user=staf, confirmed=True).exists()


def test_a_new_reset_voids_the_code_of_the_one_before(client, admin_user, staf):
    first = _reset_in_admin(client.__class__(), admin_user, staf)
    _reset_in_admin(client.__class__(), admin_user, _with_app(staf))
    force_login_password_only(client, staf)
    assert "Kode pendaftaran salah." in _enrol_after_reset(client, first).text
    assert not TOTPDevice.objects.filter(user=staf, confirmed=True).exists()


def _with_app(user):
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def test_a_new_account_still_enrols_its_first_app_with_the_password(client, new_staf):
    login(client, "staf.baru", PASSWORD)
    page = client.get(reverse("second_factor_enrol"))
    assert "Kode pendaftaran dari Admin" not in page.text
    assert len(_enrol(client)) == 10


def test_only_an_admin_may_reset_a_second_factor(staf, admin_user):
    with pytest.raises(PermissionDenied):
        second_factor.reset(user=admin_user, by=staf)
    assert TOTPDevice.objects.filter(user=admin_user).exists()


def test_the_user_page_says_whether_the_second_factor_is_set_up(client, admin_user, staf, new_staf):
    client.force_login(admin_user)
    page = client.get(reverse("admin:accounts_user_change", args=[staf.pk]))
    assert "Aktif sejak" in page.text
    page = client.get(reverse("admin:accounts_user_change", args=[new_staf.pk]))
    assert "Belum didaftarkan (wajib untuk perannya" in page.text


def test_a_user_of_another_role_who_enrolled_is_asked_for_the_code(client, petugas_ciputat):
    TOTPDevice.objects.create(user=petugas_ciputat, name="app", confirmed=True)
    login(client, "petugas.ciputat", PASSWORD)
    assert client.get("/inventaris/")["Location"].startswith(reverse("second_factor"))


def test_the_code_page_only_sends_on_to_the_portal_itself(client, staf):
    login(client, "staf", PASSWORD)
    response = client.post(reverse("second_factor"), {"code": totp_code(staf), "next": "https://evil.example/"})
    assert response["Location"] == reverse("inventory:start")
