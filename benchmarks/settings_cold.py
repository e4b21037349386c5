"""B1's cold figure: the served benchmarks' settings with nothing ever cached."""

from benchmarks.settings_load import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
