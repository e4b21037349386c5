"""Coverage against the roster: which children are covered for a rule set.

A child is covered when a guardian with parental responsibility for them has a
verified, unrevoked confirmation of a version at or after the rule set's latest
material version (or an officer matched a confirmation to them by hand). Counts
come in two queries whatever the roster's size.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from .models import ChildMatch, Guardianship, Pupil


def _requirement(required: dict) -> Q:
    condition = Q()
    for key, major in required.items():
        condition |= Q(signoff__translation_key=key, signoff__major__gte=major)
    return condition


def covering_matches(required: dict):
    """Matches that cover their child for any of ``required`` ({key: major})."""
    if not required:
        return ChildMatch.objects.none()
    return ChildMatch.objects.covering().filter(_requirement(required))


def parent_coverage(required: dict) -> dict[tuple, tuple[int, int]]:
    """(rule set key, school id, group id) → (children on the roster, covered),
    for every group with active pupils, in two queries (counting the covered
    children from the matches: a correlated count per pupil is far slower).
    Answers ``signoff_parent_coverage``."""
    if not required:
        return {}
    expected = {
        (school, group): n
        for school, group, n in Pupil.objects.active()
        .values_list("school_id", "group_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    if not expected:
        return {}
    covered = {
        (key, school, group): n
        for key, school, group, n in covering_matches(required)
        .filter(pupil__left_on__isnull=True)
        .values_list("signoff__translation_key", "pupil__school_id", "pupil__group_id")
        .annotate(n=Count("pupil", distinct=True))
        .order_by()
    }
    return {
        (key, school, group): (n, covered.get((key, school, group), 0))
        for key in required
        for (school, group), n in expected.items()
    }


@dataclass
class ChildStanding:
    pupil: Pupil
    covered: bool


def group_standing(page, required_major: int, group) -> list[ChildStanding]:
    """Every active child of ``group``, covered or not for ``page``, with their
    guardians prefetched (for the outstanding list and the teacher's view)."""
    covering = covering_matches({page.translation_key: required_major}).filter(
        pupil=OuterRef("pk")
    )
    pupils = (
        Pupil.objects.in_group(group)
        .annotate(covered=Exists(covering))
        .prefetch_related(
            Prefetch(
                "guardianships",
                queryset=Guardianship.objects.select_related("guardian").order_by(
                    "-parental_responsibility", "guardian__name"
                ),
            )
        )
        .order_by("family_name", "given_name")
    )
    return [ChildStanding(pupil=p, covered=p.covered) for p in pupils]


def outstanding_children(page, required_major: int, *, school=None, group=None):
    """Active children not covered for ``page``, with their guardians, ordered
    by school, group and name (officers phone these families)."""
    covering = covering_matches({page.translation_key: required_major}).filter(
        pupil=OuterRef("pk")
    )
    pupils = Pupil.objects.active().filter(~Exists(covering))
    if school is not None:
        pupils = pupils.filter(school=school)
    if group is not None:
        pupils = pupils.filter(group=group)
    return (
        pupils.select_related("school", "group")
        .prefetch_related(
            Prefetch(
                "guardianships",
                queryset=Guardianship.objects.select_related("guardian").order_by(
                    "-parental_responsibility", "guardian__name"
                ),
            )
        )
        .order_by("school__name", "group__sort_order", "family_name", "given_name")
    )
