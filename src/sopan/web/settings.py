"""Django settings. Embedded SQLite by default; ``SOPAN_DATABASE_URL`` points at PostgreSQL.

``SOPAN_HOME`` is where the embedded database and uploaded files live (default ``./.sopan``);
``SOPAN_PRODUCTION=1`` turns on the production hardening (secret key from ``SOPAN_SECRET_KEY``).
"""

from __future__ import annotations

import os
import secrets
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path

import dj_database_url

HOME = Path(os.environ.get("SOPAN_HOME", ".sopan")).resolve()
PRODUCTION = os.environ.get("SOPAN_PRODUCTION", "") in ("1", "true", "yes")
DEBUG = os.environ.get("SOPAN_DEBUG", "") in ("1", "true", "yes") and not PRODUCTION


MIN_SECRET_KEY = 50  # what Django's deployment check asks for
_KEY_HINT = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def _secret_key() -> str:
    """From the environment in production (long enough, or sopan stops with a message); otherwise a key kept in
    SOPAN_HOME so sessions survive restarts."""
    value = os.environ.get("SOPAN_SECRET_KEY", "").strip()
    if PRODUCTION:
        if not value:
            raise SystemExit(
                "SOPAN_PRODUCTION diset tetapi SOPAN_SECRET_KEY tidak: beri kunci acak minimal "
                f"{MIN_SECRET_KEY} karakter / SOPAN_PRODUCTION is set but SOPAN_SECRET_KEY is not: give a random key "
                f"of at least {MIN_SECRET_KEY} characters ({_KEY_HINT})"
            )
        if len(value) < MIN_SECRET_KEY or len(set(value)) < 5:
            raise SystemExit(
                f"SOPAN_SECRET_KEY terlalu lemah ({len(value)} karakter): mode produksi memerlukan kunci acak minimal "
                f"{MIN_SECRET_KEY} karakter / SOPAN_SECRET_KEY is too weak ({len(value)} characters): production "
                f"mode needs a random key of at least {MIN_SECRET_KEY} characters "
                f"({_KEY_HINT})"
            )
        return value
    if value:
        return value
    path = HOME / "secret_key"
    if not path.exists():
        HOME.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("SOPAN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",  # for superusers only, at /admin/: the tool for emergencies
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # its Swagger UI files, so the API docs load nothing from a CDN
    "sopan.web.ui",
    "sopan.web.catalog",
    "sopan.web.accounts",
    "sopan.web.cases",
    "sopan.web.office",
    "sopan.web.throttle",
    "sopan.web.monitoring",
    "sopan.web.setelan",
    "sopan.web.lifecycle",
    "sopan.web.authoring",
    "sopan.web.signing",
    "sopan.web.review",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sopan.web.api.edge.ApiEdgeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sopan.web.ui.language.LanguageMiddleware",
    "sopan.web.ui.nul.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sopan.web.office.password_middleware.MustChangePasswordMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sopan.web.ui.security.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "sopan.web.urls"
WSGI_APPLICATION = "sopan.web.wsgi.application"

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
            ]
        },
    }
]


