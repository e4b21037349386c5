"""Inviting and reminding: who is in a campaign, their invitations, and the
mails queued for them.

The reminder run works in a constant number of statements whatever the number
of people (``INSERT … SELECT … ON CONFLICT DO NOTHING``): who is still to
confirm is a query, never a loop over people, and the database's one-mail-per-
step constraint decides who gets a mail, so two runs at once mail nobody twice.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import BigIntegerField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Now
from django.utils import timezone
from django.utils.translation import gettext as _

from rosters.models import Guardian, Guardianship, StaffMembership

from .. import conf, progress, tasks
from ..models import (
    Audience,
    Campaign,
    Digest,
    Dispatch,
    Invitation,
    Step,
    new_short_code,
)

logger = logging.getLogger(__name__)


# Who can be mailed: staff, and guardians with an address (the others get a letter).
MAILABLE = Q(user__isnull=False) | ~Q(guardian__email_key="")


def guardians_in_scope(campaign: Campaign) -> QuerySet:
    """Guardians with parental responsibility for an active child in the
    campaign's schools (and groups)."""
    return Guardian.objects.filter(
        Exists(
            Guardianship.objects.filter(
                guardian=OuterRef("pk"),
                parental_responsibility=True,
                pupil__in=progress.scope_pupils(campaign),
            )
        )
    )


def staff_in_scope(campaign: Campaign) -> QuerySet:
    memberships = StaffMembership.objects.filter(
        user=OuterRef("pk"), school__in=campaign.schools.all()
    )
    if campaign.staff_role:
        memberships = memberships.filter(role=campaign.staff_role)
    return get_user_model().objects.filter(Exists(memberships), is_active=True)


def _own_due_date(campaign: Campaign, today: date) -> date:
    """Who is invited late gets at least ``NEWCOMER_DAYS`` to confirm."""
    if today <= campaign.opens_on:
        return campaign.due_on
    return max(campaign.due_on, today + timedelta(days=int(conf.get("NEWCOMER_DAYS"))))


def invite_newcomers(campaign: Campaign, *, today: date | None = None) -> int:
    """Invite everyone in the campaign's scope who has no invitation yet, and
    queue their invitation mail; returns how many were invited. Called when
    the campaign opens and by every run (people added to the roster since)."""
    today = today or timezone.localdate()
    due_on = _own_due_date(campaign, today)
    if campaign.audience == Audience.PARENTS:
        # A join over the links, not a correlated subquery per guardian (which
        # SQLite runs five times slower on a 10,000-family roster).
        invited = set(
            Invitation.objects.filter(campaign=campaign).values_list(
                "guardian_id", flat=True
            )
        )
        people = (
            Guardianship.objects.filter(
                parental_responsibility=True,
                pupil__in=progress.scope_pupils(campaign),
            )
            .values_list("guardian_id", flat=True)
            .distinct()
            .order_by("guardian_id")
        )
        rows = [
            Invitation(
                campaign=campaign,
                guardian_id=pk,
                invited_on=today,
                due_on=due_on,
                short_code=new_short_code(),
            )
            for pk in people.iterator(chunk_size=5000)
            if pk not in invited
        ]
    else:
        invited = Invitation.objects.filter(campaign=campaign, user=OuterRef("pk"))
        people = staff_in_scope(campaign).filter(~Exists(invited))
        rows = [
            Invitation(campaign=campaign, user_id=pk, invited_on=today, due_on=due_on)
            for pk in people.values_list("pk", flat=True).iterator(chunk_size=5000)
        ]
    if not rows:
        return 0
    with transaction.atomic():
        Invitation.objects.bulk_create(rows, batch_size=2000)
        _queue_step(
            Invitation.objects.filter(campaign=campaign, invited_on=today)
            .active()
            .filter(MAILABLE)
            .filter(~Exists(Dispatch.objects.filter(invitation=OuterRef("pk")))),
            Step.INVITATION,
        )
    return len(rows)


def withdraw_leavers(campaign: Campaign) -> int:
    """A guardian left with no child in the campaign (the children left, or
    their responsibility ended) is no longer reminded; their links keep
    showing what they confirmed."""
    if campaign.audience != Audience.PARENTS:
        return 0
    still_in = guardians_in_scope(campaign).filter(pk=OuterRef("guardian"))
    return (
        Invitation.objects.filter(campaign=campaign)
        .active()
        .filter(~Exists(still_in))
        .update(withdrawn_at=Now())
    )


# -- Reminders ------------------------------------------------------------------


