"""Settings for B3: the form-builder reference installed, no rate limit, and mail
queued in the database as in production (django-tasks-db)."""

from cms.settings.test import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]  # noqa: F405  (django_tasks_db: in test)
SIGNOFF = {"PER_ADDRESS": [(10**9, 60)], "PER_EMAIL": [(10**9, 60)]}
TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
