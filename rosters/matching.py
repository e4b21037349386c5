"""Which roster child a parent's confirmation is for: the one rule, read-only.

A confirmation is *matched* when exactly one active child at its school has a
guardian with the confirmation's e-mail address and a name the parent could have
typed for them (in full, without the infix, or the given name only). It is
*ambiguous* when more than one child fits, when the address is a guardian's but
no child's name fits, or when the child's full name fits but the address is not
on the roster: an officer decides. Otherwise it is *unmatched*. A paper form
without an e-mail address is matched by the child's name within its group.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from signoff.models import SignOff

from .models import Guardianship, MatchState, Pupil


@dataclass(frozen=True)
class Verdict:
    state: MatchState
    pupil_id: int | None = None
    guardian_id: int | None = None
    candidates: tuple[int, ...] = ()


class Roster:
    """The active roster of some schools, indexed for matching many
    confirmations with a few queries."""

    def __init__(self, school_ids, *, links=None, pupils=None):
        self.by_guardian_email = defaultdict(list)  # email key -> [(pupil, guardian)]
        self.by_school_name = defaultdict(list)  # (school, full name key) -> [pupil]
        self.by_group_name = defaultdict(list)  # (group, any child key) -> [pupil]
        self.pupils = {}
        if links is None:
            links = Guardianship.objects.filter(
                pupil__school__in=school_ids, pupil__left_on__isnull=True
            )
        if pupils is None:
            pupils = Pupil.objects.active().filter(school__in=school_ids)
        for link in links.select_related("pupil", "guardian"):
            if link.guardian.email_key:
                self.by_guardian_email[link.guardian.email_key].append(
                    (link.pupil, link.guardian)
                )
        for pupil in pupils.select_related("group"):
            self.pupils[pupil.pk] = pupil
            self.by_school_name[(pupil.school_id, pupil.name_key)].append(pupil)
            for key in pupil.name_keys():
                self.by_group_name[(pupil.group_id, key)].append(pupil)

    @classmethod
    def around(cls, signoff: SignOff) -> Roster:
        """Only the rows one confirmation can match (two indexed queries), for
        matching a new confirmation as it is recorded."""
        school = [signoff.school_id]
        links = Guardianship.objects.filter(
            guardian__email_key=signoff.email_key,
            pupil__school=signoff.school_id,
            pupil__left_on__isnull=True,
        )
        pupils = Pupil.objects.active().filter(school=signoff.school_id)
        if signoff.email_key:
            pupils = pupils.filter(name_key=signoff.child_key)
        else:
            pupils = pupils.filter(group=signoff.group_id)
        return cls(school, links=links, pupils=pupils)

    def verdict(self, signoff: SignOff) -> Verdict:
        if signoff.email_key:
            return self._by_email(signoff)
        return self._on_paper(signoff)

    def _by_email(self, signoff: SignOff) -> Verdict:
        theirs = [
            (pupil, guardian)
            for pupil, guardian in self.by_guardian_email.get(signoff.email_key, [])
            if pupil.school_id == signoff.school_id
        ]
        if theirs:
            fitting = [(p, g) for p, g in theirs if signoff.child_key in p.name_keys()]
            if len(fitting) == 1:
                pupil, guardian = fitting[0]
                return Verdict(MatchState.MATCHED, pupil.pk, guardian.pk)
            candidates = fitting or theirs
            return Verdict(
                MatchState.AMBIGUOUS,
                candidates=tuple(sorted({p.pk for p, _g in candidates})),
            )
        named = self.by_school_name.get((signoff.school_id, signoff.child_key), [])
        if named:
            return Verdict(
                MatchState.AMBIGUOUS, candidates=tuple(sorted(p.pk for p in named))
            )
        return Verdict(MatchState.UNMATCHED)

    def _on_paper(self, signoff: SignOff) -> Verdict:
        in_group = self.by_group_name.get((signoff.group_id, signoff.child_key), [])
        if len(in_group) == 1:
            return Verdict(MatchState.MATCHED, in_group[0].pk)
        if in_group:
            return Verdict(
                MatchState.AMBIGUOUS, candidates=tuple(sorted(p.pk for p in in_group))
            )
        return Verdict(MatchState.UNMATCHED)


def undecided_parent_signoffs(school_ids=None):
    """Parents' confirmations that count (verified, not revoked) and that no
    officer has decided on: the matcher may (re)match them. A claim is matched
    when its e-mailed link is followed."""
    rows = (
        SignOff.objects.valid()
        .of_parents()
        .filter(Q(roster_match__isnull=True) | Q(roster_match__decided_by__isnull=True))
    )
    if school_ids is not None:
        rows = rows.filter(school__in=school_ids)
    return rows


def candidates_for(signoff: SignOff) -> list[Pupil]:
    """The children an officer may choose from for one confirmation: those the
    matcher considered, else every active child of its school with a similar
    name, else its group."""
    roster = Roster([signoff.school_id])
    verdict = roster.verdict(signoff)
    ids = verdict.candidates or ((verdict.pupil_id,) if verdict.pupil_id else ())
    if ids:
        return [roster.pupils[pk] for pk in ids]
    return list(
        Pupil.objects.active()
        .filter(group_id=signoff.group_id)
        .order_by("family_name", "given_name")
    )