def _queue_step(invitations: QuerySet, step: str, *, by=None) -> int:
    """One statement: a mail for ``step`` to every invitation selected, unless
    it had that step's mail already (the unique constraint skips it)."""
    select = invitations.order_by().annotate(
        _step=Value(step),
        _created=Now(),
        _by=Cast(Value(by.pk if by is not None else None), BigIntegerField()),
    )
    sql, params = select.values(
        "pk", "_step", "_created", "_by"
    ).query.sql_with_params()
    table = Dispatch._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (invitation_id, step, created_at, sent_by_id, "  # noqa: S608
            f"outcome) SELECT *, '' FROM ({sql}) AS due WHERE true "
            "ON CONFLICT DO NOTHING",
            params,
        )
        return max(cursor.rowcount, 0)


def queue_reminders(campaign: Campaign, *, today: date | None = None) -> int:
    """Queue the reminders due today for those still to confirm, latest step
    first; nobody gets two reminders within two days."""
    today = today or timezone.localdate()
    pending = progress.pending_invitations(campaign).filter(MAILABLE)
    two_days_ago = timezone.make_aware(
        timezone.datetime.combine(
            today - timedelta(days=1), timezone.datetime.min.time()
        )
    )
    recent = Dispatch.objects.filter(
        invitation=OuterRef("pk"), created_at__gte=two_days_ago
    )
    queued = 0
    if campaign.remind_on_due_date:
        queued += _queue_step(
            pending.filter(due_on__lte=today, due_on__gte=today - timedelta(days=2)),
            Step.ON_DUE,
        )
    if campaign.remind_before_days is not None:
        queued += _queue_step(
            pending.filter(
                due_on__gt=today,
                due_on__lte=today + timedelta(days=campaign.remind_before_days),
            ).filter(~Exists(recent)),
            Step.BEFORE_DUE,
        )
    if campaign.remind_after_days is not None:
        queued += _queue_step(
            pending.filter(
                due_on__gt=today,
                invited_on__lte=today - timedelta(days=campaign.remind_after_days),
            ).filter(~Exists(recent)),
            Step.AFTER_OPENING,
        )
    return queued


def run_campaigns(*, today: date | None = None) -> dict[str, int]:
    """What the scheduled command does: open campaigns whose day has come,
    invite newcomers, withdraw leavers, queue due reminders, and start one
    sending task when anything waits to be sent."""
    today = today or timezone.localdate()
    counts = {"invited": 0, "withdrawn": 0, "reminded": 0, "digests": 0}
    for campaign in Campaign.objects.running(today).prefetch_related(
        "schools", "groups"
    ):
        if today > campaign.due_on + timedelta(days=int(conf.get("GRACE_DAYS"))):
            continue
        counts["invited"] += invite_newcomers(campaign, today=today)
        counts["withdrawn"] += withdraw_leavers(campaign)
        counts["reminded"] += queue_reminders(campaign, today=today)
        counts["digests"] += queue_digests(campaign, today=today)
    tasks.queue_sending()
    return counts


def queue_digests(campaign: Campaign, *, today: date) -> int:
    """This week's overview for each director of a school in the campaign, once
    a week (the first run of the week; the database refuses a second)."""
    if campaign.audience != Audience.PARENTS:
        return 0
    year, week, _day = today.isocalendar()
    rows = [
        Digest(campaign=campaign, school=school, week=f"{year}-W{week:02}")
        for school in campaign.schools.all()
        if school.director_email
    ]
    before = Digest.objects.filter(campaign=campaign).count()
    Digest.objects.bulk_create(rows, ignore_conflicts=True)
    return Digest.objects.filter(campaign=campaign).count() - before


@transaction.atomic
def send_reminder_now(
    *, campaign: Campaign, by, group=None, invitation=None, today: date | None = None
) -> int:
    """ "Stuur herinnering": one reminder today to those still to confirm in
    ``campaign`` (one family, or a whole group), at most one a day each."""
    if not by.has_perm("campaigns.send_reminder"):
        raise PermissionDenied
    if campaign.closed_at is not None:
        raise ValidationError(_("This campaign is closed."))
    today = today or timezone.localdate()
    pending = progress.pending_invitations(campaign).filter(MAILABLE)
    if invitation is not None:
        pending = pending.filter(pk=invitation.pk)
    if group is not None:
        pending = pending.filter(
            Exists(
                Guardianship.objects.filter(
                    guardian=OuterRef("guardian"), pupil__group=group
                )
            )
        )
    queued = _queue_step(pending, f"manual-{today.isoformat()}", by=by)
    tasks.queue_sending()
    return queued
