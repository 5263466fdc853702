"""Settings for the Network site: one module, read from the environment.

With no environment variable set this is the embedded development setup: SQLite and
the Celery broker under ``VAR_DIR`` (``var/``), email printed to the console, DEBUG on.
Production sets ``DEBUG=0`` with ``SECRET_KEY``, ``DATABASE_URL``, ``REDIS_URL``,
``EMAIL_URL``, ``ALLOWED_HOSTS`` and ``SITE_URL``; the README lists every variable.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file at the top of the checkout fills in what the environment leaves unset and
# overrides nothing; `manage.py runserver` says when one was read (its first line).
ENV_FILE = BASE_DIR / ".env" if (BASE_DIR / ".env").is_file() else None
if ENV_FILE:
    environ.Env.read_env(ENV_FILE, overwrite=False)

# Where the site writes: the embedded database, the broker without Redis, beat's schedule,
# uploads. Each folder is made when first used, never here: the checkout may be read-only.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=True)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise SystemExit(
            "SECRET_KEY is not set: set SECRET_KEY to a long random string when DEBUG=0."
        )
    SECRET_KEY = "development-only-key-never-used-when-DEBUG-is-off"

SITE_NAME = env.str("SITE_NAME", default="Network")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Ours first, so our templates and static files win over the libraries'.
    "blog",
    "forums",
    "network",
    "network.notifications",
    "network.conversations",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Security headers before anything that may answer early (the NUL refusal), so its
    # answers carry them too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "network.middleware.ContentSecurityPolicyMiddleware",
    "network.middleware.RefuseNulMiddleware",
    # An open thread page's "anything new?" answered 304 before the session and the
    # member are read (forums.live).
    "forums.live.UnchangedThreadMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the switcher's cookie, else the browser's Accept-Language
    # (network.language); a member's profile decides below the authentication.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "network.middleware.AuthenticationMiddleware",
    "network.language.MemberLanguageMiddleware",
    # Public pages compressed (see the class): below the CSRF middleware, which forgets
    # on the way out that the page handed out a token, and below WhiteNoise, which
    # serves the static files compressed ahead of time.
    "network.middleware.CompressPublicPagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "network.middleware.SessionActivityMiddleware",
    "network.middleware.SecondFactorMiddleware",
    "network.agreements.AgreementsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "network.urls"
WSGI_APPLICATION = "network.wsgi.application"
FORM_RENDERER = "network.forms_rendering.NetworkFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "network.context_processors.site",
                "blog.context_processors.navigation",
            ],
        },
    },
    {
        # Only the partials named *.jinja (see network/jinja2.py), asked for by name.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "network.jinja2.environment"},
    },
]

# --- Data -------------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker share the file: WAL lets one write while the
    # other reads, and IMMEDIATE transactions wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    if not env.str("DATABASE_URL", default=""):
        # The embedded database: its folder is made when it is first opened (network/sqlite).
        DATABASES["default"]["ENGINE"] = "network.sqlite"
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # Off by default, as in Django: checking a kept connection is a round trip (SELECT 1)
    # on every request, 6 % of a forum page. When PostgreSQL restarts, each worker's
    # next request fails once and the broken connection is closed after it.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=False)
    # Parameters sent apart from the SQL, and statements prepared once a connection has
    # run them PREPARE_THRESHOLD times (Django turns psycopg's preparing off unless told):
    # PostgreSQL then stops planning the same joins on every page, 1.7 ms of a forum page's
    # listing query. Set it empty behind a pooler that cannot keep prepared statements
    # (PgBouncer before 1.21, or in transaction mode without max_prepared_statements).
    threshold = env.str("PREPARE_THRESHOLD", default="5")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=int(threshold) if threshold else None
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "network.User"

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "network.cache.NetworkRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "network",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages for anonymous readers (network/page_cache.py): shared across processes, so
# only with Redis. A publish anywhere makes every cached page stale.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300 if REDIS_URL else 0)

# The site search (issue #10): on PostgreSQL each of a search's statements may run this
# long before it is stopped and the reader asked to narrow the search; one address may
# search this many times a minute.
SEARCH_TIMEOUT_MS = env.int("SEARCH_TIMEOUT_MS", default=500)
SEARCH_PER_MINUTE = env.int("SEARCH_PER_MINUTE", default=30)

# --- Background work (Celery) -----------------------------------------------------

if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A Redis that does not answer (host down, not refusing) fails a request's enqueue in
    # seconds, not the system's TCP timeout: what it enqueues waits in the database for
    # the sweeper (network/notifications/tasks.py).
    #
    # No acknowledgement emulation: with it, a worker holding an unacknowledged message
    # (a retry waiting for its countdown) when Redis went away died of
    # "AttributeError: 'NoneType' object has no attribute 'hostname'" (celery 5.7 closes
    # the connection a second time after kombu has detached it, and restoring the message
    # to Redis then reads the detached settings). Without it, what a worker held when the
    # connection broke is not put back in Redis: the database keeps every email and
    # notification, and the sweepers hand them over again (README, "When something is down").
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "ack_emulation": False}
else:
    # kombu's filesystem transport: a real worker with no broker server to install. Its
    # folders are made when a process first connects (network.celery.NetworkCelery).
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The queue tasks go to and workers take from: deployments (and test runs) sharing one
# Redis keep apart by naming their own.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULER = "network.celery:BeatScheduler"
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-pages": {
        "task": "blog.tasks.publish_scheduled_pages",
        "schedule": 60,
    },
    # Reminders of bookmarks (forums/reminding.py), at most five minutes late.
    "remind-due-bookmarks": {
        "task": "forums.tasks.remind_due_bookmarks",
        "schedule": 5 * 60,
    },
    # Reactions to posts (forums/reacting.py), told once a day, before the daily digest.
    "tell-reactions": {
        "task": "forums.tasks.tell_reactions",
        "schedule": crontab(minute=30, hour=12),
    },
    # Notifications (network/notifications/tasks.py): what waited too long goes out again;
    # digests at 13:00 UTC (morning across the South), the weekly one on Mondays.
    "notifications-sweep": {
        "task": "network.notifications.tasks.sweep",
        "schedule": 120,
    },
    "notifications-daily-digest": {
        "task": "network.notifications.tasks.send_digests",
        "schedule": crontab(minute=0, hour=13),
        "args": ("daily",),
    },
    "notifications-weekly-digest": {
        "task": "network.notifications.tasks.send_digests",
        "schedule": crontab(minute=0, hour=13, day_of_week="mon"),
        "args": ("weekly",),
    },
    # Account emails (network/mail.py): what the broker lost or the mail server did not
    # take goes out again when due; sent ones are forgotten after a week.
    "outgoing-email-sweep": {
        "task": "network.tasks.sweep_outgoing_email",
        "schedule": 120,
    },
    "forget-sent-emails": {
        "task": "network.tasks.forget_sent_emails",
        "schedule": 24 * 60 * 60,
    },
    # Leaving (network/leaving): exports' files go after their week, deletions are carried
    # out when their week of grace ends, IP addresses are forgotten after 30 days.
    "forget-expired-data-exports": {
        "task": "network.leaving.tasks.forget_expired_exports",
        "schedule": 60 * 60,
    },
    "sweep-stale-data-exports": {
        "task": "network.leaving.tasks.sweep_stale_exports",
        "schedule": 5 * 60,
    },
    "carry-out-due-account-deletions": {
        "task": "network.leaving.tasks.carry_out_due_deletions",
        "schedule": 60 * 60,
    },
    "forget-old-ip-addresses": {
        "task": "network.leaving.tasks.forget_old_ip_addresses",
        "schedule": 24 * 60 * 60,
    },
    "clear-expired-sessions": {
        "task": "network.tasks.clear_expired_sessions",
        "schedule": 24 * 60 * 60,
    },
    # Endorsements never confirmed within their link's week, and the addresses they gave.
    "forget-unconfirmed-endorsements": {
        "task": "blog.tasks.forget_unconfirmed_endorsements",
        "schedule": 24 * 60 * 60,
    },
    "poll-partner-feeds": {
        "task": "blog.tasks.poll_partner_feeds",
        "schedule": crontab(minute=7),
    },
}

# --- Email ------------------------------------------------------------------------

# Every email leaves through Celery: the backend Django calls keeps it in the database and
# hands it over on commit; the worker delivers with the backend named by EMAIL_URL.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = "network.mail.CeleryEmailBackend"
NETWORK_DELIVERY_EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH") or str(VAR_DIR / "mail")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts (django-allauth) ------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "network.auth_backends.PasswordBackend",
    "network.auth_backends.AccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# The handle is the username: people sign in with their email address or their handle.
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_VALIDATORS = "network.handles.HANDLE_VALIDATORS"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# A signed-in member sent to sign in (say, by the admin they may not use) sees the form
# and the reason, instead of bouncing between the admin and the sign-in page.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = SITE_URL.split("://", 1)[0]
ACCOUNT_ADAPTER = "network.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "network.forms.LoginForm", "signup": "network.forms.SignupForm"}
# Emails tell the owner when their password or email address changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# allauth's rate limits count in the cache (and allow while it cannot be reached:
# network/cache.py), at its defaults except these. Password-reset
# emails: 3 an hour to one address, 20 an hour from one place (allauth: 5 and 20 a minute).
# Failed sign-ins: 10 a minute from one place, as allauth has it; per account, handle and
# email together, network.sign_in counts them, so allauth's count per login typed is off.
ACCOUNT_RATE_LIMITS = {
    "reset_password": "20/h/ip,3/h/key",
    "login_failed": "10/m/ip",
}
# While too many wrong passwords pause an account's sign-in, its owner still gets in by
# resetting the password (network.sign_in).
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True

# Two-factor sign-in with an authenticator app or a passkey, and passkeys alone
# (passwordless). allauth asks the browser for the relying party's id from the host of the
# request; WebAuthn itself refuses anything but https and http://localhost (or 127.0.0.1).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_FORMS = {
    "add_webauthn": "network.passkeys.AddPasskeyForm",
    "edit_webauthn": "network.passkeys.EditPasskeyForm",
}
MFA_TOTP_ISSUER = SITE_NAME
# Plain http on another host than localhost (a LAN address in development) only when asked.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool("WEBAUTHN_ALLOW_INSECURE_ORIGIN", default=False)

# Staff, members of these groups and forum moderators reach the admin and the moderation
# pages only once they sign in with a second factor (network.second_factor).
SECOND_FACTOR_REQUIRED = env.bool("SECOND_FACTOR_REQUIRED", default=True)
SECOND_FACTOR_GROUPS = ["Editors", "Moderators"]

# Active sessions on the account area (allauth.usersessions): when each was last seen is
# written at most this often per session (network.middleware.SessionActivityMiddleware).
SESSION_SEEN_EVERY_SECONDS = 10 * 60

# --- Security ---------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# SAMEORIGIN, not DENY: the Wagtail preview panel frames the site inside its own admin.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# The header alone enrolls nothing; it lets the domain be submitted to browsers' lists.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Who a visitor is, for allauth's rate limits and ours (network.ratelimit.client_address):
# behind proxies, the address the proxies forward, not their own, which every visitor
# would share. TRUSTED_PROXY_COUNT proxies each add to X-Forwarded-For; a proxy that sets
# one header instead names it in CLIENT_IP_HEADER. Empty counts as unset (docker compose).
_proxy_count = env.str("TRUSTED_PROXY_COUNT", default="")
ALLAUTH_TRUSTED_PROXY_COUNT = int(_proxy_count) if _proxy_count else int(BEHIND_TLS_PROXY)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="") or None

# The video players' hosts (blog/blocks.py): framed only after a reader presses play.
VIDEO_PLAYER_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]

# Same origin only: no CDN, no web fonts, no analytics. Inline script is never allowed.
# 'frame-ancestors self' lets the Wagtail preview panel frame the site itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        # Video players, and only after a reader presses play (see blog/blocks.py).
        "frame-src": ["'self'", *VIDEO_PLAYER_ORIGINS],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
# What the Wagtail admin needs on top, found by using it in Chromium with the CSP on: its
# page editor and user listing run inline scripts, its widgets set style attributes, and
# image uploads preview through blob: URLs. Applied only under ADMIN_URL_PREFIXES.
CONTENT_SECURITY_POLICY_ADMIN_REPLACE = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
}
ADMIN_URL_PREFIXES = ("/admin/", "/django-admin/")

# Powerful browser features, denied to the site and anything it frames, except what the
# click-to-play video player delegates to its frame (static/js/site.js), and passkeys
# (WebAuthn), which the site's own pages use. Only names Chromium knows: it warns in the
# console about any other.
PERMISSIONS_POLICY = (
    dict.fromkeys(
        [
            "accelerometer",
            "browsing-topics",
            "camera",
            "compute-pressure",
            "display-capture",
            "gamepad",
            "geolocation",
            "gyroscope",
            "hid",
            "identity-credentials-get",
            "idle-detection",
            "interest-cohort",
            "local-fonts",
            "magnetometer",
            "microphone",
            "midi",
            "otp-credentials",
            "payment",
            "screen-wake-lock",
            "serial",
            "speaker-selection",
            "usb",
            "window-management",
            "xr-spatial-tracking",
        ],
        (),
    )
    | dict.fromkeys(
        ["autoplay", "encrypted-media", "fullscreen", "picture-in-picture"], VIDEO_PLAYER_ORIGINS
    )
    | dict.fromkeys(["publickey-credentials-create", "publickey-credentials-get"], ("self",))
)

# --- Static files and uploads -------------------------------------------------------

STATIC_URL = "/static/"
# With DEBUG=0 the site refuses to start until `collectstatic` has filled it (network/wsgi.py).
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Members' data exports (network/leaving): kept here, outside MEDIA_ROOT, so that no
# public address serves them; only their owner downloads one, through the site.
DATA_EXPORT_ROOT = Path(env.str("DATA_EXPORT_ROOT", default=str(VAR_DIR / "exports")))
# Uploaded media is served by Django itself unless a proxy or object storage does it.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
FILE_UPLOAD_PERMISSIONS = 0o644
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
AVATAR_MAX_UPLOAD_BYTES = 5 * 1024 * 1024

# --- Wagtail ----------------------------------------------------------------------

WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: it would send a hash of each editor's email address to another host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# One login: the admin signs in, resets passwords and changes email through allauth, so
# two-factor sign-in and email verification cannot be bypassed through the admin.
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# Review emails go to the Editors group; administrators who review join it.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_USAGE_COUNT_ENABLED = False

TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "network.tags.parse_tags"
TAGGIT_STRING_FROM_TAGS = "network.tags.format_tags"

# --- Partner feeds -----------------------------------------------------------------

# Polled hourly (blog/partner_feed_polling.py): a fetch may take PARTNER_FEEDS_TIMEOUT
# seconds in all and bring PARTNER_FEEDS_MAX_BYTES; a feed failing PARTNER_FEEDS_MAX_ERRORS
# polls in a row is paused. An editor types the address, so addresses on private networks
# (loopback, 10.0.0.0/8, link-local, …) are refused unless PARTNER_FEEDS_ALLOW_PRIVATE.
PARTNER_FEEDS_TIMEOUT = env.float("PARTNER_FEEDS_TIMEOUT", default=20.0)
PARTNER_FEEDS_MAX_BYTES = env.int("PARTNER_FEEDS_MAX_BYTES", default=2 * 1024 * 1024)
PARTNER_FEEDS_MAX_ERRORS = env.int("PARTNER_FEEDS_MAX_ERRORS", default=10)
PARTNER_FEEDS_ALLOW_PRIVATE = env.bool("PARTNER_FEEDS_ALLOW_PRIVATE", default=False)

# --- Forums -------------------------------------------------------------------------

# Threads on one page of a forum, and top-level replies (each with its replies) on one
# page of a thread. A page holds at most THREAD_POSTS_PER_PAGE posts: a reply that drew
# more replies than that goes on in parts of the same page.
FORUM_THREADS_PER_PAGE = env.int("FORUM_THREADS_PER_PAGE", default=25)
THREAD_TOP_LEVEL_POSTS_PER_PAGE = env.int("THREAD_TOP_LEVEL_POSTS_PER_PAGE", default=20)
THREAD_POSTS_PER_PAGE = env.int("THREAD_POSTS_PER_PAGE", default=200)
# The forum where new members say hello: the welcome (network.onboarding) links to a new
# thread there, and starting one there counts as that step done.
INTRODUCTIONS_FORUM_SLUG = "introductions"

# --- Locale and logging -------------------------------------------------------------

# The interface in English and Spanish, at the same addresses (network.language).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
# The switcher's choice, for a year; like the session's cookie, never sent from another
# site's form (SameSite=Lax) and only over HTTPS outside development.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
# The site's own catalogues, before every package's: English overrides of other
# packages' words (sentence case) and the Spanish interface. `make install` compiles them.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["network.formats"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Wagtail runs its index updates as django-tasks, each logged at INFO: too chatty.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
