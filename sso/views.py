"""allauth's OpenID Connect views, with one thing added: a provider that cannot
be reached (down, a wrong issuer address, a timeout) gives a page that says so,
not a server error; and no answer is kept by a cache. Everything else is
allauth's."""

from __future__ import annotations

import logging
from functools import wraps

import requests
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.utils.cache import add_never_cache_headers

from .adapters import refuse

logger = logging.getLogger(__name__)


def _reachable(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except requests.RequestException as error:
            logger.warning("School account provider not reachable: %s", error)
            response = refuse(request, "unreachable", status=503).response
        add_never_cache_headers(response)
        return response

    return wrapped


login = _reachable(oidc_views.login)
callback = _reachable(oidc_views.callback)
