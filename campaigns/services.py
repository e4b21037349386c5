"""The only writers of campaigns' rows: starting a campaign, inviting,
queueing reminders, personal links, and confirming through them or on paper.

The reminder run works in a constant number of statements whatever the number
of people (``INSERT … SELECT … ON CONFLICT DO NOTHING``): who is still to
confirm is a query, never a loop over people, and the database's one-mail-per-
step constraint decides who gets a mail, so two runs at once mail nobody twice.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import BigIntegerField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Now
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rosters import services as roster_services
from rosters.models import Guardian, Guardianship, StaffMembership
from signoff import ratelimit
from signoff import services as signoff_services
from signoff.models import Channel, SignOff
from signoff.people import ParentDetails, email_key

from . import conf, progress, tasks
from .models import (
    Audience,
    Campaign,
    CampaignConfirmation,
    Dispatch,
    Invitation,
    InvitationToken,
    Step,
    new_short_code,
)
from .tokens import mint_token, token_hash

logger = logging.getLogger(__name__)


# Who can be mailed: staff, and guardians with an address (the others get a letter).
MAILABLE = Q(user__isnull=False) | ~Q(guardian__email_key="")


def may_manage(user) -> bool:
    return user.has_perm("campaigns.add_campaign")


# -- Starting and inviting ------------------------------------------------------


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
    campaign.full_clean(exclude=["rule_set"])
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
    campaign.full_clean(exclude=["rule_set"])
    campaign._history_user = by
    campaign.save()
    campaign.schools.set(schools)
    campaign.groups.set(groups)
    if campaign.opens_on <= (today or timezone.localdate()):
        invite_newcomers(campaign, today=today)
        tasks.queue_sending()
    return campaign


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
    counts = {"invited": 0, "withdrawn": 0, "reminded": 0}
    for campaign in Campaign.objects.running(today).prefetch_related(
        "schools", "groups"
    ):
        if today > campaign.due_on + timedelta(days=int(conf.get("GRACE_DAYS"))):
            continue
        counts["invited"] += invite_newcomers(campaign, today=today)
        counts["withdrawn"] += withdraw_leavers(campaign)
        counts["reminded"] += queue_reminders(campaign, today=today)
    tasks.queue_sending()
    return counts


@transaction.atomic
def send_reminder_now(
    *, campaign: Campaign, by, group=None, invitation=None, today: date | None = None
) -> int:
    """ "Stuur herinnering": one reminder today to those still to confirm in
    ``campaign`` (one family, or a whole group), at most one a day each."""
    if not by.has_perm("campaigns.send_reminder"):
        raise PermissionDenied
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


# -- Personal links -----------------------------------------------------------


class LinkError(Exception):
    """The link cannot be used. ``reason``: "unknown" (forged or mistyped),
    "expired" or "revoked"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def find_token(token: str) -> InvitationToken:
    """The link behind ``token``, with its invitation, campaign and guardian
    (one query); raises ``LinkError``."""
    if not token or len(token) > 64:
        raise LinkError("unknown")
    found = (
        InvitationToken.objects.select_related(
            "invitation__campaign__rule_set", "invitation__guardian"
        )
        .filter(token_hash=token_hash(token))
        .first()
    )
    if found is None or found.invitation.guardian_id is None:
        raise LinkError("unknown")
    if found.revoked_at is not None:
        raise LinkError("revoked")
    if found.expires_at <= timezone.now():
        raise LinkError("expired")
    return found


def note_opened(link: InvitationToken) -> None:
    """The funnel's "link opened": the first time only."""
    if link.invitation.opened_at is None:
        Invitation.objects.filter(pk=link.invitation_id, opened_at__isnull=True).update(
            opened_at=Now()
        )


@transaction.atomic
def revoke_links(*, invitation: Invitation, by) -> int:
    if not may_manage(by):
        raise PermissionDenied
    return invitation.tokens.filter(revoked_at__isnull=True).update(revoked_at=Now())


