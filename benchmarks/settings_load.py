"""Settings for the served benchmarks (B1, B6, B7, R8): PostgreSQL and Redis as in
production, two gunicorn workers, mail to the console, the floor view mounted
(``benchmarks.urls``) and no rate limit (the load comes from one address)."""

import os

from cms.settings.test import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7"),
    }
}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
SIGNOFF = {
    "PER_ADDRESS": [(10**9, 60)],
    "PER_EMAIL": [(10**9, 60)],
    "PER_USER": [(10**9, 60)],
}
