from tests.access.matrix import Route, everyone

ROUTES = [
    Route("home", everyone(200)),
    Route("login", everyone(302, anonymous=200)),
    Route("logout", everyone(405, anonymous=405)),
    Route("logout", everyone(302, anonymous=302), method="post", label="post"),
    Route("set_language", everyone(302, anonymous=302), method="post", data={"language": "en"}),
]
