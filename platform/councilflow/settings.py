"""Councilflow settings, read from the environment with safe local defaults.

SQLite under var/ needs no setup; DATABASE_URL selects PostgreSQL in production and CI.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("COUNCILFLOW_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# --- Run mode (issue #14 item 11) -------------------------------------------------------------
# Off unless a clearly local mode is chosen: a deployment that forgets every variable gets production
# behaviour (no yellow debug pages, secure cookies, SECRET_KEY required), never the debug server.
# COUNCILFLOW_ENV=local (set by `make run` and by the test settings) turns DEBUG on; DEBUG=0/1 overrides.
COUNCILFLOW_ENV = os.environ.get("COUNCILFLOW_ENV", "production").strip().lower()
LOCAL_MODE = COUNCILFLOW_ENV == "local"
DEBUG = env_bool("DEBUG", LOCAL_MODE)
SECRET_KEY = os.environ.get("SECRET_KEY") or ("local-development-only-not-secret" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off (or choose COUNCILFLOW_ENV=local for a local run)")
# Friendly 404/500 pages (GOV.UK style for residents, officer style under /work/ and /admin/): councilflow/error_views.py
# --- end run mode ----------------------------------------------------------------------------------
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "viewflow",
    "viewflow.workflow",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "councils",
    "form_definitions",
    "workflows",
    "casework",
    "connectors",
    "portal",
    "reporting",
    "sharing",
    "api",
    "admin_ext",
    "django_htmx",
    "identity",  # issue 20: single sign-on (OpenID Connect), claim mapping, MFA
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "demodata",  # issue 22 layering: load_demo / seed_cases moved here from councils and casework (top layer)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "identity.middleware.StaffSignInMiddleware",  # MFA for privileged password sessions; password sign-in off
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx for the studio's partial refreshes
]

ROOT_URLCONF = "councilflow.urls"
WSGI_APPLICATION = "councilflow.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "platform" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'councilflow.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the worker and the web server share the file; the wait avoids "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # Covering indexes (INCLUDE) are for PostgreSQL; SQLite builds them as plain indexes, which is fine.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
# Each test run gets its own database (by process id), so parallel runs never share one.
_TEST_RUN = os.environ.get("COUNCILFLOW_TEST_RUN", str(os.getpid()))
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so tests can hand the database to a second OS process (worker, fresh shell).
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-councilflow-{_TEST_RUN}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default'].get('NAME') or 'councilflow'}_{_TEST_RUN}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "identity.backends.CouncilflowOIDCBackend",  # declines everything unless SSO is configured below
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: residents never log in, so no anonymous user row
GUARDIAN_RAISE_403 = False

# --- Staff login lockout and password rules (issue #14 item 9; docs/security.md) -----
# django-axes counts failed sign-ins on /accounts/login/ and /admin/login/ (both go through authenticate()).
# After AXES_FAILURE_LIMIT failures for one username from one address, that pair is refused (HTTP 429)
# until AXES_COOLOFF_MINUTES pass, even with the right password. The pair, not the username alone, so an
# outsider cannot lock officers out by typing their names; the address is the one the rate limits use.
INSTALLED_APPS.append("axes")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as axes asks
AUTHENTICATION_BACKENDS.insert(
    0, "axes.backends.AxesStandaloneBackend"
)  # first, so a locked pair never reaches ModelBackend
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "portal.ratelimit.client_address"  # honours TRUSTED_PROXY_COUNT
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ADMIN = False  # its attempt lists are not council-scoped; superusers use `manage.py axes_reset`
AXES_VERBOSE = False
AXES_WHITELIST_CALLABLE = "identity.lockout.sso_callback_exempt"  # SSO refusals are not password guesses
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("PASSWORD_MIN_LENGTH", "12"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# --- end staff login ------------------------------------------------------------------------------------

# --- Staff single sign-on and MFA (issue 20; docs/identity.md, docs/operations.md) ----------------------
# OpenID Connect through mozilla-django-oidc. SSO is on when OIDC_RP_CLIENT_ID and OIDC_ISSUER are set; the
# provider's endpoints come from its discovery document unless an OIDC_OP_* variable names one.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip()
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "your council account")
OIDC_GROUPS_CLAIMS = [c.strip() for c in os.environ.get("OIDC_GROUPS_CLAIMS", "groups,roles").split(",") if c.strip()]
for _endpoint in ("AUTHORIZATION", "TOKEN", "USER", "JWKS", "LOGOUT"):
    if os.environ.get(f"OIDC_OP_{_endpoint}_ENDPOINT"):
        globals()[f"OIDC_OP_{_endpoint}_ENDPOINT"] = os.environ[f"OIDC_OP_{_endpoint}_ENDPOINT"]
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # for the provider's end-session call (id_token_hint) at sign-out
OIDC_AUTHENTICATION_CALLBACK_URL = "identity:sso_callback"
OIDC_OP_LOGOUT_URL_METHOD = "identity.logout.logout_url_for"
OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT_SECONDS", "10"))
OIDC_LINK_BY_EMAIL = env_bool("OIDC_LINK_BY_EMAIL", True)  # an existing account with the same email is reused
# Where SSO is configured, PASSWORD_SIGN_IN=0 removes the password form (and the admin's) altogether.
PASSWORD_SIGN_IN_ENABLED = env_bool("PASSWORD_SIGN_IN", True)
# Password sessions of admins, designers and other staff with admin pages need a TOTP code (django-otp).
MFA_REQUIRED = env_bool("MFA_REQUIRED", True)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Councilflow")
# --- end staff single sign-on and MFA -------------------------------------------------------------------

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/work/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS: list = [
    d for d in [BASE_DIR / "platform" / "static", BASE_DIR / "node_modules" / "govuk-frontend" / "dist"] if d.exists()
]
# npm packages the studio and the map questions use, served under a prefix (installed by `make`; see package.json)
STATICFILES_DIRS += [
    (prefix, path)
    for prefix, path in [
        ("studio/vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
        ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),  # map location questions
    ]
    if path.exists()
]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "uploads"))

# Payload limits: a resident form or an inbound webhook never needs more than this.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", 10 * 1024 * 1024))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@councilflow.local")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}

# Signed resident links (tracking, magic links) expire after this many days.
TRACKING_LINK_MAX_AGE_DAYS = int(os.environ.get("TRACKING_LINK_MAX_AGE_DAYS", "90"))
# Resident portal: attempts per hour per client IP and per email address before a 429 (portal/ratelimit.py).
PORTAL_RATE_LIMITS = {
    "submit_ip": int(os.environ.get("PORTAL_SUBMIT_PER_IP_HOUR", "30")),
    "submit_email": int(os.environ.get("PORTAL_SUBMIT_PER_EMAIL_HOUR", "10")),
    "link_ip": int(os.environ.get("PORTAL_LINK_PER_IP_HOUR", "20")),
    "link_email": int(os.environ.get("PORTAL_LINK_PER_EMAIL_HOUR", "3")),
}

# --- Rate limits and proxies (issue #14 item 8; docs/security.md) ----------------
# The counts live in CACHES["default"]: with DEBUG off it must be shared (REDIS_URL), or the check portal.E001
# fails. TRUSTED_PROXY_COUNT: how many reverse proxies / load balancers sit in front of the web workers, each
# appending to X-Forwarded-For; 0 (default) uses the socket peer (REMOTE_ADDR) and ignores the header.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# --- end rate limits and proxies -----------------------------------------------------------------------

# Connectors (docs/connectors.md): retry backoff, stuck-row release, inbound webhooks, Celery scale-out.
CONNECTOR_BACKOFF_BASE_SECONDS = float(os.environ.get("CONNECTOR_BACKOFF_BASE_SECONDS", "2"))
CONNECTOR_BACKOFF_MAX_SECONDS = float(os.environ.get("CONNECTOR_BACKOFF_MAX_SECONDS", "3600"))
CONNECTOR_STUCK_AFTER_SECONDS = float(os.environ.get("CONNECTOR_STUCK_AFTER_SECONDS", "600"))
CONNECTOR_WEBHOOK_TOLERANCE_SECONDS = int(os.environ.get("CONNECTOR_WEBHOOK_TOLERANCE_SECONDS", "300"))
CONNECTOR_WEBHOOK_MAX_BYTES = int(os.environ.get("CONNECTOR_WEBHOOK_MAX_BYTES", str(256 * 1024)))
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "councilflow")
CELERY_TASK_IGNORE_RESULT = True

# --- Upload lifecycle and outbound connector guard (docs/security.md)
# Staged files of drafts not saved for this many hours (and not saved for later) are purged by the worker.
DRAFT_MAX_AGE_HOURS = float(os.environ.get("DRAFT_MAX_AGE_HOURS", "24"))
# Connector hosts that may resolve to loopback/private/link-local addresses (comma-separated; empty = none).
CONNECTOR_ALLOWED_HOSTS = [
    h.strip().lower() for h in os.environ.get("CONNECTOR_ALLOWED_HOSTS", "").split(",") if h.strip()
]
# --- end h4

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Content-Security-Policy and Permissions-Policy (issue #14 item 10) -----------------------------
# Scripts only from this site or carrying the per-request nonce (templates: nonce="{{ request.csp_nonce }}"),
# so an injected <script> or onclick= never runs. Styles allow inline: Django's admin change list,
# guardian's permission page and viewflow's SVG diagrams carry inline <style>, which cannot take a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1, "django_permissions_policy.PermissionsPolicyMiddleware"
)
# A page showing a map lets its images come from the council's tile server too (councilflow/csp_extra.py).
MIDDLEWARE.insert(MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1, "councilflow.csp_extra.ImageOriginsMiddleware")
INSTALLED_APPS.append("csp")
# No page of ours uses these browser features; a script that got in cannot either.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "sync-xhr",
        "usb",
        "xr-spatial-tracking",
    )
}
# --- end CSP and Permissions-Policy -----------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {"TITLE": "Councilflow API", "VERSION": "1", "SERVE_INCLUDE_SCHEMA": False}

# --- Input limits and API paging (issue #14 items 6 and 7; docs/security.md) ---
# JSON from outside (API bodies, webhooks, admin JSON fields, packages) is refused with a clear 400 / form
# error past these limits (councilflow/json_limits.py); the top level of a document is depth 1.
JSON_MAX_DEPTH = int(os.environ.get("JSON_MAX_DEPTH", "64"))
JSON_MAX_BYTES = int(os.environ.get("JSON_MAX_BYTES", str(2 * 1024 * 1024)))
# A service package upload; its text is posted back on the bind and confirm steps, so keep it below
# DATA_UPLOAD_MAX_MEMORY_SIZE.
SHARING_PACKAGE_MAX_BYTES = int(os.environ.get("SHARING_PACKAGE_MAX_BYTES", str(2 * 1024 * 1024)))
API_PAGE_SIZE = int(os.environ.get("API_PAGE_SIZE", "50"))
API_MAX_PAGE_SIZE = int(os.environ.get("API_MAX_PAGE_SIZE", "200"))
REST_FRAMEWORK.update(
    {
        "DEFAULT_PARSER_CLASSES": [
            "api.parsers.LimitedJSONParser",
            "rest_framework.parsers.FormParser",
            "rest_framework.parsers.MultiPartParser",
        ],
        "DEFAULT_PAGINATION_CLASS": "api.pagination.CursorPage",
        "PAGE_SIZE": API_PAGE_SIZE,
    }
)
# --- end of input limits and API paging ---

# Spreadsheet exports (django-import-export) escape formulae, so a cell like =HYPERLINK(...) stays text.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# govuk-frontend's stylesheet asks for /assets/...; WhiteNoise serves that folder at the site root.
_GOVUK_DIST = BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
WHITENOISE_ROOT = _GOVUK_DIST if _GOVUK_DIST.exists() else None

# --- Operations (issue 18; docs/operations.md): probes, metrics, worker heartbeat ---------------------------
# /healthz, /readyz and /metrics are answered by ops.probes.ProbeMiddleware ahead of every other middleware
# (so ALLOWED_HOSTS and the HTTPS redirect do not apply to them). django-prometheus times every request.
INSTALLED_APPS += ["django_prometheus", "ops"]
MIDDLEWARE.insert(0, "django_prometheus.middleware.PrometheusBeforeMiddleware")
MIDDLEWARE.insert(0, "ops.probes.ProbeMiddleware")
MIDDLEWARE.append("django_prometheus.middleware.PrometheusAfterMiddleware")
# /metrics is never public: a scraper sends `Authorization: Bearer $METRICS_TOKEN`, or comes from an allowed
# network (comma-separated CIDRs; the address is the one TRUSTED_PROXY_COUNT picks). Locally, loopback may.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_NETWORKS = [
    n.strip()
    for n in os.environ.get("METRICS_ALLOWED_NETWORKS", "127.0.0.1/32,::1/128" if LOCAL_MODE else "").split(",")
    if n.strip()
]
# /readyz: a worker heartbeat older than this makes the web process unready (READYZ_WORKER_REQUIRED=0: not checked).
WORKER_HEARTBEAT_MAX_AGE_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_MAX_AGE_SECONDS", "60"))
READYZ_WORKER_REQUIRED = env_bool("READYZ_WORKER_REQUIRED", True)
# clamd's address, host:port or a unix socket path. Set: every upload is virus-scanned (pending while clamd is down,
# scanned by the worker later) and /readyz checks clamd detects EICAR. Unset: files are kept "unscanned" (docs/security.md).
CLAMAV_ADDRESS = os.environ.get("CLAMAV_ADDRESS", "")
CLAMAV_TIMEOUT = float(os.environ.get("CLAMAV_TIMEOUT", "10"))  # seconds for one scan (a resident waits for it)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A database that does not answer fails /readyz (and a request) in seconds instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
    )
# --- end operations ---------------------------------------------------------------------------------------------

# --- Structured logs and Sentry (issue 18; docs/operations.md) -------------------------------------------------
# One JSON object per line outside local mode (LOG_FORMAT=json|console), each with the request id and council and
# scrubbed of personal data (councilflow/personal_data.py). One line per request (request_finished); addresses
# and user agents are not logged. An upstream X-Request-ID is kept only with LOG_TRUST_REQUEST_ID=1.
from .logging_config import logging_settings, structlog_configure  # noqa: E402

LOG_FORMAT = os.environ.get("LOG_FORMAT", "console" if LOCAL_MODE else "json")
LOGGING = logging_settings(log_format=LOG_FORMAT, level=os.environ.get("LOG_LEVEL", "INFO"))
structlog_configure()
INSTALLED_APPS.append("django_structlog")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_structlog.middlewares.RequestMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_structlog.middlewares.RequestMiddleware") + 1,
    "ops.request_logging.RequestContextMiddleware",
)
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = env_bool("LOG_TRUST_REQUEST_ID", False)
DJANGO_STRUCTLOG_STATUS_START_LOG_LEVEL = 10  # request_started at DEBUG: one INFO line per request
# Sentry only when SENTRY_DSN is set: errors (and SENTRY_TRACES_SAMPLE_RATE of traces), personal data scrubbed.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from .sentry import sentry_init  # noqa: E402

    sentry_init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", COUNCILFLOW_ENV),
        release=os.environ.get("SENTRY_RELEASE", ""),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
# --- end structured logs and Sentry -------------------------------------------------------------------------------

# --- Celery beat (issue 18; docs/operations.md): without run_worker, one `celery beat` schedules the worker's two
# halves onto Celery workers. A message not picked up within its interval expires, so a stopped worker pool does
# not come back to a pile of sweeps; every step is safe to run concurrently (connectors/sweep.py).
CELERY_WORKER_HIJACK_ROOT_LOGGER = (
    False  # Celery's processes log through LOGGING above (JSON lines), not its own format
)
CELERY_SWEEP_SECONDS = float(os.environ.get("CELERY_SWEEP_SECONDS", "5"))
CELERY_DISPATCH_SECONDS = float(os.environ.get("CELERY_DISPATCH_SECONDS", "2"))
CELERY_BEAT_SCHEDULE = {
    "councilflow-sweep": {
        "task": "connectors.worker_sweep",
        "schedule": CELERY_SWEEP_SECONDS,
        "options": {"expires": max(CELERY_SWEEP_SECONDS, 1.0)},
    },
    "councilflow-dispatch": {
        "task": "connectors.deliveries_dispatch",
        "schedule": CELERY_DISPATCH_SECONDS,
        "options": {"expires": max(CELERY_DISPATCH_SECONDS, 1.0)},
    },
}
# --- end Celery beat ---------------------------------------------------------------------------------------------

# --- API machine clients (issue 18; docs/operations.md "API clients") ------------------------------------------
# OAuth2 client credentials (django-oauth-toolkit): POST /api/oauth/token/ gives a bearer token for one council's
# registered client (api.ApiClient), within the scopes it was given, expiring after API_TOKEN_EXPIRE_SECONDS.
# Officers' pages keep session auth (first, so an unauthenticated call still answers 403 as documented).
INSTALLED_APPS.append("oauth2_provider")
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"  # named, so migrations can depend on it
OAUTH2_PROVIDER = {
    "SCOPES": {
        "cases:read": "Read cases, their tasks and the council's services",
        "cases:write": "Create cases and add notes or messages",
        "tasks": "Read and complete tasks",
        "events": "Read the case events feed",
    },
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(os.environ.get("API_TOKEN_EXPIRE_SECONDS", "3600")),
    "OAUTH2_VALIDATOR_CLASS": "api.oauth.CouncilClientValidator",
    # RFC 9700 (OAuth 2.0 Security BCP): only client credentials are used, tokens stored hashed, header-only tokens.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    *REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"],
    "oauth2_provider.contrib.rest_framework.OAuth2Authentication",
]
# Problem-details errors with field paths (api/errors.py); django-filter on list endpoints; Swagger UI and Redoc
# served from drf-spectacular-sidecar's bundled assets (no CDN) at /api/docs/; the schema at /api/schema/.
INSTALLED_APPS += ["django_filters", "drf_spectacular_sidecar"]
REST_FRAMEWORK["EXCEPTION_HANDLER"] = "api.errors.problem_exception_handler"
REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"] = ["django_filters.rest_framework.DjangoFilterBackend"]
SPECTACULAR_SETTINGS.update(
    {
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "OAUTH2_FLOWS": ["clientCredentials"],
        "OAUTH2_TOKEN_URL": "/api/oauth/token/",
        "OAUTH2_SCOPES": OAUTH2_PROVIDER["SCOPES"],
        "COMPONENT_SPLIT_REQUEST": True,
        "DESCRIPTION": "Back-office API: cases, tasks, services, events and webhooks of one council (docs/api.md).",
        "SERVERS": [],
        "ENUM_NAME_OVERRIDES": {
            "AssistedChannelEnum": "api.serializers.ASSISTED",
            "CaseChannelEnum": "casework.models.Channel",
        },
    }
)
# --- end API machine clients ---------------------------------------------------------------------------------------
