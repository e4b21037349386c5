"""Attempt counters for ``signoff.ratelimit``: a model of this app, kept apart
from the evidence in ``models.py``."""

from django.db import models


class RateCounter(models.Model):
    """An attempt counter for ``signoff.ratelimit`` when the cache cannot count
    atomically (the database cache): one row per key and window, incremented
    with a row-locking UPDATE. Expired rows are removed as new ones are made."""

    key = models.CharField(max_length=64, unique=True)
    count = models.IntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key[:12]}: {self.count}"
