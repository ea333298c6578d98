from django.utils import timezone

from participants.models import Consent
from privacy.models import RightsRequest
from tests.access.matrix import Route, everyone

# Admin and Staf handle data subjects' requests; officers, banks and leadership do not.
STAFF_ONLY = everyone(403, admin_user=200, staf=200)


def _consent(participant):
    consent, _ = Consent.objects.get_or_create(
        participant=participant,
        purpose=Consent.Purpose.PUBLISH_NAME,
        defaults={"granted_at": timezone.now(), "wording_version": "publish_name-v1"},
    )
    return consent


def _request(participant, kind=RightsRequest.Kind.ACCESS):
    return RightsRequest.objects.create(
        participant=participant, kind=kind, channel=RightsRequest.Channel.LETTER, received_at=timezone.now()
    )


ROUTES = [
    # Who takes consents: staff, and officers in their area; banks and leadership never.
    Route(
        "consents:list",
        everyone(200, petugas_pamulang=404, bank_bri=403, pimpinan=403),
        kwargs=lambda w: {"pk": w.participant_ciputat.pk},
        label="ciputat",
    ),
    Route(
        "consents:list",
        everyone(200, petugas_ciputat=404, bank_bri=403, pimpinan=403),
        kwargs=lambda w: {"pk": w.participant_pamulang.pk},
        label="pamulang",
    ),
    Route(
        "consents:list",
        everyone(200, petugas_pamulang=404, bank_bri=403, pimpinan=403),
        kwargs=lambda w: {"pk": w.participant_ciputat.pk},
        method="post",
        data={"purpose": "photos"},
        label="post-invalid",
    ),
    Route(
        "consents:withdraw",
        everyone(200, petugas_pamulang=404, bank_bri=403, pimpinan=403),
        kwargs=lambda w: {"pk": w.participant_ciputat.pk, "consent_pk": _consent(w.participant_ciputat).pk},
    ),
    Route(
        "consents:withdraw",
        everyone(200, petugas_pamulang=404, bank_bri=403, pimpinan=403),
        kwargs=lambda w: {"pk": w.participant_ciputat.pk, "consent_pk": _consent(w.participant_ciputat).pk},
        method="post",
        data={"reason": ""},
        label="post-invalid",
    ),
    Route("privacy:request_list", STAFF_ONLY),
    # Without a participant: back to the participant list, where a request starts.
    Route("privacy:request_create", everyone(403, admin_user=302, staf=302)),
    Route("privacy:request_create", everyone(403, admin_user=302, staf=302), method="post", label="post-empty"),
    Route(
        "privacy:request_detail",
        STAFF_ONLY,
        kwargs=lambda w: {"pk": _request(w.participant_pamulang).pk},
    ),
    Route(
        "privacy:request_close",
        everyone(403, admin_user=400, staf=400),
        kwargs=lambda w: {"pk": _request(w.participant_pamulang, RightsRequest.Kind.DELETION).pk},
        method="post",
        label="deletion-unconfirmed",
    ),
    Route(
        "privacy:request_close", everyone(405), kwargs=lambda w: {"pk": _request(w.participant_ciputat).pk}, label="get"
    ),
    Route(
        "privacy:request_access_file",
        STAFF_ONLY,
        kwargs=lambda w: {"pk": _request(w.participant_ciputat).pk},
        method="post",
    ),
    # Lifting a restriction of processing: administrators only (the participant here is not
    # restricted, so the page says so; a post without a reason is shown again).
    Route(
        "privacy:restriction_lift",
        everyone(403, admin_user=200),
        kwargs=lambda w: {"pk": w.participant_pamulang.pk},
    ),
    Route(
        "privacy:restriction_lift",
        everyone(403, admin_user=200),
        kwargs=lambda w: {"pk": w.participant_ciputat.pk},
        method="post",
        data={"reason": ""},
        label="post-invalid",
    ),
    Route("privacy:retention_list", STAFF_ONLY),
]
