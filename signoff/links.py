"""The secret in a claim's "was this you?" link, for the mail and the services."""

from __future__ import annotations

import hashlib

from django.utils.crypto import salted_hmac


def verify_key_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def verification_link_token(reference: str) -> str:
    """The secret of a claim's "was this you?" link: derived from its reference
    with the site's secret key, so every e-mail for one claim carries the same
    link (a repeated claim never cancels a link already sent) and nothing that
    opens it is stored; the claim keeps only a hash of it."""
    return salted_hmac("signoff.verification-link", reference).hexdigest()
