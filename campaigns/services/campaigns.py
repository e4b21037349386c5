"""Starting, changing and closing a campaign, with the checks beyond its own
fields."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import tasks
from ..models import (
    Campaign,
    InvitationToken,
)
from .inviting import invite_newcomers


def may_manage(user) -> bool:
    return user.has_perm("campaigns.add_campaign")


def campaign_problems(
    campaign: Campaign, *, schools, groups, today: date | None = None
) -> dict[str, str]:
    """What is wrong with a campaign beyond its own fields, per field (empty
    when nothing): the admin form shows these, the services refuse them."""
    today = today or timezone.localdate()
    problems = {}
    school_ids = {s.pk for s in schools}
    if not school_ids:
        problems["schools"] = _("Choose at least one school.")
    if any(g.school_id not in school_ids for g in groups):
        problems["groups"] = _("Choose only groups of the chosen schools.")
    if campaign.rule_set_id and (
        campaign.rule_set.locale.language_code != settings.LANGUAGE_CODE
    ):
        problems["rule_set"] = _(
            "Choose the rules in the site's own language; each family reads "
            "them in theirs."
        )
    if campaign.pk is None and campaign.due_on and campaign.due_on < today:
        problems["due_on"] = _("The due date has passed. Choose a later date.")
    if (
        campaign.remind_after_days is not None
        and campaign.opens_on
        and campaign.due_on
        and campaign.opens_on + timedelta(days=campaign.remind_after_days)
        >= campaign.due_on
    ):
        problems["remind_after_days"] = _(
            "This reminder would come on or after the due date. Choose fewer days."
        )
    if (
        campaign.remind_before_days is not None
        and campaign.opens_on
        and campaign.due_on
        and campaign.due_on - timedelta(days=campaign.remind_before_days)
        <= campaign.opens_on
    ):
        problems["remind_before_days"] = _(
            "This reminder would come on or before the opening date. Choose fewer days."
        )
    if campaign.rule_set_id and campaign.opens_on and campaign.due_on:
        overlapping = (
            Campaign.objects.filter(
                closed_at__isnull=True,
                rule_set__translation_key=campaign.rule_set.translation_key,
                schools__in=school_ids,
                opens_on__lte=campaign.due_on,
                due_on__gte=campaign.opens_on,
            )
            .exclude(pk=campaign.pk)
            .first()
        )
        if overlapping is not None:
            problems["opens_on"] = _(
                "“%(title)s” already asks these schools to confirm these rules "
                "in this period. Close it first, or choose other dates."
            ) % {"title": overlapping.title}
    return problems


def _check(campaign: Campaign, *, schools, groups, today) -> None:
    campaign.full_clean(exclude=["rule_set"])
    problems = campaign_problems(campaign, schools=schools, groups=groups, today=today)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def create_campaign(
    *, by, schools, groups=(), today: date | None = None, **fields
) -> Campaign:
    """A new campaign; when it opens today or earlier, everyone in it is
    invited at once (one mail each, sent in the background)."""
    if by is not None and not may_manage(by):
        raise PermissionDenied
    campaign = Campaign(created_by=by, **fields)
    if campaign.reconfirm:
        campaign.round_key = f"campaign-{uuid.uuid4().hex[:24]}"
    _check(campaign, schools=list(schools), groups=list(groups), today=today)
    campaign._history_user = by
    campaign.save()
    campaign.schools.set(schools)
    campaign.groups.set(groups)
    if campaign.opens_on <= (today or timezone.localdate()):
        invite_newcomers(campaign, today=today)
        tasks.queue_sending()
    return campaign


@transaction.atomic
def update_campaign(
    *, campaign: Campaign, by, schools, groups=(), today: date | None = None, **fields
) -> Campaign:
    """Change a campaign (not whether it is a re-confirmation: its round is
    fixed); who is newly in its scope is invited when it is open."""
    if not by.has_perm("campaigns.change_campaign"):
        raise PermissionDenied
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    for name, value in fields.items():
        setattr(campaign, name, value)
    _check(campaign, schools=list(schools), groups=list(groups), today=today)
    campaign._history_user = by
    campaign.save()
    campaign.schools.set(schools)
    campaign.groups.set(groups)
    if campaign.opens_on <= (today or timezone.localdate()):
        invite_newcomers(campaign, today=today)
        tasks.queue_sending()
    return campaign


@transaction.atomic
def close_campaign(*, campaign: Campaign, by) -> Campaign:
    """End a campaign: no more invitations or reminders, and its personal links
    stop working (what was confirmed stays)."""
    if not by.has_perm("campaigns.change_campaign"):
        raise PermissionDenied
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.closed_at is None:
        campaign.closed_at = timezone.now()
        campaign._history_user = by
        campaign.save(update_fields=["closed_at"])
        InvitationToken.objects.filter(
            invitation__campaign=campaign, revoked_at__isnull=True
        ).update(revoked_at=Now())
    return campaign