def _databases() -> dict:
    url = os.environ.get("SOPAN_DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60)
    else:
        HOME.mkdir(parents=True, exist_ok=True)
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(HOME / "sopan.sqlite3")}
    if config["ENGINE"] == "django.db.backends.sqlite3":  # Django's SQLite with a leaner BEGIN
        config["ENGINE"] = "sopan.web.sqlite_backend"
    if config["ENGINE"] == "sopan.web.sqlite_backend":
        # IMMEDIATE transactions take the write lock at BEGIN, so concurrent commands queue instead of
        # failing with "database is locked" when a reader upgrades to a writer.
        # WAL lets the server's readers go on while a command writes; synchronous=NORMAL is durable against a
        # crash of sopan (a power cut may lose the last commits, never corrupt the database: those since the last
        # checkpoint, which a thread of each process runs within about a second of a commit, unless a reader
        # still needs the frames: see sqlite_backend.checkpointer). A checkpoint copies the WAL's pages
        # into the database and syncs both; SQLite's own, on the committing connection, comes every 16,000 pages
        # (64 MB of WAL) rather than 1,000:
        # it is the backstop, which lets the log start again under a stream of commits, and a command's pages are
        # mostly the same few (the indexes' right edges, the day's summary rows), copied once per checkpoint
        # however often they were written; a WAL that a long transaction grew past 64 MB is cut back to that
        # after its checkpoint
        config.setdefault("OPTIONS", {}).update(
            {
                "timeout": 30,
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=16000; "
                    "PRAGMA journal_size_limit=67108864;"
                ),
            }
        )
        # a connection kept for a minute: opening one (its pragmas, the schema read anew) cost 1.5 ms a request
        config.setdefault("CONN_MAX_AGE", 60)
        # tests use a file, not shared-cache memory, so that threads lock it the way a server does
        config["TEST"] = {"NAME": str(HOME / "test.sqlite3")}
    return {"default": config}


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's own list; outside production, last, the demo users' cheap hash (sopan.web.accounts.demo_hasher)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    *([] if PRODUCTION else ["sopan.web.accounts.demo_hasher.DemoPasswordHasher"]),
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
MEDIA_ROOT = HOME / "media"
# static files are served by sopan itself (WhiteNoise), straight from the package in development
WHITENOISE_USE_FINDERS = True
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # collectstatic fills it in production
WHITENOISE_AUTOREFRESH = DEBUG
PUBLIC_BASE_URL = os.environ.get("SOPAN_BASE_URL", "")  # e.g. https://sop.example.go.id: the QR codes' address
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "inbox"
LOGOUT_REDIRECT_URL = "catalog"


def _limit(name: str, count: int, seconds: int) -> tuple[int, int]:
    """A limit as ``count/seconds``, from ``SOPAN_THROTTLE_<NAME>`` when set (``SOPAN_THROTTLE_LOGIN_USER=5/900``)."""
    value = os.environ.get("SOPAN_THROTTLE_" + name.upper().replace("-", "_"), "")
    if not value:
        return count, seconds
    try:
        asked_count, _, asked_seconds = value.partition("/")
        return int(asked_count), int(asked_seconds or seconds)
    except ValueError:
        raise SystemExit(
            f"SOPAN_THROTTLE_{name.upper().replace('-', '_')}={value!r}: tulis JUMLAH/DETIK, mis. 5/900 / "
            "write COUNT/SECONDS, e.g. 5/900"
        ) from None


def _trusted_proxies(value: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """``SOPAN_TRUSTED_PROXIES``: the reverse proxies (addresses or networks, comma-separated) whose
    ``X-Forwarded-For`` names the client; none by default, and then the header is never read."""
    try:
        return tuple(ip_network(part.strip(), strict=False) for part in value.split(",") if part.strip())
    except ValueError:
        raise SystemExit(
            f"SOPAN_TRUSTED_PROXIES={value!r}: tulis alamat atau jaringan IP dipisah koma, mis. 127.0.0.1,10.0.0.0/8 / "
            "write IP addresses or networks separated by commas, e.g. 127.0.0.1,10.0.0.0/8"
        ) from None


TRUSTED_PROXIES = _trusted_proxies(os.environ.get("SOPAN_TRUSTED_PROXIES", ""))

# counted in the database before the attempt, so all workers share them (sopan.web.throttle)
THROTTLE_LIMITS = {
    "login-user": _limit("login-user", 5, 15 * 60),  # failed logins for one user name from one address
    "login-address": _limit("login-address", 20, 15 * 60),  # failed logins from one address, any user names
    "login-user-all": _limit("login-user-all", 50, 15 * 60),  # failed logins for one user name from all addresses
    "status-address": _limit("status-address", 20, 60),  # status look-ups from one address
    "verify-address": _limit("verify-address", 20, 60),  # signed-document checks (/v/<code>) from one address
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sopan"}}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "sopan.web.ui.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    # every cookie sopan sets is Secure: the session (and the messages kept with it), CSRF, the language
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("SOPAN_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # exceptions are logged without their text (it may quote personal data): the frames and the type only
    "filters": {"without_exception_text": {"()": "sopan.web.ui.logs.WithoutExceptionText"}},
    "handlers": {"console": {"class": "sopan.web.ui.logs.CurrentStandardError", "filters": ["without_exception_text"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
