"""The campaigns plugin's settings: one dict, ``CAMPAIGNS``, over these defaults.

``GRACE_DAYS``: a personal link works this many days after its due date.
``NEWCOMER_DAYS``: someone added to the roster while a campaign runs has at
least this many days to confirm (their own due date).
``NEW_LINK_LIMITS``: requests for a new link for one typed e-mail address, as
``(attempts, seconds)`` windows (so nobody floods a family's inbox).
``NEW_LINK_CLIENT_LIMITS``: the same from one client address (a school's Wi-Fi
on a parents' evening is one address).
``LINK_SESSION_SECONDS``: how long an opened personal link stays open in the
browser (then the link from the mail or letter opens it again).
``SEND_BATCH``: how many mails one sending task sends before it queues the next.
"""

from django.conf import settings

DEFAULTS = {
    "GRACE_DAYS": 14,
    "NEWCOMER_DAYS": 14,
    "NEW_LINK_LIMITS": [(3, 3600), (10, 86400)],
    "NEW_LINK_CLIENT_LIMITS": [(60, 3600), (300, 86400)],
    "LINK_SESSION_SECONDS": 2 * 3600,
    "SEND_BATCH": 500,
}


def get(name: str):
    return {**DEFAULTS, **getattr(settings, "CAMPAIGNS", {})}[name]
