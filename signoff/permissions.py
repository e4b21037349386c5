"""Who may confirm what: the one place that decides, for the site, the ++api++,
the admin and the templates alike.

A rule set whose audience names a group is confirmed by that group's signed-in
members (staff); any other rule set by parents, without an account. Officers
enter paper confirmations for either and revoke confirmations.
"""

from __future__ import annotations

from enum import StrEnum


class Signer(StrEnum):
    """Who confirms a rule set."""

    STAFF = "staff"
    PARENT = "parent"


class Refusal(StrEnum):
    """Why someone may not confirm (each surface says it in its own way)."""

    SIGN_IN = "sign_in"  # staff rules, nobody signed in
    NOT_IN_GROUP = "not_in_group"  # signed in, but not in the audience's group


def is_rule_set(page) -> bool:
    """Only rule sets (pages with an audience) are confirmed."""
    return getattr(page, "audience", None) is not None


def signer_of(page) -> Signer:
    """Staff rule sets name a group in their audience; the others are for parents."""
    audience = getattr(page, "audience", None)
    if audience is not None and audience.group_id is not None:
        return Signer.STAFF
    return Signer.PARENT


def is_staff_rule_set(page) -> bool:
    return is_rule_set(page) and signer_of(page) is Signer.STAFF


def must_confirm(user, page) -> bool:
    """A signed-in member of the group a staff rule set is for."""
    return bool(
        is_staff_rule_set(page)
        and user is not None
        and user.is_authenticated
        and user.groups.filter(pk=page.audience.group_id).exists()
    )


def refusal(user, page) -> Refusal | None:
    """Why ``user`` (anyone, for parents' rules) may not confirm ``page``, or None."""
    if signer_of(page) is Signer.PARENT:
        return None
    if user is None or not user.is_authenticated:
        return Refusal.SIGN_IN
    if not must_confirm(user, page):
        return Refusal.NOT_IN_GROUP
    return None


def may_see_coverage(user) -> bool:
    """Counts only: editors, approvers and officers."""
    return user.has_perm("signoff.view_coverage")


def may_see_names(user) -> bool:
    """Who confirmed and who is outstanding: officers."""
    return user.has_perm("signoff.view_signoff")


def may_enter_paper(user) -> bool:
    return user.has_perm("signoff.add_paper_signoff")


def may_revoke(user) -> bool:
    return user.has_perm("signoff.revoke_signoff")
