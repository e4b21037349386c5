"""Campaign work done at once from many threads, each on its own database
connection (real transactions; the database is emptied after each test, so
these live in a file of their own): one link used from several browsers at
once, and two reminder runs and two sending workers at once."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from campaigns import services, tasks, tokens
from campaigns.models import CampaignConfirmation, Dispatch, Invitation, Step
from signoff.models import SignOff
from signoff.services import Shown
from tests.conftest import current

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(work, count):
    barrier = threading.Barrier(count)
    errors = []

    def run():
        try:
            barrier.wait(timeout=30)
            work()
        except Exception as error:  # collected, and asserted to be none
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_one_link_from_eight_browsers_at_once_makes_one_confirmation_per_child(
    make_campaign, family, parents_rule_set
):
    campaign = make_campaign()
    ingrid = Invitation.objects.get(campaign=campaign, guardian=family["ingrid"])
    token = tokens.mint_token(ingrid)
    shown = Shown.of(current(parents_rule_set))
    children = [family["daan"].pk, family["sara"].pk]

    def confirm():
        services.confirm_through_link(
            link=services.find_token(token), shown=shown, pupil_ids=children
        )

    assert _at_once(confirm, 8) == []
    assert SignOff.objects.filter(email_key="ingrid@example.org").count() == 2
    assert CampaignConfirmation.objects.count() == 2


def test_two_reminder_runs_and_two_workers_at_once_mail_each_person_once(
    make_campaign, family, monkeypatch
):
    campaign = make_campaign(remind_after_days=1)
    mail.outbox.clear()
    monkeypatch.setattr(tasks, "queue_sending", lambda: None)
    day = campaign.opens_on + datetime.timedelta(days=3)
    assert _at_once(lambda: services.run_campaigns(today=day), 2) == []
    assert Dispatch.objects.filter(step=Step.AFTER_OPENING).count() == 2
    assert _at_once(tasks.send_dispatches.call, 2) == []
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ingrid@example.org",
        "mehmet@example.org",
    ]
