"""Settings shared by every environment. Secrets and hosts come from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "cms",
    "policy_pages",
    "signoff",
    "rosters",
    "campaigns",
    # Before allauth and wagtail.admin: its templates replace theirs.
    "sso",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "rest_framework",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "simple_history",
    "django_tasks",
    # Serves the API docs' scripts from this site, not from a CDN.
    "ninja",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cms.middleware.AdminDefaultLanguageMiddleware",
    "signoff.middleware.RequestGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (it serves anonymous visitors only), before anything
    # that adds personal content.
    "policy_pages.page_cache.PageCacheMiddleware",
    "signoff.middleware.PrivateForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite by default; DATABASE_URL (postgres://…) for PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads (runserver, the browser tests' live server) write at once:
    # take the write lock at the start of each transaction and wait for it.
    DATABASES["default"]["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Dutch is the source language and the default for every screen. Parents read the
# public site in any of LANGUAGES, each named in itself (the language switcher shows
# these names). Adding a language is data: a line here, a catalogue per app
# (``makemessages -l xx``) and the pages translated in the admin.
LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("pl", "Polski"),
    ("uk", "Українська"),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# Staff pages and the admin: Dutch and English.
STAFF_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = STAFF_LANGUAGES

# Machine translation in wagtail-localize's editor, off unless configured:
# AKKOORD_MACHINE_TRANSLATOR = deepl (DEEPL_AUTH_KEY), google (GOOGLE_PROJECT_ID,
# GOOGLE_APPLICATION_CREDENTIALS) or libretranslate (LIBRETRANSLATE_URL,
# LIBRETRANSLATE_API_KEY). Machine-translated text that nobody has reviewed is
# marked as such to readers; the Dutch text stays binding.
MACHINE_TRANSLATORS = {
    "deepl": lambda env: {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": env["DEEPL_AUTH_KEY"]},
    },
    "google": lambda env: {
        "CLASS": "wagtail_localize.machine_translators.google.GoogleCloudTranslator",
        "OPTIONS": {
            "PROJECT_ID": env["GOOGLE_PROJECT_ID"],
            "CREDENTIALS_PATH": env.get("GOOGLE_APPLICATION_CREDENTIALS"),
        },
    },
    "libretranslate": lambda env: {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": env["LIBRETRANSLATE_URL"],
            "API_KEY": env.get("LIBRETRANSLATE_API_KEY", ""),
        },
    },
}
_translator = os.environ.get("AKKOORD_MACHINE_TRANSLATOR", "").strip().lower()
if _translator:
    if _translator not in MACHINE_TRANSLATORS:
        raise ImproperlyConfigured(
            f"AKKOORD_MACHINE_TRANSLATOR={_translator!r}: use one of "
            + ", ".join(MACHINE_TRANSLATORS)
        )
    try:
        WAGTAILLOCALIZE_MACHINE_TRANSLATOR = MACHINE_TRANSLATORS[_translator](
            os.environ
        )
    except KeyError as missing:
        raise ImproperlyConfigured(
            f"AKKOORD_MACHINE_TRANSLATOR={_translator} needs {missing} as well"
        ) from None

# The accessibility statement ("Toegankelijkheidsverklaring", /nl/toegankelijkheid/):
# who answers feedback, within how many working days, and when it was last checked.
ACCESSIBILITY = {
    "ORGANISATION": os.environ.get(
        "AKKOORD_ORGANISATION", "Stichting Kalisto Boeiend Basisonderwijs"
    ),
    "CONTACT_EMAIL": os.environ.get(
        "AKKOORD_ACCESSIBILITY_EMAIL", "toegankelijkheid@kalisto.example"
    ),
    "REPLY_WORKING_DAYS": 5,
    "DATE": "2026-11-26",
}
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }

# E-mails and other background work: immediate in dev and tests.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LOGIN_URL = "signoff:login"
CSRF_FAILURE_VIEW = "cms.views.csrf_failure"

# Staff sign in with the foundation's own accounts (Microsoft 365, Google
# Workspace: OpenID Connect), when AKKOORD_OIDC_ISSUER and AKKOORD_OIDC_CLIENT_ID
# are set; see sso/conf.py and the README. Local passwords keep working.
SSO = {
    "ISSUER": os.environ.get("AKKOORD_OIDC_ISSUER", ""),
    "CLIENT_ID": os.environ.get("AKKOORD_OIDC_CLIENT_ID", ""),
    "CLIENT_SECRET": os.environ.get("AKKOORD_OIDC_CLIENT_SECRET", ""),
    "ALLOWED_DOMAINS": [
        domain.strip().lower()
        for domain in os.environ.get("AKKOORD_OIDC_ALLOWED_DOMAINS", "").split(",")
        if domain.strip()
    ],
    "NAME": os.environ.get("AKKOORD_OIDC_NAME", ""),
    "FETCH_USERINFO": os.environ.get("AKKOORD_OIDC_FETCH_USERINFO", "1") == "1",
}
# django-allauth does the OpenID Connect part; sso/adapters.py decides who may
# sign in. It never makes accounts and has no pages of its own besides these.
ACCOUNT_ADAPTER = "sso.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "sso.adapters.SocialAccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

# The signoff plugin reads its settings from this one dict; see signoff/conf.py.
# Staff who sign in with their school account need no password of their own.
SIGNOFF = {"SET_PASSWORD_MAIL": not (SSO["ISSUER"] and SSO["CLIENT_ID"])}

# A CDN or Varnish in front of the site: Wagtail purges a page's addresses
# (``get_cached_paths``) on publish and unpublish. FRONTEND_CACHE_URL names a
# Varnish/Squid purge address; other backends (Cloudflare, CloudFront) go here.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE["default"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_URL"],
    }
# Each translation has its own slugs: purge the addresses a page has, not the
# same path under every language prefix.
WAGTAILFRONTENDCACHE_LANGUAGES = []

WAGTAIL_SITE_NAME = "Akkoord"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["docx", "odt", "pdf", "rtf", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_DATE_FORMAT = "%d-%m-%Y"
WAGTAIL_DATETIME_FORMAT = "%d-%m-%Y %H:%M"
