"""The signoff plugin's settings: one dict, ``SIGNOFF``, over these defaults.

Rate limits are lists of ``(attempts, seconds)`` windows; only submissions that
pass the form's checks count, and a refused form keeps what was typed.

``PER_ADDRESS``: parents' confirmations from one client address (a school's Wi-Fi
on a parents' evening is one address: 300 families in an evening must pass).
``PER_EMAIL``: parents' confirmations for one e-mail address.
``PER_USER``: confirmations of one signed-in person (staff are never limited per
address).
``PASSWORD_MAILS``: set-password mails to one account (the first after the
import counts too).
``TRUSTED_PROXIES``: how many proxies in front of the app append to
X-Forwarded-For; 0 means REMOTE_ADDR is the client.
``MAX_BODY_BYTES``: the largest request body the public form and the ++api++
take (413 above it); the admin keeps Django's own limit for uploads.
``FROM_EMAIL``: sender of receipts (default: ``DEFAULT_FROM_EMAIL``).
``CONTACT``: whom the receipt names for questions.
``SET_PASSWORD_MAIL``: imported staff get an e-mail with a link to set their
password (off where they sign in with their school account instead).
"""

from django.conf import settings

DEFAULTS = {
    "PER_ADDRESS": [(30, 60), (400, 3600)],
    "PER_EMAIL": [(10, 3600)],
    "PER_USER": [(30, 600)],
    "PASSWORD_MAILS": [(3, 3600), (10, 86400)],
    "TRUSTED_PROXIES": 0,
    "MAX_BODY_BYTES": 64 * 1024,
    "FROM_EMAIL": None,
    "CONTACT": "de directeur van de school",
    "SET_PASSWORD_MAIL": True,
}


def get(name: str):
    return {**DEFAULTS, **getattr(settings, "SIGNOFF", {})}[name]
