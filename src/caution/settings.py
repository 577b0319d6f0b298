"""The one settings file. Everything an installation changes is read from the environment;
docs/operators/settings.md lists every variable."""

import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from caution.lib.env import envbool, envint, envlist, envstr
from caution.lib.storage import LOCAL, private_storage

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(envstr("CAUTION_DATA_DIR", str(Path.cwd() / "data"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    key = envstr("SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

# The policy profile this installation runs: one of src/caution/policy/profiles/*.toml.
CAUTION_PROFILE = envstr("CAUTION_PROFILE", "harborough")
# The address staff reach the service at, for links in e-mails.
CAUTION_BASE_URL = envstr("CAUTION_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Largest evidence file accepted, in megabytes.
CAUTION_EVIDENCE_MAX_MB = envint("CAUTION_EVIDENCE_MAX_MB", 20)
# CCTV and body-camera footage (mp4, webm) may be this large.
CAUTION_VIDEO_MAX_MB = envint("CAUTION_VIDEO_MAX_MB", 100)
# ClamAV's daemon (its Unix socket, e.g. /run/clamav/clamd.ctl): every evidence file is
# scanned through it, and refused while it cannot answer. Empty: no virus scan.
CLAMD_SOCKET = envstr("CLAMD_SOCKET")
# Letters to the person (docs/user/letters.md): the council's postal address, one line per
# "|", its logo (a PNG, JPEG or SVG file) and a telephone or e-mail line for the letterhead.
CAUTION_COUNCIL_ADDRESS = [
    line.strip() for line in envstr("CAUTION_COUNCIL_ADDRESS", "").split("|") if line.strip()
]
CAUTION_COUNCIL_LOGO = envstr("CAUTION_COUNCIL_LOGO")
# The council's policy document (a PDF), enclosed with letters that say it is (000 §8.7);
# empty: a summary rendered from the policy profile.
CAUTION_POLICY_PDF = envstr("CAUTION_POLICY_PDF")
CAUTION_COUNCIL_CONTACT = envstr("CAUTION_COUNCIL_CONTACT")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "caution",
    "caution.policy",
    "caution.audit",
    "caution.accounts",
    "caution.privacy",
    "caution.people",
    "caution.register",
    "caution.incidents",
    "caution.notifications",
    "caution.letters",
    "caution.outbox",
    "caution.reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "caution.accounts.sessions.SessionRenewalMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "caution.accounts.sessions.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "caution.accounts.middleware.LoginRequiredMiddleware",
    "caution.accounts.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "caution.accounts.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "caution.urls"
WSGI_APPLICATION = "caution.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "caution.context_processors.service",
            ],
        },
    },
]

# Connections are kept open between requests (opening a PostgreSQL connection costs each
# request about 10 ms of CPU and round trips, docs/performance.md) and checked when a request
# first reuses one, so that one dropped by a restarted database server is replaced instead of
# failing the request.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{DATA_DIR / 'caution.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read while the other writes. A 64 MB page
    # cache, not SQLite's 2 MB, keeps a large register's match key index in memory: it
    # halves the time to import one (docs/performance.md).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# RoleBackend is Django's ModelBackend with permissions answered from the user's roles, in
# one query per request (accounts/roles.py). A backend added for single sign-on should
# answer no permissions itself, or every refused permission would query again.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "caution.accounts.roles.RoleBackend",
    # Single sign-on: signs in no one unless OIDC_ISSUER and OIDC_CLIENT_ID are set.
    "caution.accounts.oidc.OidcBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed sign-ins: five in a row locks the account and address for 30 minutes.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions end after 30 minutes without a request, and when the browser closes. The expiry
# is renewed at most once a minute (accounts/sessions.py), not saved on every request.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 30) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# However busy, a session ends this many hours after sign-in (accounts/sessions.py).
SESSION_MAX_HOURS = envint("SESSION_MAX_HOURS", 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Behind HTTPS (every real installation), cookies are secure and browsers are told to stay on
# HTTPS. The demo on http://127.0.0.1 runs with CAUTION_HTTPS unset.
HTTPS = envbool("CAUTION_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and envbool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading is the domain owner's decision (it binds every subdomain), so it is opt-in.
SECURE_HSTS_PRELOAD = HTTPS and envbool("SECURE_HSTS_PRELOAD", False)
if envbool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# `caution serve` (waitress) reads the scheme and the client's address from the proxy's
# X-Forwarded-Proto and X-Forwarded-For only when the request comes from this address;
# from anyone else those headers are dropped, so they cannot be forged.
TRUSTED_PROXY = envstr("CAUTION_TRUSTED_PROXY").strip()
TRUSTED_PROXY_HEADERS = envlist(
    "CAUTION_TRUSTED_PROXY_HEADERS", "x-forwarded-proto,x-forwarded-for"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Private files (evidence, letter PDFs): `local`, a folder in the data folder, or `s3`, an
# S3-compatible bucket that several machines share (docs/operators/deployment.md).
CAUTION_STORAGE = envstr("CAUTION_STORAGE", LOCAL).strip().lower()
STORAGES = {
    "default": private_storage(
        CAUTION_STORAGE,
        folder=DATA_DIR / "private",
        bucket=envstr("AWS_STORAGE_BUCKET_NAME"),
        endpoint_url=envstr("AWS_S3_ENDPOINT_URL"),
        region=envstr("AWS_S3_REGION_NAME"),
        access_key=envstr("AWS_ACCESS_KEY_ID"),
        secret_key=envstr("AWS_SECRET_ACCESS_KEY"),
        acl=envstr("AWS_DEFAULT_ACL"),
        prefix=envstr("AWS_LOCATION"),
    ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# `caution backup` and `caution restore` on PostgreSQL: the folder holding pg_dump and
# pg_restore, no older than the server's version. Empty: found on the PATH, else the newest
# of Debian's /usr/lib/postgresql/*/bin.
CAUTION_PG_BIN = envstr("CAUTION_PG_BIN")
# Static files are served straight from the package, so nothing needs collecting to run;
# `caution collectstatic` makes compressed copies for production.
WHITENOISE_USE_FINDERS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "caution-register@localhost")
if envbool("EMAIL_TO_CONSOLE", False):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The outbox (docs/operators/webhooks.md, docs/adr/0007-outbox.md): how long one send may
# take, how long a worker's claim on a message lasts (longer than any send), and retries.
OUTBOX_SEND_TIMEOUT_SECONDS = envint("OUTBOX_SEND_TIMEOUT_SECONDS", 10)
# Hosts webhooks may reach although they are on a private, loopback or link-local address
# (a system on the council's own network, the outgoing proxy): outbox/addresses.py.
CAUTION_WEBHOOK_ALLOWED_HOSTS = envlist("CAUTION_WEBHOOK_ALLOWED_HOSTS", "")
EMAIL_TIMEOUT = OUTBOX_SEND_TIMEOUT_SECONDS
OUTBOX_LEASE_SECONDS = envint("OUTBOX_LEASE_SECONDS", 120)
OUTBOX_MAX_ATTEMPTS = envint("OUTBOX_MAX_ATTEMPTS", 12)
OUTBOX_RETRY_SECONDS = envint("OUTBOX_RETRY_SECONDS", 60)
OUTBOX_RETRY_MAX_SECONDS = envint("OUTBOX_RETRY_MAX_SECONDS", 6 * 3600)
# Sent messages (a letter's e-mail holds the letter) and their delivery log are kept this long.
OUTBOX_KEEP_DAYS = envint("OUTBOX_KEEP_DAYS", 30)
# GOV.UK Notify, off unless a key is set: e-mails (through one template with ((subject))
# and ((body))) and precompiled PDF letters then go through Notify instead of SMTP.
GOVUK_NOTIFY_API_KEY = envstr("GOVUK_NOTIFY_API_KEY")
GOVUK_NOTIFY_EMAIL_TEMPLATE_ID = envstr("GOVUK_NOTIFY_EMAIL_TEMPLATE_ID")
GOVUK_NOTIFY_BASE_URL = envstr("GOVUK_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")

# Logs carry no personal data: requests are logged without query strings or bodies, and
# error reports never include POST data (see caution.accounts.middleware).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "filters": {"forbidden_in_one_line": {"()": "caution.lib.privacy.ForbiddenInOneLine"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint logs each step of every letter it renders.
        "weasyprint": {"level": "WARNING"},
        "django.request": {"filters": ["forbidden_in_one_line"]},
    },
}
DEFAULT_EXCEPTION_REPORTER_FILTER = "caution.lib.privacy.NoPersonalDataExceptionReporterFilter"

# Single sign-on with OpenID Connect (docs/operators/sso.md): off unless OIDC_ISSUER and
# OIDC_CLIENT_ID are set. The provider's endpoints come from its discovery document.
OIDC_ISSUER = envstr("OIDC_ISSUER")
OIDC_RP_CLIENT_ID = envstr("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = envstr("OIDC_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = envstr("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = envstr("OIDC_SCOPES", "openid profile email")
OIDC_PROVIDER_NAME = envstr("OIDC_PROVIDER_NAME", "your council account")
OIDC_GROUPS_CLAIM = envstr("OIDC_GROUPS_CLAIM", "groups")
# "group-id=role,group-id=role": a directory group whose members are given a role when
# their account is made at their first sign-in. Checked at start (accounts/oidc.py).
OIDC_GROUP_ROLES = envlist("OIDC_GROUP_ROLES", "")
OIDC_TIMEOUT = envint("OIDC_TIMEOUT_SECONDS", 10)
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
LOGIN_REDIRECT_URL_FAILURE = "sso_refused"
# Local username and password sign-in; an installation with SSO may turn it off.
CAUTION_PASSWORD_SIGN_IN = envbool("CAUTION_PASSWORD_SIGN_IN", True)
if not CAUTION_PASSWORD_SIGN_IN and not (OIDC_ISSUER and OIDC_RP_CLIENT_ID):
    raise ImproperlyConfigured(
        "CAUTION_PASSWORD_SIGN_IN=false needs single sign-on: set OIDC_ISSUER and OIDC_CLIENT_ID"
    )

# A second factor (docs/user/second-factor.md): the roles whose local accounts must sign in
# with an authenticator app's code. Everyone but reporters, report-only users and partners by
# default.
CAUTION_2FA_ROLES = envlist(
    "CAUTION_2FA_ROLES",
    "manager,register_officer,panel_member,decision_maker,data_protection_officer,"
    "councillor,administrator",
)
OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "Caution Register")
# Seconds to wait after a wrong code, doubled with each wrong code in a row.
OTP_TOTP_THROTTLE_FACTOR = 1
