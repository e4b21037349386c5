"""B8 (campaigns): starting a campaign for 10,000 guardians (12,000 children
at 20 schools, the B5 roster) and queueing their invitations, against a bare
``bulk_create`` of 10,000 task rows (django-tasks-db's ``DBTaskResult``: one
queued task per invitation); the reminder run's statements at 1,000 and at
10,000 people; the personal-link page's queries with one and with six children.

A campaign queues its invitations as one ``Dispatch`` row per person (the
database's one-mail-per-step record) and one sending task, so the comparison is
with the task rows a one-task-per-mail design would write.
"""

from __future__ import annotations

import datetime
import time
import uuid

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from campaigns import services, tokens
from campaigns.models import Invitation
from policy_pages.models import RuleSetPage
from rosters.models import Guardian, Guardianship, Pupil
from signoff.models import School

from . import roster

GUARDIANS = 10_000


def _campaign(page, today):
    return services.create_campaign(
        by=None,
        schools=list(School.objects.all()),
        title="Bench",
        rule_set=page,
        opens_on=today,
        due_on=today + datetime.timedelta(days=28),
        today=today,
    )


def _bare_task_rows(n: int) -> float:
    now = timezone.now()
    with transaction.atomic():
        start = time.perf_counter()
        DBTaskResult.objects.bulk_create(
            (
                DBTaskResult(
                    id=uuid.uuid4(),
                    args_kwargs={"args": [], "kwargs": {"invitation_id": i}},
                    task_path="campaigns.tasks.send_invitation",
                    queue_name="default",
                    backend_name="default",
                    run_after=now,
                    exception_class_path="",
                    traceback="",
                )
                for i in range(n)
            ),
            batch_size=1_000,
        )
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed


def _reminder_statements(page, guardians: int, today) -> int:
    """The reminder run's statements over ``guardians`` people still to confirm
    (the first of them, by keeping the rest out of the campaign's groups)."""
    with transaction.atomic():
        keep = set(
            Guardian.objects.order_by("pk").values_list("pk", flat=True)[:guardians]
        )
        Guardianship.objects.exclude(guardian__in=keep).update(
            parental_responsibility=False
        )
        campaign = _campaign(page, today)
        later = today + datetime.timedelta(days=8)
        with CaptureQueriesContext(connection) as queries:
            services.run_campaigns(today=later)
        queued = campaign.invitations.filter(dispatches__step__startswith="reminder")
        assert queued.count() == guardians, queued.count()
        transaction.set_rollback(True)
    return len(queries)


def _link_queries(page, today, children: int) -> int:
    with transaction.atomic():
        campaign = _campaign(page, today)
        invitation = Invitation.objects.filter(campaign=campaign).first()
        pupil = invitation.guardian.guardianships.first().pupil
        for n in range(children - 1):
            extra = Pupil.objects.create(
                school=pupil.school,
                group=pupil.group,
                external_id=f"B8-{n}",
                given_name=f"Kind{n}",
                family_name="Bench",
                name_key=f"kind{n} bench",
            )
            Guardianship.objects.create(guardian=invitation.guardian, pupil=extra)
        client = Client()
        # Opening the link notes it was opened and moves it into the session.
        opened = client.get(f"/nl/uitnodiging/{tokens.mint_token(invitation)}/")
        path = opened["Location"]
        client.get(path)  # warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, response.status_code
        transaction.set_rollback(True)
    return len(queries)


def run():
    roster.ensure_schools()
    page = RuleSetPage.objects.live().filter(audience__group__isnull=True).first()
    today = timezone.localdate()
    with transaction.atomic():
        roster._import(roster.roster_csv(roster.CHILDREN, GUARDIANS))
        bare = min(_bare_task_rows(GUARDIANS) for _ in range(3))
        made = []
        for _ in range(3):
            with transaction.atomic():
                start = time.perf_counter()
                campaign = _campaign(page, today)
                made.append(time.perf_counter() - start)
                invited = campaign.invitations.count()
                transaction.set_rollback(True)
        small = _reminder_statements(page, 1_000, today)
        large = _reminder_statements(page, GUARDIANS, today)
        one = _link_queries(page, today, 1)
        six = _link_queries(page, today, 6)
        transaction.set_rollback(True)
    yield (
        f"B8_campaign_start_over_bare_task_rows: {min(made) / bare:.2f} "
        f"({min(made) * 1000:.0f} ms for {invited:,} invitations and their queued "
        f"mails vs {bare * 1000:.0f} ms for {GUARDIANS:,} bare task rows) (goal: ≤ 3)"
    )
    yield (
        f"B8_reminder_run_statements: {small} for 1,000 and {large} for "
        f"{GUARDIANS:,} people to remind (goal: ≤ 20, flat)"
    )
    yield (
        f"B8_personal_link_page_queries: {one} with one child, {six} with six "
        "(goal: ≤ 10)"
    )
