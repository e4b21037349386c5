"""The rosters plugin's settings: one dict, ``ROSTERS``, over these defaults.

``MAX_FILE_BYTES``: the largest file an officer may import.
``RETENTION_YEARS``: pupils and guardians who left longer ago than this are
pseudonymised by ``manage.py pseudonymise_roster`` (their confirmations stay,
with the pseudonym).
"""

from django.conf import settings

DEFAULTS = {
    "MAX_FILE_BYTES": 10 * 1024 * 1024,
    "RETENTION_YEARS": 2,
}


def get(name: str):
    return {**DEFAULTS, **getattr(settings, "ROSTERS", {})}[name]
