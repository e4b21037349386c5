"""Issue 7, item 22: no new version goes live without its own change note.

The rule (``services.new_version_errors``) is checked where every path to
publication passes: ``VersionedPageMixin.publish`` (revision.publish(), the
workflow, @workflow, scheduled publishing) and the admin's edit form.
"""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from policy_pages import services
from policy_pages.models import PolicyVersion, PublishRefused, RuleSetPage
from tests.factories import rule

from .test_admin import edit_data

STAFF = "/++api++/nl/protocol-sociale-media/gedragsregels-medewerkers"
NO_NOTE = "Schrijf wat er veranderd is. Dit is verplicht bij elke nieuwe versie."


def numbers(page):
    return [v.number for v in PolicyVersion.objects.for_page(page).order_by("pk")]


def draft_without_note(page, **changes):
    page = type(page).objects.get(pk=page.pk)
    page.rules = [*page.rules.raw_data, rule("Nieuwe regel.")]
    page.version_change_note = ""
    for name, value in changes.items():
        setattr(page, name, value)
    return page.save_revision()


def test_revision_publish_without_a_note_is_refused(make_rule_set):
    page = make_rule_set()
    revision = draft_without_note(page)
    with pytest.raises(PublishRefused) as refused:
        revision.publish()
    assert refused.value.message_dict == {"version_change_note": [NO_NOTE]}
    page.refresh_from_db()
    assert page.live_revision_id != revision.pk
    assert numbers(page) == ["1.0"]


def test_revision_publish_with_the_previous_note_is_refused(make_rule_set):
    page = make_rule_set()
    revision = draft_without_note(page, version_change_note="Eerste versie")
    with pytest.raises(PublishRefused):
        revision.publish()
    assert numbers(page) == ["1.0"]


def test_the_first_version_still_defaults_to_eerste_versie(make_rule_set):
    page = make_rule_set(version_change_note="")
    [version] = PolicyVersion.objects.for_page(page)
    assert version.change_note == "Eerste versie"


def test_a_publish_without_a_content_change_needs_no_note(make_rule_set):
    page = make_rule_set()
    page = type(page).objects.get(pk=page.pk)
    page.version_change_note = ""
    page.save_revision().publish()
    assert numbers(page) == ["1.0"]


def test_record_version_itself_never_makes_up_a_note(make_rule_set):
    page = make_rule_set()
    revision = draft_without_note(page)
    with pytest.raises(PublishRefused):
        services.record_version(page=page, revision=revision)
    assert numbers(page) == ["1.0"]


def test_scheduling_a_publish_without_a_note_is_refused(make_rule_set):
    page = make_rule_set()
    go_live = timezone.now() + datetime.timedelta(days=2)
    revision = draft_without_note(page, go_live_at=go_live)
    with pytest.raises(PublishRefused):
        revision.publish()
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None


def test_publish_scheduled_does_not_publish_a_version_without_a_note(make_rule_set):
    page = make_rule_set()
    # A revision scheduled by other means (before this rule, or by a script).
    revision = draft_without_note(
        page, go_live_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    type(revision).objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(PublishRefused):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live_revision_id != revision.pk
    assert numbers(page) == ["1.0"]


# -- @workflow ---------------------------------------------------------------------


@pytest.fixture
def demo(db):
    from cms.demo.loader import load_demo

    cache.clear()
    load_demo()
    return RuleSetPage.objects.get(slug="gedragsregels-medewerkers")


def user(name):
    return get_user_model().objects.get(username=name)


def post(client, transition, body=None):
    return client.post(
        f"{STAFF}/@workflow/{transition}",
        json.dumps(body or {}),
        content_type="application/json",
    )


def test_workflow_submit_without_a_note_is_a_dutch_400(client, demo):
    draft_without_note(demo)
    client.force_login(user("redacteur"))
    response = post(client, "submit")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "Dit concept kan nog geen nieuwe versie worden."
    assert body["errors"] == [{"field": "version_change_note", "message": NO_NOTE}]
    demo.refresh_from_db()
    assert not demo.workflow_in_progress


def test_workflow_approve_without_a_note_is_refused_and_nothing_published(client, demo):
    # The draft lost its note after it was submitted (saved again in moderation).
    demo.get_workflow().start(demo, user("redacteur"))
    draft_without_note(demo)
    client.force_login(user("goedkeurder"))
    response = post(client, "approve", {"comment": "Akkoord"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == NO_NOTE
    assert numbers(demo) == ["1.0", "2.0"]
    demo.refresh_from_db()
    assert demo.workflow_in_progress
    assert demo.current_workflow_state.current_task_state.status == "in_progress"


def test_workflow_approve_after_the_note_is_written_publishes(client, demo):
    demo.get_workflow().start(demo, user("redacteur"))
    draft_without_note(demo, version_change_note="Regel erbij", version_material=False)
    client.force_login(user("goedkeurder"))
    assert post(client, "approve").status_code == 200
    latest = PolicyVersion.objects.for_page(demo).latest_first().first()
    assert (latest.number, latest.change_note) == ("2.1", "Regel erbij")


def test_dashboard_approve_without_a_note_says_why_instead_of_a_500(client, demo):
    demo.get_workflow().start(demo, user("redacteur"))
    draft_without_note(demo)
    demo.refresh_from_db()
    task_state = demo.current_workflow_state.current_task_state
    client.force_login(user("goedkeurder"))
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[demo.pk, "approve", task_state.pk],
    )
    response = client.post(
        url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["step"] == "success"
    assert data["redirect"] == reverse("wagtailadmin_pages:edit", args=[demo.pk])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert NO_NOTE in messages[-1]
    assert numbers(demo) == ["1.0", "2.0"]
    demo.refresh_from_db()
    assert demo.workflow_in_progress


def test_an_approver_may_reject_a_draft_without_a_note(client, demo):
    demo.get_workflow().start(demo, user("redacteur"))
    draft_without_note(demo)
    page = RuleSetPage.objects.get(pk=demo.pk).get_latest_revision_as_object()
    client.force_login(user("goedkeurder"))
    data = edit_data(page, action="action-workflow-action")
    data["workflow-action-name"] = "reject"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[demo.pk]), data)
    assert response.status_code == 302
    demo.refresh_from_db()
    assert not demo.workflow_in_progress


def test_bulk_publish_without_a_note_is_refused_in_dutch(client, demo, superuser):
    draft_without_note(demo)
    client.force_login(superuser)
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        + f"?id={demo.pk}"
    )
    response = client.post(url)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert NO_NOTE in messages[-1]
    assert numbers(demo) == ["1.0", "2.0"]