class NotResponsibleError(Exception):
    """The guardian may read but not confirm for this child."""


def _confirm_for_child(
    *,
    shown,
    invitation,
    pupil,
    guardian,
    channel,
    site_url,
    token=None,
    notify=True,
    **paper,
):
    parent = ParentDetails(
        name=guardian.name or guardian.email,
        email=guardian.email,
        child_name=pupil.full_name,
        school=pupil.school,
        group=pupil.group,
        parental_responsibility=True,
        preferred_language=guardian.language,
    )
    result = signoff_services.confirm(
        shown,
        channel=channel,
        parent=parent,
        known=True,
        site_url=site_url,
        round=invitation.campaign.round_key,
        notify=notify,
        **paper,
    )
    CampaignConfirmation.objects.get_or_create(
        signoff=result.signoff,
        defaults={"invitation": invitation, "pupil": pupil, "token": token},
    )
    roster_services.match_to_pupil(
        signoff=result.signoff, pupil=pupil, guardian=guardian
    )
    return result


@transaction.atomic
def confirm_through_link(
    *,
    link: InvitationToken,
    shown,
    pupil_ids: list[int],
    site_url: str = "",
    notify: bool = True,
) -> list[SignOff]:
    """ "Akkoord" on the personal link: a verified confirmation (channel
    "invitation", the link as evidence) for each chosen child the guardian has
    parental responsibility for and who is in the campaign. A child confirmed
    already (another browser, a moment ago) keeps their one confirmation."""
    invitation = link.invitation
    guardian = invitation.guardian
    children = progress.children_of(invitation)
    chosen = [c for c in children if c.pupil.pk in set(pupil_ids)]
    if not chosen or len(chosen) != len(set(pupil_ids)):
        raise ValidationError(_("Choose the children you confirm for."))
    if any(not c.responsible for c in chosen):
        raise NotResponsibleError
    return [
        _confirm_for_child(
            shown=shown,
            invitation=invitation,
            pupil=c.pupil,
            guardian=guardian,
            channel=Channel.INVITATION,
            site_url=site_url,
            token=link,
            notify=notify,
        ).signoff
        for c in chosen
    ]


LINK_MESSAGES = {
    "unknown": gettext_lazy("This invitation is not valid."),
    "expired": gettext_lazy(
        "This invitation has expired. Ask the school for a new link."
    ),
    "revoked": gettext_lazy(
        "This invitation is no longer valid. Ask the school for a new link."
    ),
    "other_rules": gettext_lazy("This invitation is for other rules."),
    "nothing": gettext_lazy("This invitation has no child you can confirm for."),
}


@transaction.atomic
def confirm_with_token(
    *, token: str, shown, page, site_url: str = ""
) -> list[signoff_services.Confirmed]:
    """``POST …/@signoff`` with an invitation token (the ++api++): confirm for
    each child the guardian is responsible for in the campaign; a child
    confirmed already keeps their confirmation (returned, not new)."""
    try:
        link = find_token(token)
    except LinkError as error:
        raise signoff_services.InvalidInvitationError(
            LINK_MESSAGES[error.reason]
        ) from None
    if page.translation_key != link.invitation.campaign.rule_set.translation_key:
        raise signoff_services.InvalidInvitationError(LINK_MESSAGES["other_rules"])
    children = [c for c in progress.children_of(link.invitation) if c.responsible]
    if not children:
        raise signoff_services.InvalidInvitationError(LINK_MESSAGES["nothing"])
    return [
        _confirm_for_child(
            shown=shown,
            invitation=link.invitation,
            pupil=c.pupil,
            guardian=link.invitation.guardian,
            channel=Channel.INVITATION,
            site_url=site_url,
            token=link,
        )
        for c in children
    ]


