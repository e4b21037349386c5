"""The signoff plugin's settings: one dict, ``SIGNOFF``, over these defaults.

``RATE_LIMIT``: confirmations one address may post per ``RATE_WINDOW`` seconds
(counted in Django's cache, so it holds across app servers that share it).
``TRUSTED_PROXIES``: how many proxies in front of the app append to
X-Forwarded-For; 0 means REMOTE_ADDR is the client.
``FROM_EMAIL``: sender of receipts (default: ``DEFAULT_FROM_EMAIL``).
``CONTACT``: whom the receipt names for questions.
"""

from django.conf import settings

DEFAULTS = {
    "RATE_LIMIT": 10,
    "RATE_WINDOW": 600,
    "TRUSTED_PROXIES": 0,
    "FROM_EMAIL": None,
    "CONTACT": "de directeur van de school",
}


def get(name: str):
    return {**DEFAULTS, **getattr(settings, "SIGNOFF", {})}[name]
