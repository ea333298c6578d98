"""The roles of DESIGN.md, each a Django group, and the permissions they hold."""

from django.utils.translation import gettext_lazy as _

ADMIN = "Admin"
STAFF = "Staf Disperindag"
FIELD_OFFICER = "Petugas lapangan"
BANK_LIAISON = "Mitra bank"
LEADERSHIP = "Pimpinan"

ALL_ROLES = [ADMIN, STAFF, FIELD_OFFICER, BANK_LIAISON, LEADERSHIP]

ROLE_LABELS = {
    ADMIN: _("Admin"),
    STAFF: _("Staf Disperindag"),
    FIELD_OFFICER: _("Petugas lapangan"),
    BANK_LIAISON: _("Mitra bank"),
    LEADERSHIP: _("Pimpinan"),
}

# Roles that see every kecamatan.
CITY_WIDE = {ADMIN, STAFF, LEADERSHIP}
# Roles that may see a full NIK, phone and address.
SEES_PERSONAL_DATA = {ADMIN, STAFF, FIELD_OFFICER}
# Roles that may see loan data (amounts, decisions): a bank liaison for their bank's referrals.
SEES_LOAN_DATA = {ADMIN, STAFF, BANK_LIAISON}

_DOMAIN = {
    "regions": ["kecamatan", "kelurahan", "populationfigure"],
    "participants": ["participant", "consent", "consentwording"],
    "trainings": ["crafttype", "trainer", "venue", "trainingbatch", "trainingsession", "enrollment", "attendance"],
    "groups": ["businessgroup", "membership", "product", "productphoto"],
    "inventory": ["business", "inventoryvisit", "businesslicence", "kbli", "curation", "curationstep"],
    "exhibitions": ["exhibition", "exhibitionentry", "exhibitionsale"],
    "financing": ["bank", "documentkind", "kurprogramme", "loanreferral", "loanreferralevent"],
    "reports": ["exportjob", "importjob", "target"],
}


def _perms(app, models, actions):
    return [(app, f"{action}_{model}") for model in models for action in actions]


def _all(actions, apps=None):
    out = []
    for app, models in _DOMAIN.items():
        if apps is None or app in apps:
            out += _perms(app, models, actions)
    return out


CRUD = ("view", "add", "change", "delete")

# A referral's scans and a KUB's agreements to joint liability: staff and the bank concerned,
# never leadership (who sees totals only), so outside _DOMAIN. Who viewed them (documentview): administrators only.
REFERRAL_DOCUMENTS = [
    ("financing", "view_referraldocument"),
    ("financing", "add_referraldocument"),
    ("financing", "view_jointliability"),
    ("financing", "add_jointliability"),
]

# Buyer leads from an exhibition booth hold a visitor's name and contact: staff keep them,
# field officers record them at the booth; leadership sees how many, never who (outside _DOMAIN).
BUYER_LEADS = _perms("exhibitions", ["buyerlead"], CRUD)
# Data subjects' requests and the retention sweep's runs (privacy): the department's own
# duty, so Admin and Staf only; leadership reads figures, not who asked for what.
PRIVACY = _perms("privacy", ["rightsrequest"], ("view", "add", "change")) + [("privacy", "view_retentionrun")]

# (app_label, codename) per role. Admins are superusers as well as members.
OUTCOMES = [("reports", "view_outcomes")]

ROLE_PERMISSIONS = {
    ADMIN: _all(CRUD)
    + _perms("accounts", ["user"], CRUD)
    + _perms("financing", ["referraldocument", "jointliability"], CRUD)
    + _perms("financing", ["documentview"], ("view",))
    + BUYER_LEADS
    + [("auditlog", "view_logentry")]
    + OUTCOMES
    + PRIVACY,
    STAFF: (
        _all(("view",), ["regions"])
        + _perms("regions", ["populationfigure"], ("add", "change", "delete"))
        + _all(CRUD, ["participants", "trainings", "groups", "inventory", "exhibitions", "financing", "reports"])
        + [("auditlog", "view_logentry")]
        + OUTCOMES
        + REFERRAL_DOCUMENTS
        + BUYER_LEADS
        + PRIVACY
    ),
    FIELD_OFFICER: (
        _all(("view",), ["regions"])
        + _perms("participants", ["participant"], ("view", "add", "change"))
        # Officers take consents on site (a paper form's scan) and record withdrawals, in their area.
        + _perms("participants", ["consent"], ("view", "add", "change"))
        + _perms("participants", ["consentwording"], ("view",))
        + _perms("trainings", ["crafttype", "trainer", "venue", "trainingbatch", "trainingsession"], ("view",))
        + _perms("trainings", ["enrollment", "attendance"], ("view", "add", "change"))
        + _perms("groups", ["businessgroup", "membership", "product", "productphoto"], ("view",))
        + _perms("inventory", ["business", "inventoryvisit", "businesslicence"], ("view", "add", "change"))
        # Officers nominate through their visits; staff curate.
        + _perms("inventory", ["kbli", "curation", "curationstep"], ("view",))
        # At the booth: the sales and buyer leads of their kecamatan's KUBs (accounts.scoping).
        + _perms("exhibitions", ["exhibition", "exhibitionentry"], ("view",))
        + _perms("exhibitions", ["exhibitionsale", "buyerlead"], ("view", "add"))
        + OUTCOMES
    ),
    BANK_LIAISON: (
        # Participants and KUBs: only those referred to their bank (accounts.scoping).
        _perms("participants", ["participant"], ("view",))
        + _perms("groups", ["businessgroup"], ("view",))
        + _perms("financing", ["bank", "documentkind", "kurprogramme", "referraldocument", "jointliability"], ("view",))
        + _perms("financing", ["loanreferral"], ("view", "change"))
        + _perms("financing", ["loanreferralevent"], ("view", "add"))
    ),
    # Not consents: their scans are signed forms and their guardians are named (personal data).
    LEADERSHIP: [perm for perm in _all(("view",)) if perm != ("participants", "view_consent")] + OUTCOMES,
}