@transaction.atomic
def record_paper_slip(
    *, invitation: Invitation, shown, pupil_ids: list[int], signed_on: date, by
) -> list[SignOff]:
    """An officer enters a letter's signed tear-off slip, found by its code:
    channel "paper", entered by the officer."""
    if not by.has_perm("signoff.add_paper_signoff"):
        raise PermissionDenied
    if signed_on > timezone.localdate():
        raise ValidationError(_("The date signed cannot be in the future."))
    children = [
        c
        for c in progress.children_of(invitation)
        if c.pupil.pk in set(pupil_ids) and c.responsible
    ]
    if not children:
        raise ValidationError(_("Choose the children the slip is signed for."))
    return [
        _confirm_for_child(
            shown=shown,
            invitation=invitation,
            pupil=c.pupil,
            guardian=invitation.guardian,
            channel=Channel.PAPER,
            site_url="",
            acted_by=by,
            paper_signed_on=signed_on,
        ).signoff
        for c in children
    ]


@dataclass
class Letter:
    """One family's printed letter: their invitation, a new personal link's
    secret (for the QR code) and the children it is for."""

    invitation: Invitation
    token: str
    children: list


@transaction.atomic
def prepare_letters(
    *, campaign: Campaign, group, by, everyone: bool = False
) -> list[Letter]:
    """Letters for the families of ``group`` still to confirm that have no
    e-mail address (``everyone``: all still to confirm). Each letter carries a
    new personal link (its QR code): printing is a write, so it is a POST."""
    if not by.has_perm("campaigns.view_contact_details"):
        raise PermissionDenied
    pending = progress.pending_invitations(campaign).filter(
        Exists(
            Guardianship.objects.filter(
                guardian=OuterRef("guardian"),
                pupil__group=group,
                pupil__left_on__isnull=True,
            )
        )
    )
    if not everyone:
        pending = pending.filter(guardian__email_key="")
    letters = []
    for invitation in pending.select_related("guardian", "campaign__rule_set").order_by(
        "guardian__name", "pk"
    ):
        children = [c for c in progress.children_of(invitation) if c.responsible]
        letters.append(Letter(invitation, mint_token(invitation), children))
    return letters


def find_by_code(code: str) -> Invitation | None:
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())[:8]
    if len(code) != 8:
        return None
    return (
        Invitation.objects.select_related("campaign__rule_set", "guardian")
        .filter(short_code=f"{code[:4]}-{code[4:]}")
        .first()
    )


def correct_name(*, link: InvitationToken, name: str) -> Guardian:
    """The guardian corrects their own name through their link."""
    return roster_services.correct_guardian_name(
        guardian=link.invitation.guardian, name=name
    )


def request_new_link(*, email: str, client: str, site_url: str = "") -> bool:
    """Someone typed an e-mail address to get a new link. When it is a
    guardian's in a running campaign, a new link is mailed. The caller answers
    the same whatever this returns (nobody learns who is on the roster);
    attempts are limited per address typed and per client."""
    key = email_key(email)
    limits = conf.get("NEW_LINK_LIMITS")
    digest = hashlib.sha256(key.encode()).hexdigest()
    over_email = any(
        ratelimit.count_attempt(f"newlink:email:{digest}", int(w)) > int(n)
        for n, w in limits
    )
    over_client = any(
        ratelimit.count_attempt(f"newlink:client:{client}", int(w)) > int(n) * 5
        for n, w in limits
    )
    if over_email or over_client or not key:
        return False
    today = timezone.localdate()
    grace = timedelta(days=int(conf.get("GRACE_DAYS")))
    invitations = list(
        Invitation.objects.active()
        .filter(
            guardian__email_key=key,
            campaign__in=Campaign.objects.running(today),
            due_on__gte=today - grace,
        )
        .values_list("pk", flat=True)
    )
    for pk in invitations:
        tasks.enqueue_new_link(invitation_id=pk, site_url=site_url)
    return bool(invitations)
