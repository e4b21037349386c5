"""Personal links: finding one, confirming through it (or on paper by the
family's code), letters, the guardian's name, and asking for a new link."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rosters import services as roster_services
from rosters.models import Guardian, Guardianship
from signoff import ratelimit
from signoff import services as signoff_services
from signoff.models import Channel, SignOff
from signoff.people import ParentDetails, email_key

from .. import conf, progress, tasks
from ..models import (
    Campaign,
    CampaignConfirmation,
    Invitation,
    InvitationToken,
)
from ..tokens import mint_token, token_hash

logger = logging.getLogger(__name__)


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
    return find_by_hash(token_hash(token))


def find_by_hash(digest: str) -> InvitationToken:
    """``find_token`` for a link's hash (what a browser's session keeps)."""
    found = (
        InvitationToken.objects.select_related(
            "invitation__campaign__rule_set", "invitation__guardian"
        )
        .filter(token_hash=digest)
        .first()
        if digest
        else None
    )
    if found is None or found.invitation.guardian_id is None:
        raise LinkError("unknown")
    if found.revoked_at is not None or found.invitation.campaign.closed_at:
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
    """Every personal link of this invitation stops working (a lost letter, a
    forwarded mail); a new link can be sent with a reminder."""
    if not by.has_perm("campaigns.change_campaign"):
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
        # A confirmation names its signer: the roster's name, else what we have.
        name=guardian.name or guardian.email or str(guardian),
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
    if signed_on < invitation.invited_on:
        raise ValidationError(
            _("The slip cannot be signed before the letter was sent (%(date)s).")
            % {"date": date_format(invitation.invited_on, "j F Y")}
        )
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
    if campaign.closed_at is not None:
        raise ValidationError(_("This campaign is closed."))
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
    """Someone typed an e-mail address to get a new link. Returns False when
    the address or the client has asked too often (the caller says so, the
    same whether or not the school knows the address). Otherwise one task is
    queued whatever the address: the worker looks the address up and mails a
    new link if it is a guardian's in a running campaign, so neither the
    answer nor its timing tells who is on the roster."""
    key = email_key(email)
    digest = hashlib.sha256(key.encode()).hexdigest()
    limits = conf.get("NEW_LINK_LIMITS")
    over = [
        ratelimit.count_attempt(f"newlink:email:{digest}", int(w)) > int(n)
        for n, w in limits
    ] + [
        ratelimit.count_attempt(f"newlink:client:{client}", int(w)) > int(n)
        for n, w in conf.get("NEW_LINK_CLIENT_LIMITS")
    ]
    if any(over) or not key:
        return False
    tasks.enqueue_new_link(email=key, site_url=site_url)
    return True
