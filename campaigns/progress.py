"""Who in a campaign is still to confirm, and how far it got: questions asked
as queries (a constant number whatever the campaign's size), for the reminder
run, the personal link, the reports and the ++api++. The one owner of "is this
child covered for this campaign?"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from wagtail.models import Locale

from rosters.models import ChildMatch, Guardianship, Pupil
from signoff.models import SignOff, required_major
from signoff.people import email_key

from . import conf
from .models import Audience, Campaign, Invitation


def requirement(campaign: Campaign) -> dict:
    """What a confirmation must be to count for ``campaign``: of the rule set
    (any language), at or after its latest material version, and for a yearly
    re-confirmation, of the campaign's round."""
    key = campaign.rule_set.translation_key
    wanted = {"translation_key": key, "major__gte": required_major(key)}
    if campaign.reconfirm:
        wanted["round"] = campaign.round_key
    return wanted


def covering(campaign: Campaign, pupil=None) -> QuerySet:
    """Roster matches that cover a child for ``campaign`` (``pupil``: an
    expression such as ``OuterRef("pupil")``)."""
    wanted = {f"signoff__{k}": v for k, v in requirement(campaign).items()}
    matches = ChildMatch.objects.covering().filter(**wanted)
    return matches if pupil is None else matches.filter(pupil=pupil)


def scope_pupils(campaign: Campaign) -> QuerySet:
    """Active children of the campaign's schools (and groups): ``in_scope``."""
    return Pupil.objects.filter(in_scope(campaign))


def in_scope(campaign: Campaign, prefix: str = "") -> Q:
    """``scope_pupils`` as a condition (subqueries, no query of its own), for
    rows that point at a pupil through ``prefix``."""
    groups = campaign.groups.through.objects.filter(campaign=campaign)
    return Q(
        **{
            f"{prefix}left_on__isnull": True,
            f"{prefix}school__in": campaign.schools.through.objects.filter(
                campaign=campaign
            ).values("school"),
        }
    ) & (Q(**{f"{prefix}group__in": groups.values("schoolgroup")}) | ~Exists(groups))


def pending_invitations(campaign: Campaign) -> QuerySet:
    """Active invitations with something left to confirm: a guardian with a
    child in the campaign they are responsible for and who is not covered
    (by them or another guardian); a staff member without a confirmation."""
    invitations = Invitation.objects.filter(campaign=campaign).active()
    if campaign.audience == Audience.PARENTS:
        uncovered = Guardianship.objects.filter(
            guardian=OuterRef("guardian"),
            parental_responsibility=True,
            pupil__in=scope_pupils(campaign),
        ).filter(~Exists(covering(campaign, OuterRef("pupil"))))
        return invitations.filter(Exists(uncovered))
    confirmed = SignOff.objects.valid().filter(
        user=OuterRef("user"), **requirement(campaign)
    )
    return invitations.filter(~Exists(confirmed))


def is_pending(invitation: Invitation) -> bool:
    return pending_invitations(invitation.campaign).filter(pk=invitation.pk).exists()


@dataclass
class Child:
    """A child on a guardian's personal link: may they confirm for them, and
    what counts for them already (their confirmation, if any)."""

    pupil: Pupil
    responsible: bool
    confirmation: SignOff | None


def children_of(invitation: Invitation) -> list[Child]:
    """The guardian's active children in the campaign, each with the
    confirmation that covers them (two queries whatever their number)."""
    campaign = invitation.campaign
    links = list(
        Guardianship.objects.filter(
            in_scope(campaign, "pupil__"), guardian_id=invitation.guardian_id
        )
        .select_related("pupil__school", "pupil__group")
        .order_by("pupil__given_name", "pupil__pk")
    )
    matches = {
        m.pupil_id: m.signoff
        for m in covering(campaign)
        .filter(pupil__in=[link.pupil_id for link in links])
        .select_related("signoff")
        .order_by("signoff__signed_at")
    }
    return [
        Child(
            pupil=link.pupil,
            responsible=link.parental_responsibility,
            confirmation=matches.get(link.pupil_id),
        )
        for link in links
    ]


def funnel_totals(funnel: list[dict]) -> dict[str, int]:
    """The funnel's rows added up: children, invited, opened, confirmed."""
    return {
        "children": sum(r["children"] for r in funnel),
        "invited": sum(r["invited_n"] for r in funnel),
        "opened": sum(r["opened_n"] for r in funnel),
        "confirmed": sum(r["covered_n"] for r in funnel),
    }


def uncovered_children(campaign: Campaign, *, school) -> list[Pupil]:
    """Active children of ``school`` in the campaign not covered yet, by group
    and name (for the director's weekly overview)."""
    return list(
        scope_pupils(campaign)
        .filter(school=school)
        .filter(~Exists(covering(campaign, OuterRef("pk"))))
        .select_related("group")
        .order_by("group__sort_order", "group__name", "family_name", "given_name")
    )


def funnel(campaign: Campaign) -> list[dict]:
    """Per school and group, in children: how many were invited (a guardian
    of theirs has an invitation), whose link was opened, and who are covered."""
    invitation = Invitation.objects.filter(
        campaign=campaign, guardian__guardianships__pupil=OuterRef("pk")
    )
    rows = (
        scope_pupils(campaign)
        .annotate(
            invited=Exists(invitation),
            opened=Exists(invitation.filter(opened_at__isnull=False)),
            covered=Exists(covering(campaign, OuterRef("pk"))),
        )
        .values("school__name", "group__name", "group__sort_order")
        .annotate(
            children=Count("pk", distinct=True),
            invited_n=Count("pk", filter=Q(invited=True), distinct=True),
            opened_n=Count("pk", filter=Q(opened=True), distinct=True),
            covered_n=Count("pk", filter=Q(covered=True), distinct=True),
        )
        .order_by("school__name", "group__sort_order", "group__name")
    )
    return list(rows)


def staff_totals(campaign: Campaign) -> dict:
    """A staff campaign's progress: staff invited, and who has confirmed."""
    invited = Invitation.objects.filter(campaign=campaign).active().count()
    pending = pending_invitations(campaign).count()
    return {"invited": invited, "confirmed": invited - pending}


def staff_due_dates(request) -> dict:
    """For Mijn protocollen: the due date of each rule set a running campaign
    asks this staff member to confirm (answers ``signoff_my_protocols_due_dates``)."""
    today = timezone.localdate()
    rows = (
        Invitation.objects.active()
        .filter(user=request.user, campaign__in=Campaign.objects.running(today))
        .values_list("campaign__rule_set__translation_key", "due_on")
    )
    due: dict = {}
    for key, due_on in rows:
        due[key] = min(due_on, due.get(key, due_on))
    return due


def invitations_for_new_link(email: str) -> list[int]:
    """The running invitations of the guardian with this address (the worker)."""
    today = timezone.localdate()
    grace = timedelta(days=int(conf.get("GRACE_DAYS")))
    return list(
        Invitation.objects.active()
        .filter(
            guardian__email_key=email_key(email),
            campaign__in=Campaign.objects.running(today),
            due_on__gte=today - grace,
        )
        .values_list("pk", flat=True)
    )


def rule_set_in(page, language: str):
    """The rule set as a reader of ``language`` gets it: its translation when
    one is live, else the page itself."""
    if language == settings.LANGUAGE_CODE:  # campaigns' rules are in this one
        return page
    locale = Locale.objects.filter(language_code=language).first()
    if locale is not None and locale.pk != page.locale_id:
        translation_page = page.get_translation_or_none(locale)
        if translation_page is not None and translation_page.live:
            return translation_page.specific
    return page
