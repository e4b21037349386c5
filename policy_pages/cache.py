"""The generation of everything cached from the page tree: the ++api++'s answers,
its path map and privacy list, and the HTML page cache.

Every publish, unpublish, move or delete and every change to page privacy raises
the generation (``signal_handlers``), on every server at once when the cache is
shared (Redis). An entry is only ever served under the generation it was built
under, so no answer is stale. This module knows nothing of HTTP, so the signal
handlers can raise the generation without importing the API.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http.request import split_domain_port

GENERATION_KEY = "akkoord:api:generation"


def bump_generation() -> None:
    """Invalidate every cached answer and page on every server (shared cache)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def generation(request) -> int:
    """The generation, read once per request: every part of one answer (route,
    privacy, body, the visibility of each listed page) sees the same."""
    found = getattr(request, "_akkoord_generation", None)
    if found is None:
        found = cache.get_or_set(GENERATION_KEY, 1, None)
        request._akkoord_generation = found
    return found


def read_entry(request, key: str) -> Any:
    """The entry under ``key`` if it was built under the current generation, else
    None: one cache round trip for both (``get_many``). The generation read is
    kept for the rest of the request, so what it builds is stored under it."""
    found = cache.get_many([GENERATION_KEY, key])
    current = getattr(request, "_akkoord_generation", None) or found.get(GENERATION_KEY)
    if current is None:
        current = generation(request)
    request._akkoord_generation = current
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return entry
    return None


def store_entry(request, key: str, *value: Any, timeout: int = 3600) -> None:
    """Store ``value`` under ``key``, stamped with the request's generation."""
    cache.set(key, (generation(request), *value), timeout)


def host_is_cacheable(request) -> bool:
    """Answers are cached per host (their links name it), and ALLOWED_HOSTS does
    not look at the port: only the usual ports and the server's own are cached,
    so nobody fills the cache by varying the port in the Host header."""
    _domain, port = split_domain_port(request.get_host())
    return port in ("", "80", "443", str(request.META.get("SERVER_PORT", "")))
