"""How a signed-in person proved who they are, for the evidence of their
confirmations: a local password, or their school account at an identity
provider (whose issuer is kept). Each sign-in starts from "password"; the
sign-in with a school account (the sso plugin) then names its issuer."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SESSION_KEY = "signoff_signed_in_with"
PASSWORD = "password"  # noqa: S105 (a label, not a password)


@receiver(user_logged_in, dispatch_uid="signoff_forget_sign_in")
def _forget_earlier_sign_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)


def remember_school_account(request, issuer: str) -> None:
    """This session was signed in through ``issuer``'s school account."""
    request.session[SESSION_KEY] = issuer


def signed_in_with(request) -> str:
    """What ``SignOff.signed_in_with`` records for this request's person: the
    issuer of their school account, or ``"password"``; empty when nobody is
    signed in (an API token is recorded on the confirmation itself)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "api_token", None):
        return ""
    return request.session.get(SESSION_KEY) or PASSWORD
