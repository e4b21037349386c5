"""With production's queue in the database, a confirmation's mail is queued in the
confirmation's own transaction: one commit makes both visible, a rollback neither."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from signoff import services
from signoff.models import SignOff
from tests.conftest import current, parent_details

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def _mails():
    return DBTaskResult.objects.filter(task_path__startswith="signoff.tasks.")


def _claim(page, school, **details):
    version = current(page)
    return services.confirm(
        services.Shown.of(version),
        channel="parent_form",
        parent=parent_details(school, **details),
    )


def test_the_mail_is_queued_inside_the_confirmations_transaction(
    database_queue, parents_rule_set, school
):
    with pytest.raises(RuntimeError), transaction.atomic():
        _claim(parents_rule_set, school)
        # Before the commit: the claim and its queued mail, in one transaction.
        assert SignOff.objects.count() == 1
        assert _mails().count() == 1
        raise RuntimeError("roll back")
    assert SignOff.objects.count() == 0
    assert _mails().count() == 0

    _claim(parents_rule_set, school)
    [queued] = _mails()
    assert queued.task_path == "signoff.tasks.send_verification_link"


def test_a_refused_confirmation_queues_nothing(
    database_queue, parents_rule_set, school
):
    version = current(parents_rule_set)
    stale = services.Shown(version.page_id, version.number, "sha256:other", "nl")
    with pytest.raises(services.StaleVersionError):
        services.confirm(stale, channel="parent_form", parent=parent_details(school))
    assert _mails().count() == 0
