"""EMAIL_URL: one variable for the whole e-mail set-up."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tangsel_portal.settings import email_settings


def test_smtp_with_starttls_and_a_password_with_odd_characters():
    assert email_settings("smtp://kreatif%40tangsel.go.id:p%40ss%2Fw0rd@mail.tangsel.go.id:587?tls=1") == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.tangsel.go.id",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "kreatif@tangsel.go.id",
        "EMAIL_HOST_PASSWORD": "p@ss/w0rd",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 10,
    }


def test_smtps_is_implicit_tls_on_465():
    out = email_settings("smtps://user:pw@mail.example.org")
    assert (out["EMAIL_PORT"], out["EMAIL_USE_SSL"], out["EMAIL_USE_TLS"]) == (465, True, False)


def test_plain_smtp_without_credentials_goes_to_port_25():
    out = email_settings("smtp://relay.internal?timeout=3")
    assert (out["EMAIL_HOST"], out["EMAIL_PORT"], out["EMAIL_HOST_USER"], out["EMAIL_TIMEOUT"]) == (
        "relay.internal",
        25,
        "",
        3,
    )


def test_console_and_file_backends():
    assert email_settings("console://") == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    assert email_settings("file:///var/mail/tangsel")["EMAIL_FILE_PATH"] == "/var/mail/tangsel"


def test_an_unknown_scheme_or_two_kinds_of_tls_refuse_to_start():
    with pytest.raises(ImproperlyConfigured, match="unknown scheme 'smtpx'"):
        email_settings("smtpx://host")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        email_settings("smtps://host?tls=1")


def test_make_run_prints_mail_to_the_console_by_default():
    from tests.test_settings import manage

    result = manage("shell", "--no-imports", "-c", "from django.conf import settings; print(settings.EMAIL_BACKEND)")
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend", result.stderr
