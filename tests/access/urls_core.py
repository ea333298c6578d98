from tests.access.matrix import Route, everyone

# A reset link with a token that does not check out: the page says the link is not valid.
BAD_RESET_LINK = {"uidb64": "MQ", "token": "set-password"}

ROUTES = [
    Route("home", everyone(200)),
    # The dashboard's filters: valid ones, and values that are not choices (dropped, not a 500).
    Route("home", everyone(200), data={"tahun": "2026", "peta": "penduduk"}, label="filters"),
    Route("home", everyone(200), data={"tahun": "x", "kecamatan": "999999", "kerajinan": "-1"}, label="bad-filters"),
    Route("login", everyone(302, anonymous=200)),
    Route("logout", everyone(405, anonymous=405)),
    # The second factor (tests/accounts/test_second_factor.py for the flow). Signed in here with
    # it given: the code page sends on; enrolment is for who has no app yet (field officers and
    # leadership may add one), the recovery codes are shown only right after enrolment.
    # Changing one's own password: every role (the bad post shows the form's errors again).
    Route("password_change", everyone(200)),
    Route("password_change", everyone(200), method="post", data={"old_password": "salah"}, label="post"),
    Route("password_change_done", everyone(200)),
    Route("second_factor", everyone(302)),
    Route("second_factor", everyone(302), method="post", data={"code": "000000"}, label="post"),
    Route("second_factor_enrol", everyone(302, petugas_ciputat=200, petugas_pamulang=200, pimpinan=200)),
    Route(
        "second_factor_enrol",
        everyone(302, petugas_ciputat=200, petugas_pamulang=200, pimpinan=200),
        method="post",
        data={"code": "000000"},
        label="post",
    ),
    Route("second_factor_codes", everyone(302)),
    Route("logout", everyone(302, anonymous=302), method="post", label="post"),
    Route("set_language", everyone(302, anonymous=302), method="post", data={"language": "en"}),
    # Forgotten password: open to everyone, signed in or not.
    Route("password_reset", everyone(200, anonymous=200)),
    Route(
        "password_reset",
        everyone(302, anonymous=302),
        method="post",
        data={"email": "siapa@example.org"},
        label="post",
    ),
    Route("password_reset_done", everyone(200, anonymous=200)),
    Route("password_reset_confirm", everyone(200, anonymous=200), kwargs=lambda w: BAD_RESET_LINK),
    Route("password_reset_complete", everyone(200, anonymous=200)),
]
