"""Who is calling the ++api++: Ninja's ``auth=`` callables, tried in this order.

An ``Authorization: Bearer`` token (Wagtail's own API tokens) acts as its owner
and carries no ambient authority, so it needs no CSRF token; a signed-in session
does need it for every write; anyone else may read public content.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from ninja.utils import check_csrf

from .http import Problem


class CsrfRefusedError(Problem):
    """A session write without a valid CSRF token."""

    status = 403
    title = _("Please try again")
    detail = _("The CSRF token is missing or wrong. Nothing was saved.")


class InvalidTokenError(Problem):
    """An ``Authorization`` header whose token is wrong, revoked or expired."""

    status = 401
    title = _("Log in first")
    detail = _("This token is not valid.")


def bearer_token(request):
    """The API token of ``Authorization: Bearer <key>``, or None without the header.

    Sets ``request.api_token`` (kept as evidence by writes) and lifts CSRF for the
    request. A wrong or revoked key raises ``InvalidTokenError``: it is refused,
    never ignored. Read once per request, by Ninja's ``auth=`` (``token_caller``)."""
    if hasattr(request, "api_token"):
        return request.api_token
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header:
        return None
    from wagtail.api.v3.auth import BearerTokenAuth

    scheme, _sep, key = header.partition(" ")
    token = None
    if scheme.lower() == "bearer" and key.strip():
        token = BearerTokenAuth().authenticate(request, key.strip())
    if token is None:
        raise InvalidTokenError
    request.api_token = token
    request._dont_enforce_csrf_checks = True
    return token


def token_caller(request):
    """A valid ``Authorization: Bearer`` token: it carries no ambient authority,
    so no CSRF."""
    return bearer_token(request)


def session_caller(request):
    """A signed-in session. Its writes need the CSRF token, whatever else the
    request carries (an empty ``Authorization:`` header exempts nothing)."""
    if not request.user.is_authenticated:
        return None
    if check_csrf(request) is not None:
        raise CsrfRefusedError
    return request.user


def anonymous_caller(request):
    """Anyone else: reads of public content and a parent's confirmation. Each
    operation checks what it needs."""
    return True


CALLERS = [token_caller, session_caller, anonymous_caller]
