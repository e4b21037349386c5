"""A fixed-window counter per client address, kept in Django's cache.

With a shared cache (Redis, or the database cache in production) the limit holds
across all app servers; nothing is kept in process memory.
"""

from __future__ import annotations

import time

from django.core.cache import cache

from . import conf


def client_address(request) -> str:
    proxies = int(conf.get("TRUSTED_PROXIES"))
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


def over_limit(request, scope: str) -> bool:
    """Count this attempt; True when the address has used up its attempts."""
    limit = int(conf.get("RATE_LIMIT"))
    window = int(conf.get("RATE_WINDOW"))
    bucket = int(time.time() // window)
    key = f"signoff:ratelimit:{scope}:{client_address(request)}:{bucket}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        count = 1
    return count > limit
