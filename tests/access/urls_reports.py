from tests.access.matrix import Route, everyone

ROUTES = [
    # Every role that reads participants sees the outcomes of its own scope; bank liaisons do not.
    Route("reports:outcomes", everyone(200, bank_bri=403)),
    # Recomputing the cached figures, then back to the page.
    Route("reports:outcomes", everyone(302, bank_bri=403), method="post", label="refresh"),
]
