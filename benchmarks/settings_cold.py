"""Settings for the cold-cache figure of B1: nothing is ever cached."""

from cms.settings.test import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
