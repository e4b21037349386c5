"""Sending a campaign's mails in the background (django-tasks; the database
backend and ``db_worker`` in production).

The reminder run only writes ``Dispatch`` rows (one per person and step, the
database refusing a second) and queues one ``send_dispatches`` task. Any
number of workers may run it at once: each claims a row with a conditional
UPDATE before sending, so each mail goes out once. A mail for someone who has
confirmed meanwhile is not sent (outcome "skipped").
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Now
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from signoff.landing import login_to
from signoff.tasks import _send

from . import conf, progress

logger = logging.getLogger(__name__)


def _site_url(site_url: str = "") -> str:
    return (site_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def queue_sending() -> None:
    """Start the sending tasks once the current transaction commits."""
    transaction.on_commit(lambda: send_dispatches.enqueue(), robust=True)
    transaction.on_commit(lambda: send_digests.enqueue(), robust=True)


def enqueue_new_link(*, email: str, site_url: str) -> None:
    transaction.on_commit(
        lambda: send_new_link.enqueue(email=email, site_url=site_url), robust=True
    )


def _language(invitation) -> str:
    """A guardian's language; staff get the site's (a staff language)."""
    codes = dict(settings.LANGUAGES)
    if invitation.guardian_id:
        code = invitation.guardian.language
        return code if code in codes else settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE


def _mail(invitation, step: str, site_url: str, pages: dict | None = None) -> None:
    """One campaign mail in the person's language (``pages``: the rule set per
    language, kept by the caller across a batch)."""
    from .tokens import mint_token

    campaign = invitation.campaign
    language = _language(invitation)
    pages = {} if pages is None else pages
    with translation.override(language):
        if language not in pages:
            pages[language] = progress.rule_set_in(campaign.rule_set, language)
        page = pages[language]
        if invitation.guardian_id:
            token = mint_token(invitation)
            link = _site_url(site_url) + reverse(
                "campaigns:open", kwargs={"token": token}
            )
            recipient = invitation.guardian.email
        else:
            # Through the staff login (the school account first, when there is
            # one); signed in already, it goes straight on to Mijn protocollen.
            link = _site_url(site_url) + login_to(reverse("signoff:my_protocols"))
            recipient = invitation.user.email
        context = {
            "campaign": campaign,
            "invitation": invitation,
            "title": page.title,
            "link": link,
            "reminder": step not in ("invitation", "new-link"),
            "introduction": campaign.introduction_in(language),
            "contact": getattr(page, "contact", "") or str(_("the school")),
            "staff": not invitation.guardian_id,
        }
        if step in ("invitation", "new-link"):
            subject = _("Please read and confirm: %(title)s") % {"title": page.title}
        else:
            subject = _("Reminder: please confirm %(title)s") % {"title": page.title}
        body = render_to_string("campaigns/email/invitation.txt", context)
    if recipient:
        _send(subject, body, recipient, language)


@task()
def send_dispatches(site_url: str = "") -> int:
    """Send every queued mail nobody has claimed; returns how many were sent.
    Per batch: one read of the rows, one query per campaign for who still has
    something to confirm, then each row is claimed (a conditional UPDATE) just
    before its mail. A mail that fails is given back for the next run, and the
    others go on."""
    from .models import Dispatch, Outcome

    sent = 0
    seen: set[int] = set()
    while True:
        batch = list(
            Dispatch.objects.filter(claimed_at__isnull=True)
            .exclude(pk__in=seen)
            .select_related(
                "invitation__campaign__rule_set",
                "invitation__guardian",
                "invitation__user",
            )
            .order_by("pk")[: int(conf.get("SEND_BATCH"))]
        )
        if not batch:
            return sent
        seen.update(d.pk for d in batch)
        by_campaign: dict[int, list] = {}
        for dispatch in batch:
            by_campaign.setdefault(dispatch.invitation.campaign_id, []).append(dispatch)
        for dispatches in by_campaign.values():
            campaign = dispatches[0].invitation.campaign
            pending = set(
                progress.pending_invitations(campaign)
                .filter(pk__in=[d.invitation_id for d in dispatches])
                .values_list("pk", flat=True)
            )
            pages: dict[str, object] = {}
            for dispatch in dispatches:
                if not Dispatch.objects.filter(
                    pk=dispatch.pk, claimed_at__isnull=True
                ).update(claimed_at=Now()):
                    continue  # another worker has it
                if dispatch.invitation_id not in pending or campaign.closed_at:
                    Dispatch.objects.filter(pk=dispatch.pk).update(
                        outcome=Outcome.SKIPPED
                    )
                    continue
                try:
                    _mail(dispatch.invitation, dispatch.step, site_url, pages)
                except Exception:
                    # Not sent: given back for the next run; the others go on.
                    Dispatch.objects.filter(pk=dispatch.pk).update(claimed_at=None)
                    logger.exception("Campaign mail %s failed", dispatch.pk)
                    continue
                Dispatch.objects.filter(pk=dispatch.pk).update(outcome=Outcome.SENT)
                sent += 1


@task()
def send_new_link(email: str, site_url: str = "") -> None:
    """Someone asked for a new link for ``email``: if it is a guardian's in a
    running campaign, mail them one (a new token) per campaign; else nothing."""
    from .models import Invitation

    for invitation in Invitation.objects.select_related(
        "campaign__rule_set", "guardian"
    ).filter(pk__in=progress.invitations_for_new_link(email)):
        if invitation.guardian.email:
            _mail(invitation, "new-link", site_url)


@task()
def send_digests(site_url: str = "") -> int:
    """Each queued weekly overview, to its school's director: per group, the
    children not covered yet, and a link to the campaign's progress."""
    from .models import Digest

    sent = 0
    for digest in Digest.objects.filter(claimed_at__isnull=True).select_related(
        "campaign__rule_set", "school"
    ):
        if not Digest.objects.filter(pk=digest.pk, claimed_at__isnull=True).update(
            claimed_at=Now()
        ):
            continue
        campaign, school = digest.campaign, digest.school
        late = progress.uncovered_children(campaign, school=school)
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(
                "campaigns/email/digest.txt",
                {
                    "campaign": campaign,
                    "school": school,
                    "late": late,
                    "link": _site_url(site_url)
                    + reverse(
                        "wagtailsnippets_campaigns_campaign:progress",
                        args=[campaign.pk],
                    ),
                },
            )
            subject = _("Weekly overview: %(campaign)s, %(school)s") % {
                "campaign": campaign.title,
                "school": school.name,
            }
        _send(subject, body, school.director_email, settings.LANGUAGE_CODE)
        sent += 1
    return sent
