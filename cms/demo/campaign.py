"""The demo's campaign: the pupils-and-parents rules at all three schools,
opened ten days ago, with part of the families confirmed through their
personal link, the first reminder sent, and the letters of one group printed.

The mails the demo "sent" go nowhere (they were sent before you started the
site); ask for a new link or send a reminder to see one in the console."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.test.utils import override_settings
from django.utils import timezone

from campaigns import progress, services, tasks, tokens
from campaigns.models import Campaign, Dispatch
from policy_pages.models import RuleSetPage
from signoff.models import School, SchoolGroup
from signoff.services import Shown

from . import content as c

TITLE = "Gedragsregels sociale media, schooljaar 2026-2027"
INTRODUCTION = {
    "nl": (
        "Beste ouders en verzorgers,\n\nDit schooljaar vragen we alle gezinnen "
        "opnieuw of ze de gedragsregels voor sociale media kennen. Het kost een "
        "minuut."
    ),
    "en": (
        "Dear parents and carers,\n\nThis school year we ask every family again "
        "whether they know the rules for social media. It takes a minute."
    ),
}
LETTER_GROUP = ("de-vlinder", "groep-3")


def load_campaign(officer) -> str:
    """Run the demo campaign once; says what was made."""
    if Campaign.objects.filter(title=TITLE).exists():
        return "campaign (there already)"
    page = RuleSetPage.objects.get(
        slug=c.PUPILS["slug"], locale__language_code=settings.LANGUAGE_CODE
    )
    today = timezone.localdate()
    opened = today - datetime.timedelta(days=10)
    # Each school's director gets the weekly overview of who is late.
    for school in School.objects.filter(director_email=""):
        school.director_email = f"directeur@{school.token}.example"
        school.save(update_fields=["director_email"])
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    ):
        campaign = services.create_campaign(
            by=officer,
            schools=list(School.objects.all()),
            title=TITLE,
            rule_set=page,
            opens_on=opened,
            due_on=today + datetime.timedelta(days=11),
            introduction=INTRODUCTION,
            today=opened,
        )
        tasks.send_dispatches.call()
        # The invitations went out when the campaign opened, ten days ago.
        Dispatch.objects.filter(invitation__campaign=campaign).update(
            created_at=timezone.now() - datetime.timedelta(days=10)
        )
        shown = Shown.of(page.current_version)
        pending = list(
            progress.pending_invitations(campaign)
            .exclude(guardian__email_key="")
            .select_related("guardian", "campaign__rule_set")
            .order_by("pk")
        )
        confirmed = 0
        for number, invitation in enumerate(pending):
            if number % 5 == 4:  # one in five opened the link and stopped there
                invitation.opened_at = timezone.now()
                invitation.save(update_fields=["opened_at"])
                continue
            if number % 5 in (0, 1, 2):
                continue
            link = services.find_token(tokens.mint_token(invitation))
            services.note_opened(link)
            children = [
                c.pupil.pk
                for c in progress.children_of(invitation)
                if c.responsible and c.confirmation is None
            ]
            if children:
                services.confirm_through_link(
                    link=link, shown=shown, pupil_ids=children, notify=False
                )
                confirmed += 1
        reminded = services.run_campaigns(today=today)["reminded"]
        # Send now, into the void: the task queued for after the commit then
        # finds nothing left to send (no demo mail reaches the console).
        tasks.send_dispatches.call()
        school, group = LETTER_GROUP
        services.prepare_letters(
            campaign=campaign,
            group=SchoolGroup.objects.get(school__token=school, token=group),
            by=officer,
        )
    return (
        f"campaign: {campaign.invitations.count()} families invited, "
        f"{confirmed} confirmed through their link, {reminded} reminded"
    )
