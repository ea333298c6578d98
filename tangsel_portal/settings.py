"""Settings for Tangsel Kreatif, read from the environment.

Defaults suit `make run` on a laptop: SQLite, eager Celery, local-memory cache.
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    return int(os.getenv(name, str(default)))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "1")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off: 50 or more random characters, "
            "e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # django.contrib.admin with the portal's site (tangsel_portal/admin_site.py): who may use it,
    # autocomplete by POST.
    "tangsel_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts.apps.AuditTrailConfig",  # django-auditlog, named in Indonesian
    "accounts",
    "regions",
    "participants",
    "trainings",
    "groups",
    "inventory",
    "exhibitions",
    "financing",
    "reports",
    "records",
    "privacy",
    "security",
    "demo",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer (settings below).
    "csp.middleware.CSPMiddleware",
    "security.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the rest, so it sees the final answer: the portal's error pages even with DEBUG on.
    "tangsel_portal.errors.PortalErrorPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tangsel_portal.middleware.IndonesianByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The security event log: the request its hooks see, and every 403 / 404 on a record.
    "security.middleware.SecurityEventMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Sessions end after SESSION_IDLE_SECONDS idle and SESSION_ABSOLUTE_SECONDS in all; then
    # the second factor (accounts/middleware.py, README "Signing in").
    "accounts.middleware.SessionLimitsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "tangsel_portal.urls"
WSGI_APPLICATION = "tangsel_portal.wsgi.application"
ASGI_APPLICATION = "tangsel_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.role",
                "records.context_processors.dpo",
                "privacy.context_processors.rights_due",
            ],
            # {% load formats %}: how amounts of money are written (core is no app, so it is named here).
            # {% load rows %}: row links and days written cheaply in long lists (core/rows.py).
            "libraries": {"formats": "core.formats", "rows": "core.rows"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a lock instead of failing at once; IMMEDIATE so that a write
    # transaction takes the lock up front (SQLite's stand-in for row locks).
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles any query its planner estimates as costly; the correlated
    # subqueries of a roster (83 rows, 20 ms of work) were estimated at millions and spent
    # 3 s compiling (bench/README.md, "pages"). The portal's queries are small: no JIT.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if os.getenv("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.getenv("TEST_DATABASE_NAME")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
# A role-aware redirect: field officers land on their work list (inventory.views.start).
LOGIN_REDIRECT_URL = "inventory:start"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Offline: the 30,000 most frequent passwords of a breach corpus, shipped by zxcvbn (MIT).
    {"NAME": "accounts.validators.BreachedPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # Files in MEDIA_ROOT are never published; their URLs go through /berkas/ (tangsel_portal/files.py).
    "default": {"BACKEND": "core.files.PrivateMediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploaded images (core.uploads) larger than these are refused.
TANGSEL_IMAGE_MAX_MB = envint("IMAGE_MAX_MB", 10)
TANGSEL_IMAGE_MAX_MEGAPIXELS = envint("IMAGE_MAX_MEGAPIXELS", 40)
# Scanned licences and certificates (PDF or photo), core.uploads.SafeDocumentField.
TANGSEL_DOCUMENT_MAX_MB = envint("DOCUMENT_MAX_MB", 10)
# Certificates that expire within this many days are listed for staff (inventory).
TANGSEL_LICENCE_EXPIRY_DAYS = envint("LICENCE_EXPIRY_DAYS", 60)
# The contact the public catalogue gives buyers: the department's, never a participant's.
TANGSEL_CATALOGUE_CONTACT = os.getenv(
    "CATALOGUE_CONTACT", "Bidang Perindustrian, Disperindag Kota Tangerang Selatan (hubungi kantor dinas)"
)

# Django's form renderer with <select> and <input> written in Python (the same HTML, fewer templates).
FORM_RENDERER = "core.forms_renderer.PortalFormRenderer"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Redis serves as Celery broker and cache; without it tasks run in-process.
REDIS_URL = os.getenv("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULE = {
    "recompute-group-statuses": {
        "task": "groups.tasks.groups_recompute_all",
        "schedule": 6 * 60 * 60,
    },
    "exports-sweep": {
        "task": "reports.tasks.exports_sweep",
        "schedule": 60 * 60,
    },
    # The recycle bin (records.recycle): items past RECYCLE_BIN_DAYS are destroyed.
    "recycle-purge-expired": {
        "task": "records.tasks.recycle_purge_expired",
        "schedule": crontab(minute=30, hour=2),
    },
    "security-events-purge": {
        "task": "security.tasks.security_events_purge",
        "schedule": crontab(minute=30, hour=2),
    },
    # CELERY_TIMEZONE is the portal's (WIB): 06:00 on the 1st, the report of the month just ended.
    "monthly-report": {
        "task": "reports.tasks.monthly_report_make",
        "schedule": crontab(minute=0, hour=6, day_of_month=1),
    },
    # Personal data past its retention period (TANGSEL_RETENTION_YEARS) is anonymised at 02:00 WIB.
    "retention-sweep": {
        "task": "privacy.tasks.retention_sweep",
        "schedule": crontab(minute=0, hour=2),
    },
}
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Auditlog: record who changed what. Which fields are masked comes from the privacy registry
# (core.audit.register): NIK, phone and address by this mask; loan amounts and referral notes
# are withheld whole ("(disembunyikan)", core.privacy.mask_withheld).
AUDITLOG_MASK_CALLABLE = "core.privacy.mask_value"
AUDITLOG_DISABLE_REMOTE_ADDR = True

# Program rules (DESIGN.md); each may be overridden per deployment.
TANGSEL_KUB_SIZE = envint("KUB_SIZE", 10)
TANGSEL_COMPLETION_THRESHOLD = float(os.getenv("COMPLETION_THRESHOLD", "0.75"))
TANGSEL_REAL_ENTREPRENEUR_WINDOW_DAYS = envint("REAL_ENTREPRENEUR_WINDOW_DAYS", 365)
# A business not visited for this long comes first on the field officer's work list.
TANGSEL_VISIT_OVERDUE_DAYS = envint("VISIT_OVERDUE_DAYS", 90)
# Statement timeouts on PostgreSQL (core/db.py): a web request's query is cancelled before
# gunicorn's 30-second timeout kills the worker; background jobs get a longer limit.
TANGSEL_WEB_STATEMENT_TIMEOUT_MS = envint("WEB_STATEMENT_TIMEOUT_MS", 20_000)
TANGSEL_JOB_STATEMENT_TIMEOUT_MS = envint("JOB_STATEMENT_TIMEOUT_MS", 15 * 60_000)
# Lists count at most this many rows (core/pagination.py); above it they say "more than".
TANGSEL_LIST_COUNT_CAP = envint("LIST_COUNT_CAP", 10_000)
TANGSEL_ENTREPRENEUR_TARGET = 0.40
TANGSEL_POPULATION_TARGET = 0.02
# Exports (reports/exports): up to this many rows download at once, more run in the background;
# files are kept this many days; a background run older than the timeout counts as dead.
TANGSEL_EXPORT_SYNC_LIMIT = envint("EXPORT_SYNC_LIMIT", 5000)
TANGSEL_EXPORT_KEEP_DAYS = envint("EXPORT_KEEP_DAYS", 7)
TANGSEL_EXPORT_RUN_TIMEOUT = envint("EXPORT_RUN_TIMEOUT", 30 * 60)
# Retention (UU 27/2022 Pasal 43): years each kind of personal data is kept after its purpose
# ended, each overridable by RETENTION_<KIND>_YEARS; privacy.tasks.retention_sweep applies them.
# participant: a participant with no activity (record, training, KUB, visit, referral) for that long
# is anonymised; referral_documents: scans of referrals closed or rejected that long ago are
# deleted; consent_scans: the scan of a consent withdrawn that long ago is deleted.
TANGSEL_RETENTION_YEARS = {
    kind: envint(f"RETENTION_{kind.upper()}_YEARS", years)
    for kind, years in {"participant": 5, "referral_documents": 5, "consent_scans": 5}.items()
}
# Imports (/laporan/impor/): files above this many rows are checked and applied by a Celery job.
TANGSEL_IMPORT_SYNC_LIMIT = envint("IMPORT_SYNC_LIMIT", 500)
TANGSEL_IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
DEMO_PASSWORD = os.getenv("DEMO_PASSWORD", "tangsel-demo")

# Personal data (UU 27/2022; README "Privacy records and the recycle bin").
# Deleted participants, KUBs, businesses, batches and referrals stay this many days in the
# recycle bin (/sampah/) before they are destroyed.
RECYCLE_BIN_DAYS = envint("RECYCLE_BIN_DAYS", 30)
# Years each kind of data is kept, shown in the record of processing (/privasi/ropa/). The
# kinds the retention sweep applies come from TANGSEL_RETENTION_YEARS above, so the record
# states the periods the portal enforces; the others are stated, not yet swept.
RETENTION_YEARS = {
    "participant": TANGSEL_RETENTION_YEARS["participant"],
    "referral": TANGSEL_RETENTION_YEARS["referral_documents"],
    "business": envint("RETENTION_BUSINESS_YEARS", 5),
    "photo": envint("RETENTION_PHOTO_YEARS", 2),
    "audit": envint("RETENTION_AUDIT_YEARS", 5),
}
# The data protection officer (Pasal 53), named in the footer of every page.
DPO_NAME = os.getenv("DPO_NAME", "Pejabat Pelindungan Data Pribadi, Disperindag Kota Tangerang Selatan")
DPO_EMAIL = os.getenv("DPO_EMAIL", "ppdp.disperindag@tangerangselatankota.go.id")
DPO_PHONE = os.getenv("DPO_PHONE", "(021) 5370 2300")
# The authority breach notices are addressed to (Pasal 46).
DATA_PROTECTION_AUTHORITY = os.getenv("DATA_PROTECTION_AUTHORITY", "Lembaga Pelindungan Data Pribadi")

# Security: strict by default when DEBUG is off.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): only the portal's own files run and style it; no inline
# script, no on...= attribute, no style="" (static/js, static/css). The one inline <style>, of
# the bare 500 page, carries the request's nonce. Violations are reported to the security
# event log (security.views.csp_report).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": "/keamanan/csp-laporan/",
    }
}
# Browser features the portal does not use are off; geolocation stays for the visit form.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(self), payment=(), usb=()"
# The security event log (security.models) holds IP addresses: kept this long, then purged.
SECURITY_EVENT_RETENTION_DAYS = envint("SECURITY_EVENT_RETENTION_DAYS", 365)
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "1")

# The portal's own error pages (tangsel_portal/errors.py), also when DEBUG is on; a developer
# who wants Django's technical pages back sets TECHNICAL_ERROR_PAGES=1.
TECHNICAL_ERROR_PAGES = envbool("TECHNICAL_ERROR_PAGES", "0")
CSRF_FAILURE_VIEW = "tangsel_portal.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Any 16-digit number (a NIK) in a log line is masked: 3674********0001; a 4xx is one line.
    "filters": {
        "mask_nik": {"()": "core.logging.MaskNikFilter"},
        "one_line_client_errors": {"()": "tangsel_portal.errors.OneLineClientErrors"},
    },
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["one_line_client_errors", "mask_nik"]},
        # runserver's request log, as Django sets it up, with the mask.
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["mask_nik"]},
    },
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    # Django's own "django" handlers would print its records a second time through root.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.db.backends": {"level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

# Signing in (README "Signing in"). django-axes locks a username after repeated failures;
# accounts.login_throttle slows down an address that fails on many usernames, and logs
# every failure, lock and refusal. Password-reset mail goes out through EMAIL_URL.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # axes wants to be last
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 15))
# Lock the username only: one office shares one NAT address. axes warns (W006) that no
# address is locked; the address has its own, higher limit below (TANGSEL_LOGIN_ADDRESS_*).
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# A lock lasts its time from the failure that set it; attempts during it do not prolong it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "accounts.login_throttle.PortalAxesHandler"
AXES_LOCKOUT_CALLABLE = "accounts.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.login_throttle.client_address"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
# axes stores and looks up a keyed hash of the typed username, never the text (a username may
# be a NIK or an e-mail address): AccessAttempt.username holds the hash.
AXES_USERNAME_CALLABLE = "accounts.login_throttle.axes_username"
# Locks are seen and lifted on the user admin (in Indonesian); successful logins are not stored.
AXES_ENABLE_ADMIN = False
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
TANGSEL_LOGIN_ADDRESS_FAILURE_LIMIT = envint("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
TANGSEL_LOGIN_ADDRESS_WINDOW = timedelta(minutes=envint("LOGIN_ADDRESS_WINDOW_MINUTES", 15))
TANGSEL_LOGIN_ADDRESS_BLOCK_SECONDS = envint("LOGIN_ADDRESS_BLOCK_SECONDS", 60)
TANGSEL_LOGIN_ADDRESS_BLOCK_MAX_SECONDS = envint("LOGIN_ADDRESS_BLOCK_MAX_SECONDS", 900)
# Behind the TLS proxy of production the client's address is in X-Forwarded-For.
TANGSEL_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0 if DEBUG else 1)
# accounts.login writes the portal's own lines; axes' would repeat them with the username masked.
LOGGING["loggers"]["axes"] = {"level": "ERROR"}

# The second factor (django-otp, TOTP with recovery codes): required for these roles; a user of
# another role who has enrolled is asked too. With DEBUG off a deploy check refuses a list
# without Admin, Staf and bank liaisons (accounts/checks.py).
OTP_REQUIRED_ROLES = envlist("OTP_REQUIRED_ROLES", "Admin,Staf Disperindag,Mitra bank")
OTP_TOTP_ISSUER = os.getenv("OTP_TOTP_ISSUER", "Tangsel Kreatif")
# Wrong codes: each further try waits 1, 2, 4, 8 … seconds (django-otp's throttle).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
TANGSEL_RECOVERY_CODE_COUNT = 10
# After an admin's reset the user enrols a new app only with the one-time code the admin was
# shown (accounts.models.EnrolmentCode): valid this long, void after this many wrong tries.
TANGSEL_ENROLMENT_CODE_HOURS = envint("OTP_ENROLMENT_CODE_HOURS", 72)
TANGSEL_ENROLMENT_CODE_MAX_FAILURES = 5
# Sessions: 30 minutes idle, 12 hours in all (accounts.middleware.SessionLimitsMiddleware). The
# cookie and the stored session live as long as the absolute limit; the last activity is
# written at most once a minute, not on every request.
TANGSEL_SESSION_IDLE_SECONDS = envint("SESSION_IDLE_MINUTES", 30) * 60
TANGSEL_SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_HOURS", 12) * 3600
TANGSEL_SESSION_ACTIVITY_RESOLUTION = 60
SESSION_COOKIE_AGE = TANGSEL_SESSION_ABSOLUTE_SECONDS

EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def email_settings(url: str) -> dict:
    """Django's e-mail settings from one URL: `smtp://user:password@host:587?tls=1`,
    `smtps://…:465` (implicit TLS), `console://`, `file:///var/mail/tangsel`, `locmem://`."""
    parts = urlsplit(url)
    if parts.scheme not in EMAIL_BACKENDS:
        raise ImproperlyConfigured(f"EMAIL_URL: unknown scheme {parts.scheme!r}; use one of {sorted(EMAIL_BACKENDS)}.")
    out = {"EMAIL_BACKEND": EMAIL_BACKENDS[parts.scheme]}
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if parts.scheme.startswith("smtp"):
        use_ssl = parts.scheme == "smtps" or query.get("ssl", "0").lower() in ("1", "true", "yes", "on")
        use_tls = query.get("tls", "0").lower() in ("1", "true", "yes", "on")
        if use_ssl and use_tls:
            raise ImproperlyConfigured(
                "EMAIL_URL: choose tls=1 (STARTTLS) or smtps:// / ssl=1 (implicit TLS), not both."
            )
        out.update(
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or (465 if use_ssl else 587 if use_tls else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=use_tls,
            EMAIL_USE_SSL=use_ssl,
            EMAIL_TIMEOUT=int(query.get("timeout", "10")),
        )
    elif parts.scheme == "file":
        out["EMAIL_FILE_PATH"] = parts.path or str(BASE_DIR / "sent-mail")
    return out


# EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS/SSL, …
globals().update(email_settings(os.getenv("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "Tangsel Kreatif <webmaster@localhost>")
