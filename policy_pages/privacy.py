"""Wagtail's page privacy (``PageViewRestriction``) for everything that is not
Wagtail's own page serving: the ++api++ content, history, diff, translations,
search and listings.

A restriction on a page covers the page and everything below it, as on the HTML
site. In the API a password restriction is never passed (there is no form to
type it in); a login restriction is passed by any signed-in caller, a groups
restriction by members of a group (and superusers), as Wagtail does.

The site's restrictions are read in one query and cached under the API's
generation (raised when a restriction changes), so a check costs no query for
anonymous callers and at most one (the caller's groups) for signed-in ones. What
a caller may see depends only on which restrictions they pass: that set is the
``fingerprint`` every cached answer is keyed by, so a restricted answer is never
served to someone who may not see it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from wagtail.models import PageViewRestriction

_CACHE_KEY = "akkoord:api:restrictions:{generation}"


@dataclass(frozen=True)
class Restriction:
    id: int
    path: str
    kind: str
    group_ids: frozenset[int]


def restrictions(generation: int, request=None) -> list[Restriction]:
    memo = getattr(request, "_akkoord_restrictions", None)
    if memo is not None and memo[0] == generation:
        return memo[1]
    key = _CACHE_KEY.format(generation=generation)
    found = cache.get(key)
    if found is None:
        found = [
            Restriction(
                id=r.pk,
                path=r.page.path,
                kind=r.restriction_type,
                group_ids=frozenset(g.pk for g in r.groups.all()),
            )
            for r in PageViewRestriction.objects.select_related("page")
            .prefetch_related("groups")
            .order_by("pk")
        ]
        cache.set(key, found, 3600)
    if request is not None:
        request._akkoord_restrictions = (generation, found)
    return found


def _passes(request, restriction: Restriction) -> bool:
    user = request.user
    if restriction.kind == PageViewRestriction.NONE:
        return True
    if restriction.kind == PageViewRestriction.LOGIN:
        return user.is_authenticated
    if restriction.kind == PageViewRestriction.GROUPS:
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        if not hasattr(request, "_akkoord_group_ids"):
            request._akkoord_group_ids = frozenset(
                user.groups.values_list("pk", flat=True)
            )
        return bool(restriction.group_ids & request._akkoord_group_ids)
    return False  # a password: not in the API


def passed(request, generation: int) -> frozenset[int]:
    """The ids of the restrictions this caller passes."""
    cached = getattr(request, "_akkoord_passed", None)
    if cached is not None and cached[0] == generation:
        return cached[1]
    ids = frozenset(
        r.id for r in restrictions(generation, request) if _passes(request, r)
    )
    request._akkoord_passed = (generation, ids)
    return ids


def fingerprint(request, generation: int) -> list[int]:
    """What every cached answer that lists or shows pages is keyed by."""
    if not restrictions(generation, request):
        return []
    return sorted(passed(request, generation))


def refusal(request, page_path: str, generation: int) -> int | None:
    """None when the caller may see the page at ``page_path`` (tree path), else
    the status to answer: 401 for an anonymous caller, 403 for a signed-in one."""
    ids = passed(request, generation)
    for restriction in restrictions(generation, request):
        if page_path.startswith(restriction.path) and restriction.id not in ids:
            return 403 if request.user.is_authenticated else 401
    return None


def visible(request, page_path: str, generation: int) -> bool:
    return refusal(request, page_path, generation) is None
