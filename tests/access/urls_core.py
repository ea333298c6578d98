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
