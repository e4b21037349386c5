"""Fixed-window attempt counters, shared by every app server.

Kept in the cache when its ``incr`` is atomic (Redis, or the local-memory cache of
a single process); otherwise (the database cache, a file cache) in a table of
their own, incremented with one row-locking UPDATE, so that 40 requests at once
against a limit of 10 let exactly 10 through. Nothing lives in process memory
that another server would need.

Who is counted: a signed-in person per account (never per address: a school's
staff share one Wi-Fi address), an anonymous parent per client address (with a
limit that fits one school's Wi-Fi on a parents' evening), and the e-mails sent to
one address. Only submissions that pass the form's checks are counted.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache, caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from . import conf

ATOMIC_CACHES = (
    "django_redis.cache.RedisCache",
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
)


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


def cache_counts_atomically() -> bool:
    backend = type(caches["default"])
    return f"{backend.__module__}.{backend.__qualname__}" in ATOMIC_CACHES


def _now() -> float:
    return time.time()


def count_attempt(key: str, window: int) -> int:
    """Add one attempt to ``key`` in the current window; the count so far."""
    bucket = int(_now() // window)
    full_key = f"signoff:ratelimit:{window}:{bucket}:{key}"
    if cache_counts_atomically():
        cache.add(full_key, 0, timeout=window + 5)
        try:
            return cache.incr(full_key)
        except ValueError:  # expired between add and incr
            cache.add(full_key, 1, timeout=window + 5)
            return 1
    return _count_in_database(full_key, window)


@transaction.atomic
def _count_in_database(full_key: str, window: int) -> int:
    from .counters import RateCounter

    digest = hashlib.sha256(full_key.encode()).hexdigest()
    rows = RateCounter.objects.filter(key=digest)
    if not rows.update(count=F("count") + 1):
        now = timezone.now()
        try:
            with transaction.atomic():
                RateCounter.objects.create(
                    key=digest,
                    count=1,
                    expires_at=now + timezone.timedelta(seconds=window + 5),
                )
                RateCounter.objects.filter(expires_at__lt=now).delete()
                return 1
        except IntegrityError:  # another request created it a moment ago
            rows.update(count=F("count") + 1)
    # The UPDATE holds the row lock until commit: this count is ours alone.
    return rows.values_list("count", flat=True).get()


def _over(key: str, limits) -> bool:
    over = False
    for count, window in limits:
        if count_attempt(key, int(window)) > int(count):
            over = True
    return over


def parent_over_limit(request) -> bool:
    """Count a valid parent submission; True when its address has used up its
    attempts."""
    return _over(f"address:{client_address(request)}", conf.get("PER_ADDRESS"))


def mail_allowed(email: str) -> bool:
    """Count an e-mail to this address; False when it has had its share. The
    confirmation is still recorded: this limits mails (so nobody floods a
    parent's inbox), never what a parent may do."""
    digest = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    return not _over(f"email:{digest}", conf.get("PER_EMAIL"))


def set_password_mail_allowed(user) -> bool:
    """Count a set-password mail to this account; False when it has had its
    share (``PASSWORD_MAILS``). Apart from the parents' receipts, so that nobody
    can use up one to block the other."""
    return not _over(f"set-password:{user.pk}", conf.get("PASSWORD_MAILS"))


def user_over_limit(request) -> bool:
    """Count a signed-in person's confirmation; True when over their limit."""
    return _over(f"user:{request.user.pk}", conf.get("PER_USER"))
