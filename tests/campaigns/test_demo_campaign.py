"""The demo's campaign: at all three schools, part of the families confirmed,
the first reminder sent, one group's letters printed; and the README's way to
a personal link (ask for a new one) works for the guardian it names."""

import pytest
from django.core import mail

from campaigns import progress
from campaigns.models import Campaign, Dispatch, Outcome, Step
from cms.demo.loader import load_demo
from signoff.models import Channel, School, SignOff

pytestmark = pytest.mark.django_db


def test_the_demo_runs_a_campaign_and_the_readme_link_works(client, mail_at_once):
    report = load_demo(campaign=True)
    assert any(line.startswith("campaign:") for line in report.created)
    campaign = Campaign.objects.get()
    assert set(campaign.schools.all()) == set(School.objects.all())
    confirmed = SignOff.objects.filter(channel=Channel.INVITATION).count()
    pending = progress.pending_invitations(campaign).count()
    assert confirmed > 50 and pending > 50
    assert Dispatch.objects.filter(
        step=Step.AFTER_OPENING, outcome=Outcome.SENT
    ).exists()
    assert campaign.invitations.filter(tokens__isnull=False, guardian__email_key="")
    # Loading again changes nothing.
    assert load_demo(campaign=True).created == ["campaign (there already)"]
    mail.outbox.clear()
    client.post(
        "/nl/uitnodiging/nieuwe-link/", {"email": "piotr.visser.1004@example.net"}
    )
    (message,) = mail.outbox
    link = next(
        line.strip() for line in message.body.splitlines() if "/uitnodiging/" in line
    )
    page = client.get("/" + link.split("/", 3)[3], follow=True)
    assert page.status_code == 200
    assert "Piotr Visser" in page.content.decode()
