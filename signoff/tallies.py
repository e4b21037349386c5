"""Counters beside the evidence, so reports read a few rows, not every confirmation.

Written only from ``signoff.services``, in the same transaction as the sign-off
they count; ``rebuild()`` recomputes them from the evidence (and a test checks
that the kept counters always equal the rebuilt ones).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import ParentStandingTally, SignOff, VersionTally, version_key


def _bump(model, key: dict, delta: int) -> None:
    if model.objects.filter(**key).update(count=F("count") + delta):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, count=delta)
    except IntegrityError:  # another transaction created the row just now
        model.objects.filter(**key).update(count=F("count") + delta)


def _standing_key(signoff: SignOff) -> dict:
    return {
        "translation_key": signoff.translation_key,
        "major": signoff.major,
        "school_id": signoff.school_id,
        "group_id": signoff.group_id,
    }


def _representative(signoff: SignOff) -> SignOff | None:
    """The child's valid confirmation that stands for them: highest major, first."""
    return (
        SignOff.objects.valid()
        .of_parents()
        .filter(
            translation_key=signoff.translation_key,
            email_key=signoff.email_key,
            child_key=signoff.child_key,
        )
        .exclude(pk=signoff.pk)
        .order_by("-major", "pk")
        .first()
    )


def _ranks_before(a: SignOff, b: SignOff) -> bool:
    return (-a.major, a.pk) < (-b.major, b.pk)


def count_recorded(signoff: SignOff) -> None:
    _bump(VersionTally, version_key(signoff), +1)
    if signoff.user_id is not None:
        return
    previous = _representative(signoff)
    if previous is None:
        _bump(ParentStandingTally, _standing_key(signoff), +1)
    elif _ranks_before(signoff, previous):
        _bump(ParentStandingTally, _standing_key(previous), -1)
        _bump(ParentStandingTally, _standing_key(signoff), +1)


def count_revoked(signoff: SignOff) -> None:
    _bump(VersionTally, version_key(signoff), -1)
    if signoff.user_id is not None:
        return
    remaining = _representative(signoff)
    if remaining is None:
        _bump(ParentStandingTally, _standing_key(signoff), -1)
    elif _ranks_before(signoff, remaining):
        _bump(ParentStandingTally, _standing_key(signoff), -1)
        _bump(ParentStandingTally, _standing_key(remaining), +1)


@transaction.atomic
def rebuild() -> None:
    """Recompute every counter from the evidence."""
    VersionTally.objects.all().delete()
    ParentStandingTally.objects.all().delete()
    versions: dict[tuple, int] = {}
    standings: dict[tuple, int] = {}
    seen: set[tuple] = set()
    rows = (
        SignOff.objects.valid()
        .order_by("translation_key", "email_key", "child_key", "-major", "pk")
        .values_list(
            "translation_key",
            "major",
            "minor",
            "user_id",
            "email_key",
            "child_key",
            "school_id",
            "group_id",
        )
        .iterator(chunk_size=5_000)
    )
    for key, major, minor, user_id, email, child, school_id, group_id in rows:
        versions[(key, major, minor)] = versions.get((key, major, minor), 0) + 1
        if user_id is not None or (key, email, child) in seen:
            continue
        seen.add((key, email, child))
        standing = (key, major, school_id, group_id)
        standings[standing] = standings.get(standing, 0) + 1
    VersionTally.objects.bulk_create(
        VersionTally(translation_key=k, major=ma, minor=mi, count=n)
        for (k, ma, mi), n in versions.items()
    )
    ParentStandingTally.objects.bulk_create(
        ParentStandingTally(
            translation_key=k, major=ma, school_id=s, group_id=g, count=n
        )
        for (k, ma, s, g), n in standings.items()
    )


def snapshot() -> tuple[dict, dict]:
    """The kept counters, without zero rows, for comparing with a rebuild."""
    return (
        {
            (t.translation_key, t.major, t.minor): t.count
            for t in VersionTally.objects.exclude(count=0)
        },
        {
            (t.translation_key, t.major, t.school_id, t.group_id): t.count
            for t in ParentStandingTally.objects.exclude(count=0)
        },
    )
