"""Personal links' secrets: random, and only their SHA-256 hash is kept."""

from __future__ import annotations

import hashlib
import secrets

from .models import Invitation, InvitationToken


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def mint_token(invitation: Invitation) -> str:
    """A new personal link's secret for ``invitation``; only its hash is kept."""
    token = secrets.token_urlsafe(24)
    InvitationToken.objects.create(
        invitation=invitation,
        token_hash=token_hash(token),
        expires_at=invitation.campaign.expires_at(invitation.due_on),
    )
    return token
