from tests.access.matrix import Route, everyone

ROUTES = [
    # A bank liaison reads the participants referred to their bank (an empty list is fine).
    Route("participants:list", everyone(200)),
    Route("participants:list", everyone(302), method="post", data={"q": "Peserta"}, label="search"),
    Route("participants:create", everyone(200, bank_bri=403, pimpinan=403)),
    Route(
        "participants:create",
        everyone(200, bank_bri=403, pimpinan=403),
        method="post",
        data={"name": "Tanpa NIK"},
        label="post-invalid",
    ),
    Route(
        "participants:detail",
        everyone(200, petugas_pamulang=404),
        kwargs=lambda w: {"pk": w.participant_ciputat.pk},
        label="ciputat",
    ),
    Route(
        "participants:detail",
        everyone(200, petugas_ciputat=404, bank_bri=404),
        kwargs=lambda w: {"pk": w.participant_pamulang.pk},
        label="pamulang",
    ),
    Route(
        "participants:update",
        everyone(200, petugas_pamulang=404, bank_bri=403, pimpinan=403),
        kwargs=lambda w: {"pk": w.participant_ciputat.pk},
        label="ciputat",
    ),
    Route(
        "participants:update",
        everyone(200, petugas_ciputat=404, bank_bri=403, pimpinan=403),
        kwargs=lambda w: {"pk": w.participant_pamulang.pk},
        label="pamulang",
    ),
    Route(
        "participants:update",
        everyone(200, petugas_ciputat=404, bank_bri=403, pimpinan=403),
        kwargs=lambda w: {"pk": w.participant_pamulang.pk},
        method="post",
        data={"name": "Tanpa NIK"},
        label="pamulang-post-invalid",
    ),
    # htmx options of the kecamatan select: reference data, for roles that may view kelurahan.
    Route("participants:kelurahan_options", everyone(200, bank_bri=403)),
]
